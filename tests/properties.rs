//! Properties: no input makes the library panic; no response ever holds CR, LF or NUL in a
//! header; serialized responses parse back to the same thing.

use proptest::prelude::*;
use upgrade_handshake::*;

fn arb_policy() -> impl Strategy<Value = Policy> {
    (
        proptest::collection::vec(any::<String>(), 0..3),
        proptest::collection::vec(any::<String>(), 0..3),
        proptest::collection::vec(any::<String>(), 0..2),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of((
            any::<bool>(),
            any::<bool>(),
            any::<Option<u8>>(),
            any::<Option<u8>>(),
        )),
    )
        .prop_map(|(mut upgrades, protocols, origins, tls, edge, trail, d)| {
            upgrades.push("websocket".into());
            upgrades.push("h2c".into());
            Policy {
                upgrades,
                protocols,
                origins,
                require_tls: tls,
                edge,
                trail,
                permessage_deflate: d.map(|(a, b, c, e)| DeflatePolicy {
                    server_no_context_takeover: a,
                    client_no_context_takeover: b,
                    server_max_window_bits: c,
                    client_max_window_bits: e,
                }),
                ..Policy::default()
            }
        })
}

/// Requests close to valid ones, with fuzzed field values.
fn arb_request() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("GET"), Just("POST"), Just("OPTIONS")],
        proptest::collection::vec(
            (
                prop_oneof![
                    Just("Upgrade"),
                    Just("Connection"),
                    Just("Sec-WebSocket-Key"),
                    Just("Sec-WebSocket-Version"),
                    Just("Sec-WebSocket-Protocol"),
                    Just("Sec-WebSocket-Extensions"),
                    Just("Origin"),
                    Just("HTTP2-Settings"),
                    Just("Host"),
                ],
                "[ -~\t]{0,40}",
            ),
            0..10,
        ),
    )
        .prop_map(|(m, fields)| {
            let mut s = format!("{m} / HTTP/1.1\r\nHost: a\r\n");
            for (n, v) in fields {
                s.push_str(&format!("{n}: {v}\r\n"));
            }
            s.push_str("\r\n");
            s
        })
}

fn assert_clean(r: &Response) {
    for (n, v) in r.headers() {
        assert!(!n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic() && b != b':'));
        assert!(
            !v.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0),
            "{n}: {v:?}"
        );
    }
    assert!(!r
        .reason()
        .bytes()
        .any(|b| b == b'\r' || b == b'\n' || b == 0));
}

