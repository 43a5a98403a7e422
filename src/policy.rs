//! What this endpoint allows: the upgrades it performs, WebSocket subprotocols and origins,
//! permessage-deflate, require-TLS and the head limits.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::error::PolicyError;
use crate::list::is_token;

/// The server's policy. `Policy::default()` performs WebSocket only, with no subprotocols, no
/// origin restriction, no compression, limits of 16 KiB and 100 fields, and the trail on.
///
/// Invalid entries (a subprotocol `"a\r\nb"`, an upgrade token `"h2"`, window bits of 20) are a
/// local misuse: [`Policy::validate`] reports them, and [`negotiate`](crate::negotiate) treats
/// them as not supported, so they can never reach a response.
///
/// ```
/// use upgrade_handshake::{Policy, DeflatePolicy};
/// let policy = Policy {
///     protocols: vec!["chat".into()],
///     origins: vec!["https://example.com".into()],
///     permessage_deflate: Some(DeflatePolicy::default()),
///     ..Policy::default()
/// };
/// assert!(policy.validate().is_ok());
/// let bad = Policy { protocols: vec!["a\r\nb".into()], ..Policy::default() };
/// assert_eq!(bad.validate().unwrap_err().field, "protocols");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Protocol tokens this endpoint performs (RFC 9110 §7.8): `"websocket"`, `"h2c"`,
    /// `"TLS/1.0"`, or any other `name["/"version]`. Names match ASCII case-insensitively,
    /// versions exactly. `"h2"` is never honoured in cleartext (RFC 7540 §3.2).
    pub upgrades: Vec<String>,
    /// WebSocket subprotocols supported. The first one the *client* offers that is in this
    /// list wins (case-sensitive match); order here is irrelevant.
    pub protocols: Vec<String>,
    /// Allowed serialized origins (`scheme://host[:port]`). Empty: no origin policy. Otherwise
    /// a request whose `Origin` matches none (scheme and host ASCII-case-insensitively) gets
    /// 403; a request with no `Origin` (not a browser) is allowed.
    pub origins: Vec<String>,
    /// The authorities this endpoint answers for (RFC 6455 §4.2.1 item 2: the Host names the
    /// server's authority), as `host` (any port) or `host:port`. Empty: any. Otherwise a request
    /// naming another authority, in `Host` or in an absolute-form target (which wins, RFC 9112
    /// §3.2.2), gets 421: the defence against DNS rebinding that an Origin check misses.
    pub hosts: Vec<String>,
    /// permessage-deflate (RFC 7692); `None` = off.
    pub permessage_deflate: Option<DeflatePolicy>,
    /// The connection is cleartext and this endpoint requires TLS first (RFC 2817 §4.2):
    /// anything but an `Upgrade: TLS/1.0` offer gets 426. Implies `"TLS/1.0"` is performed.
    /// Clear it once the connection is secured.
    pub require_tls: bool,
    /// This endpoint serves only the protocols it upgrades to (a WebSocket-only route, say): a
    /// request that offers none of them gets 426 with `Upgrade` listing them (RFC 9110
    /// §15.5.22) instead of [`Pass`](crate::Pass).
    pub require_upgrade: bool,
    /// Edge mode: a proxy in front (e.g. a CDN) rewrites `Connection`, so its `upgrade` token is
    /// not required; a "warn" check is recorded instead.
    pub edge: bool,
    /// The largest request head accepted, in bytes (431 past it; 414 when the request line
    /// alone does not fit).
    pub max_head_bytes: usize,
    /// The most header fields accepted (431 past it).
    pub max_headers: usize,
    /// Accept a bare LF as a line end in a request head, as RFC 9112 §2.2 lets a recipient
    /// (off by default: a head with one is answered 400). When on, the trail warns which line
    /// did it: a parser in front that reads line ends differently may see another request.
    pub lenient_line_ends: bool,
    /// Record the checks in [`Outcome::checks`](crate::Outcome::checks); `false` skips
    /// building the trail (the cheap path).
    pub trail: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            upgrades: vec![String::from("websocket")],
            protocols: Vec::new(),
            origins: Vec::new(),
            hosts: Vec::new(),
            permessage_deflate: None,
            require_tls: false,
            require_upgrade: false,
            edge: false,
            max_head_bytes: 16 * 1024,
            max_headers: 100,
            lenient_line_ends: false,
            trail: true,
        }
    }
}

