// Shared by every target: a policy chosen by one input byte (no Arbitrary), and the invariants
// every Outcome must hold whatever the input.
#![allow(dead_code)]
use upgrade_handshake::{Decision, DeflatePolicy, Outcome, Policy};

/// Bit 0: h2c, 1: TLS/1.0, 2: permessage-deflate, 3: edge, 4: require-TLS, 5: trail off,
/// 6: small limits (256 bytes, 4 fields), 7: subprotocols + origins.
pub fn policy(knobs: u8) -> Policy {
    let mut p = Policy::default();
    if knobs & 1 != 0 {
        p.upgrades.push("h2c".into());
    }
    if knobs & 2 != 0 {
        p.upgrades.push("TLS/1.0".into());
    }
    if knobs & 4 != 0 {
        p.permessage_deflate = Some(DeflatePolicy {
            server_max_window_bits: Some(10),
            client_max_window_bits: Some(12),
            ..DeflatePolicy::default()
        });
    }
    p.edge = knobs & 8 != 0;
    p.require_tls = knobs & 16 != 0;
    p.trail = knobs & 32 == 0;
    if knobs & 64 != 0 {
        p.max_head_bytes = 256;
        p.max_headers = 4;
    }
    if knobs & 128 != 0 {
        p.protocols = vec!["chat".into(), "superchat".into()];
        p.origins = vec!["http://example.com".into()];
    }
    p
}

/// What must hold for every outcome: a 101 only for a switch, never for a rejection; no CR,
/// LF or NUL in any response field; the serialized head ends once, with the blank line.
pub fn check(out: &Outcome, policy: &Policy) {
    match &out.decision {
        Decision::Switch(s) => {
            assert_eq!(s.response.status(), 101);
            assert!(
                policy.performs_public(&s.protocol),
                "switched to {} which the policy does not perform",
                s.protocol
            );
        }
        Decision::Reject(r) => {
            assert_ne!(r.response.status(), 101, "a rejection carries 101");
            assert!((400..600).contains(&r.response.status()));
        }
        Decision::Pass(p) => {
            for (n, v) in &p.headers {
                assert!(clean(n) && clean(v));
            }
        }
        Decision::Incomplete => {}
    }
    if let Some(resp) = out.response() {
        for (n, v) in resp.headers() {
            assert!(clean(n) && clean(v), "response field {n:?}: {v:?}");
        }
        let bytes = resp.to_vec();
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("head ends");
        // Every line of the head ends in CRLF; no bare CR, LF or NUL inside a line.
        for line in bytes[..end].split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(
                !line.iter().any(|&b| b == b'\r' || b == b'\n' || b == 0),
                "bare CR/LF/NUL in {line:?}"
            );
        }
        assert!(bytes[..end + 2]
            .split(|&b| b == b'\n')
            .all(|l| l.is_empty() || l.ends_with(b"\r")));
    }
}

fn clean(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

pub trait PerformsPublic {
    fn performs_public(&self, protocol: &str) -> bool;
}

impl PerformsPublic for Policy {
    /// What the policy performs, seen from outside (names case-insensitive, versions exact).
    fn performs_public(&self, protocol: &str) -> bool {
        let eq = |a: &str, b: &str| {
            let (an, av) = a.split_once('/').map_or((a, None), |(n, v)| (n, Some(v)));
            let (bn, bv) = b.split_once('/').map_or((b, None), |(n, v)| (n, Some(v)));
            an.eq_ignore_ascii_case(bn) && av == bv
        };
        (self.require_tls && eq(protocol, "TLS/1.0"))
            || self.upgrades.iter().any(|u| eq(u, protocol))
    }
}