fn reparse(r: &Response) {
    let bytes = r.to_vec();
    let mut hs = [httparse_like::EMPTY; 64];
    let (status, headers, body_at) = httparse_like::parse(&bytes, &mut hs);
    assert_eq!(status, r.status());
    assert_eq!(
        headers,
        r.headers()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(&bytes[body_at..], r.body().as_bytes());
    assert_eq!(bytes.len(), r.serialized_len());
    let mut buf = vec![0u8; r.serialized_len()];
    assert_eq!(r.write_to(&mut buf), Ok(bytes.len()));
    assert_eq!(buf, bytes);
    if !bytes.is_empty() {
        assert!(r.write_to(&mut buf[..bytes.len() - 1]).is_err());
    }
}

/// A tiny strict response parser, independent of the crate, for the round trip.
mod httparse_like {
    pub const EMPTY: () = ();
    pub fn parse(b: &[u8], _: &mut [(); 64]) -> (u16, Vec<(String, String)>, usize) {
        let s = std::str::from_utf8(b).unwrap();
        let end = s.find("\r\n\r\n").unwrap();
        let mut lines = s[..end].split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(status_line.starts_with("HTTP/1.1 "));
        let status: u16 = status_line[9..12].parse().unwrap();
        let headers = lines
            .map(|l| {
                let (n, v) = l.split_once(": ").unwrap();
                (n.to_string(), v.to_string())
            })
            .collect();
        (status, headers, end + 4)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn negotiate_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512), policy in arb_policy()) {
        let out = negotiate(&bytes, &policy);
        if let Some(r) = out.response() { assert_clean(r); }
    }

    #[test]
    fn negotiate_never_panics_on_near_valid(req in arb_request(), policy in arb_policy()) {
        let out = negotiate(req.as_bytes(), &policy);
        if let Some(r) = out.response() {
            assert_clean(r);
            reparse(r);
            if r.status() == 426 { prop_assert!(r.header_value("Upgrade").is_some()); }
        }
    }

    #[test]
    fn no_crlf_whatever_the_policy(protocols in proptest::collection::vec(any::<String>(), 0..4), upgrades in proptest::collection::vec(any::<String>(), 0..4), offered in "[ -~]{0,30}") {
        let policy = Policy { protocols: protocols.clone(), upgrades: upgrades.clone(), ..Policy::default() };
        let mut req = String::from("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        let protos: Vec<&str> = protocols.iter().map(String::as_str).filter(|p| !p.contains(['\r', '\n'])).collect();
        req.push_str(&format!("Sec-WebSocket-Protocol: {}, {}\r\n", offered, protos.join(", ")));
        let up: Vec<&str> = upgrades.iter().map(String::as_str).filter(|p| !p.contains(['\r', '\n'])).collect();
        req.push_str(&format!("X-Up: {}\r\n\r\n", up.join(", ")));
        let out = negotiate(req.as_bytes(), &policy);
        if let Some(r) = out.response() { assert_clean(r); }
    }

    #[test]
    fn parts_never_panic(method in "[ -~]{0,8}", target in "[ -~]{0,20}", names in proptest::collection::vec(("[ -~]{0,12}", proptest::collection::vec(any::<u8>(), 0..20)), 0..8), policy in arb_policy()) {
        let headers: Vec<(&str, &[u8])> = names.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
        let req = RequestParts { method: &method, target: &target, version: Version::Http11, headers: &headers, has_body: false };
        let out = negotiate_parts(&req, &policy);
        if let Some(r) = out.response() { assert_clean(r); }
    }

    #[test]
    fn verify_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512), key in "[A-Za-z0-9+/=]{0,30}") {
        let _ = verify_response(&bytes, &ClientOffer::new(&key));
    }

    #[test]
    fn verify_never_panics_near_valid(ext in "[ -~]{0,40}", proto in "[ -~]{0,20}", offered in "[ -~]{0,40}") {
        let r = format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: {ext}\r\nSec-WebSocket-Protocol: {proto}\r\n\r\n");
        let offer = ClientOffer { key: "dGhlIHNhbXBsZSBub25jZQ==".into(), protocols: vec![proto.trim().to_string()], extensions: Some(offered) };
        let _ = verify_response(r.as_bytes(), &offer);
    }

    #[test]
    fn builder_rejects_every_ctl(name in "[!-~]{1,10}", value in any::<String>()) {
        match Response::new(200, "OK").header(&name, &value) {
            Ok(r) => { assert_clean(&r); reparse(&r); }
            Err(_) => prop_assert!(
                value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
                    || value.starts_with([' ', '\t']) || value.ends_with([' ', '\t'])
                    || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
            ),
        }
    }
}

/// Options `create_request` accepts: a ws/wss/http/https URL with a host, an optional port and
/// path, distinct subprotocol tokens, a permessage-deflate offer and an http(s) origin.
fn arb_options() -> impl Strategy<Value = (String, Vec<String>, Option<String>, Option<String>)> {
    (
        "(ws|wss|http|https)://[a-z0-9-]{1,8}(\\.[a-z]{2,5})?(:[0-9]{1,5})?(/[a-z0-9/?=&.-]{0,10})?",
        proptest::collection::btree_set("[a-z][a-z0-9.-]{0,6}", 0..3),
        proptest::option::of(
            "permessage-deflate(; (client_max_window_bits|server_no_context_takeover|server_max_window_bits=1[0-5]))?(, x-[a-z]{1,4})?",
        ),
        proptest::option::of("https?://[a-z]{1,8}\\.example"),
    )
        .prop_map(|(url, protocols, ext, origin)| (url, protocols.into_iter().collect(), ext, origin))
}