/// permessage-deflate parameters this server wants (RFC 7692 §7.1).
///
/// `server_no_context_takeover` and `client_no_context_takeover` are added to every accepted
/// offer when true. `server_max_window_bits` caps the server's window (answered whenever set,
/// or when the client asked for a cap). `client_max_window_bits` is answered only when the
/// client's offer carried `client_max_window_bits` (RFC 7692 §7.1.2.2).
///
/// ```
/// let d = upgrade_handshake::DeflatePolicy { server_max_window_bits: Some(10), ..Default::default() };
/// assert!(d.server_max_window_bits.is_some());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeflatePolicy {
    /// Always answer `server_no_context_takeover`.
    pub server_no_context_takeover: bool,
    /// Always answer `client_no_context_takeover`.
    pub client_no_context_takeover: bool,
    /// The largest LZ77 window the server will use (8..=15).
    pub server_max_window_bits: Option<u8>,
    /// The largest LZ77 window the client may use (8..=15), if the client lets us cap it.
    pub client_max_window_bits: Option<u8>,
}

impl DeflatePolicy {
    pub(crate) fn is_valid(&self) -> bool {
        let ok = |b: Option<u8>| b.map_or(true, |b| (8..=15).contains(&b));
        ok(self.server_max_window_bits) && ok(self.client_max_window_bits)
    }
}

/// `name ["/" version]`, both tokens (RFC 9110 §7.8).
pub(crate) fn is_protocol(p: &[u8]) -> bool {
    match p.iter().position(|&b| b == b'/') {
        Some(i) => {
            let (name, version) = p.split_at_checked(i).unwrap_or((p, &[]));
            is_token(name) && version.get(1..).is_some_and(is_token)
        }
        None => is_token(p),
    }
}

/// A serialized origin we can compare: visible ASCII, no spaces or commas.
pub(crate) fn is_origin(o: &[u8]) -> bool {
    !o.is_empty() && o.iter().all(|&b| (0x21..0x7f).contains(&b) && b != b',')
}