/// Which option a mutation breaks: a printable byte the field's grammar does not allow, put in
/// at a chosen place (`None`: no mutation).
fn arb_mutation() -> impl Strategy<Value = Option<(usize, usize, char)>> {
    proptest::option::weighted(
        0.3,
        (
            0usize..4,
            any::<usize>(),
            proptest::sample::select(vec![' ', '"', '\\', '{', '\u{7f}', '\r', '\n', '\0']),
        ),
    )
}

/// A request `create_request` builds is clean and always accepted as a WebSocket handshake,
/// whose 101 the offer verifies; a broken option is refused with the error naming that option.
#[test]
fn create_request_output_is_clean() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::Cell;
    let (built, refused) = (Cell::new(0), Cell::new(0));
    let mut runner = TestRunner::new(Config {
        cases: 512,
        ..Config::default()
    });
    runner
        .run(
            &(arb_options(), arb_mutation(), any::<[u8; 16]>()),
            |((mut url, mut protocols, mut ext, mut origin), mutation, key)| {
                let mut broken = None;
                if let Some((field, at, c)) = mutation {
                    let target = match field {
                        0 => Some((&mut url, BuildError::Url)),
                        1 => protocols.first_mut().map(|p| (p, BuildError::Protocol)),
                        2 => ext.as_mut().map(|e| (e, BuildError::Extensions)),
                        _ => origin.as_mut().map(|o| (o, BuildError::Origin)),
                    };
                    // Each option's own grammar: a URL's path and an origin may hold '"', '\\' and
                    // '{' (visible ASCII), OWS may surround an extension's parameters.
                    let c = match (field, c) {
                        (0 | 3, '"' | '\\' | '{') => ' ',
                        (2, ' ') => '{',
                        (_, c) => c,
                    };
                    if let Some((s, error)) = target {
                        // Inside the value, not at its ends (where a space is trimmed OWS).
                        let at = 1 + at % s.len().saturating_sub(1).max(1);
                        let at = (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
                        s.insert(at, c);
                        broken = Some(error);
                    }
                }
                let protocols: Vec<&str> = protocols.iter().map(String::as_str).collect();
                let opts = RequestOptions {
                    url: &url,
                    protocols: &protocols,
                    extensions: ext.as_deref(),
                    origin: origin.as_deref(),
                    key,
                };
                match (create_request(&opts), broken) {
                    (Ok(r), None) => {
                        built.set(built.get() + 1);
                        prop_assert!(r.request.ends_with("\r\n\r\n"));
                        prop_assert_eq!(r.request.matches("\r\n").count(), r.headers.len() + 2);
                        prop_assert!(!r.request.contains('\0'));
                        let policy = Policy {
                            protocols: protocols.iter().map(|p| p.to_string()).collect(),
                            permessage_deflate: Some(DeflatePolicy::default()),
                            ..Policy::default()
                        };
                        let out = negotiate(r.request.as_bytes(), &policy);
                        prop_assert_eq!(out.kind(), "switch", "{:?}", out.error());
                        let v = verify_response(&out.response().unwrap().to_vec(), &r.offer);
                        prop_assert!(v.ok(), "{:?}", v.error());
                        prop_assert_eq!(v.protocol(), protocols.first().copied());
                    }
                    (Err(e), Some(error)) => {
                        refused.set(refused.get() + 1);
                        prop_assert_eq!(e, error);
                    }
                    (got, broken) => prop_assert!(
                        false,
                        "{got:?} for {url:?} {protocols:?} {ext:?} {origin:?}, broken {broken:?}"
                    ),
                }
                Ok(())
            },
        )
        .unwrap();
    // The generators reach both branches: most options build, some are refused.
    assert!(built.get() >= 256, "{} of 512 built", built.get());
    assert!(refused.get() >= 50, "{} of 512 refused", refused.get());
}