impl Policy {
    /// Reports the first invalid entry, if any. Invalid entries are ignored by negotiation.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for (index, u) in self.upgrades.iter().enumerate() {
            if !is_protocol(u.as_bytes()) {
                return Err(PolicyError {
                    field: "upgrades",
                    index,
                    reason: "not a protocol token (name or name/version)",
                });
            }
            if u.eq_ignore_ascii_case("h2") {
                return Err(PolicyError {
                    field: "upgrades",
                    index,
                    reason: "h2 is never negotiated over cleartext HTTP/1.1 (RFC 7540 §3.2)",
                });
            }
        }
        for (index, p) in self.protocols.iter().enumerate() {
            if !is_token(p.as_bytes()) {
                return Err(PolicyError {
                    field: "protocols",
                    index,
                    reason: "a subprotocol must be a token",
                });
            }
        }
        for (index, o) in self.origins.iter().enumerate() {
            if !is_origin(o.as_bytes()) {
                return Err(PolicyError {
                    field: "origins",
                    index,
                    reason: "an origin must be visible ASCII without spaces or commas",
                });
            }
        }
        for (index, h) in self.hosts.iter().enumerate() {
            if h.is_empty() || !crate::authority::is_host_port(h.as_bytes(), false) {
                return Err(PolicyError {
                    field: "hosts",
                    index,
                    reason: "a host must be host or host:port (RFC 3986 §3.2.2)",
                });
            }
        }
        if let Some(d) = &self.permessage_deflate {
            if !d.is_valid() {
                return Err(PolicyError {
                    field: "permessage_deflate",
                    index: 0,
                    reason: "window bits must be within 8..=15",
                });
            }
        }
        if self.max_headers == 0 || self.max_head_bytes == 0 {
            return Err(PolicyError {
                field: "limits",
                index: 0,
                reason: "limits must be positive",
            });
        }
        if self.require_upgrade && self.upgrades.is_empty() && !self.require_tls {
            return Err(PolicyError {
                field: "require_upgrade",
                index: 0,
                reason: "an upgrade-only endpoint needs a protocol in upgrades: its 426 must send \
                         Upgrade listing them (RFC 9110 §15.5.22)",
            });
        }
        Ok(())
    }

    /// Whether this endpoint performs the protocol token `p` (name case-insensitive, version
    /// exact). Invalid policy entries never match.
    pub(crate) fn performs(&self, p: &[u8]) -> bool {
        if self.require_tls && protocol_eq(p, b"TLS/1.0") {
            return true;
        }
        // The cheap comparison first: most entries differ from `p` in length.
        self.upgrades.iter().any(|u| {
            let u = u.as_bytes();
            protocol_eq(u, p) && is_protocol(u) && !u.eq_ignore_ascii_case(b"h2")
        })
    }

    /// The policy entry matching `p`, for echoing the endpoint's own spelling.
    pub(crate) fn entry(&self, p: &[u8]) -> Option<&str> {
        self.upgrades
            .iter()
            .map(String::as_str)
            .find(|u| protocol_eq(u.as_bytes(), p) && is_protocol(u.as_bytes()))
    }
}

/// RFC 9110 §7.8: protocol names compare case-insensitively; versions exactly.
pub(crate) fn protocol_eq(a: &[u8], b: &[u8]) -> bool {
    // Equal names and equal versions mean equal lengths: the cheap test first. Then one pass:
    // case-insensitive up to the first `/`, which both must have at the same place, exact after.
    if a.len() != b.len() {
        return false;
    }
    let mut in_version = false;
    a.iter().zip(b).all(|(&x, &y)| {
        if in_version {
            x == y
        } else if x == b'/' {
            in_version = true;
            y == b'/'
        } else {
            x.eq_ignore_ascii_case(&y)
        }
    })
}

/// Whether `p` is `TLS/...` (RFC 2817 §7.2: the name is case-insensitive).
pub(crate) fn is_tls(p: &[u8]) -> bool {
    p.get(..4).is_some_and(|n| n.eq_ignore_ascii_case(b"TLS/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// RFC 9110 §7.8 as first written here: names case-insensitive, versions exact.
    fn protocol_eq_reference(a: &[u8], b: &[u8]) -> bool {
        let cut = |p: &[u8]| p.iter().position(|&c| c == b'/').unwrap_or(p.len());
        let (an, av) = a.split_at(cut(a));
        let (bn, bv) = b.split_at(cut(b));
        an.eq_ignore_ascii_case(bn) && av == bv
    }

    #[test]
    fn protocol_names_ignore_case_and_versions_do_not() {
        assert!(protocol_eq(b"WebSocket", b"websocket"));
        assert!(protocol_eq(b"TLS/1.0", b"tls/1.0"));
        assert!(!protocol_eq(b"TLS/1.0", b"TLS/1.1"));
        assert!(!protocol_eq(b"h2c/X", b"h2c/x"));
        assert!(!protocol_eq(b"a/bc", b"ab/c"));
    }

    proptest! {
        #[test]
        fn protocol_eq_matches_its_definition(a in "[a-cA-C/1]{0,6}", b in "[a-cA-C/1]{0,6}") {
            prop_assert_eq!(protocol_eq(a.as_bytes(), b.as_bytes()), protocol_eq_reference(a.as_bytes(), b.as_bytes()));
        }
    }
}
