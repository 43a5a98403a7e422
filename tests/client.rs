//! Client side (RFC 6455 §4.1, §11.3) and round trips through the server.

use upgrade_handshake::*;

const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

fn opts(url: &str) -> RequestOptions<'_> {
    RequestOptions {
        url,
        protocols: &[],
        extensions: None,
        origin: None,
        key: *b"the sample nonce",
    }
}

fn resp(extra: &[&str]) -> String {
    let mut s = format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {ACCEPT}\r\n");
    for l in extra {
        s.push_str(l);
        s.push_str("\r\n");
    }
    s.push_str("\r\n");
    s
}

fn offer(protocols: &[&str], extensions: Option<&str>) -> ClientOffer {
    ClientOffer {
        key: KEY.into(),
        protocols: protocols.iter().map(|s| s.to_string()).collect(),
        extensions: extensions.map(String::from),
    }
}

fn code(v: &Verification) -> Option<&'static str> {
    v.error().as_ref().map(|e| e.code.as_str())
}

#[test]
fn rfc6455_4_1_request_shape() {
    let r = create_request(&RequestOptions {
        origin: Some("http://example.com"),
        protocols: &["chat", "superchat"],
        ..opts("ws://server.example.com/chat")
    })
    .unwrap();
    assert_eq!(
        r.request,
        "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://example.com\r\n\
         Sec-WebSocket-Protocol: chat, superchat\r\n\r\n"
    );
    assert_eq!(r.key, KEY);
    assert_eq!(
        r.headers[0],
        ("Host".to_string(), "server.example.com".to_string())
    );
    assert_eq!(
        r.offer.protocols,
        vec!["chat".to_string(), "superchat".to_string()]
    );
}

#[test]
fn rfc6455_4_1_item_7_key_is_base64_of_16_bytes() {
    let r = create_request(&RequestOptions {
        key: [0xff; 16],
        ..opts("ws://a/")
    })
    .unwrap();
    assert_eq!(r.key.len(), 24);
    // Decoded with the base64 crate, not the code under test: the 16 bytes given.
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&r.key)
        .unwrap();
    assert_eq!(bytes, [0xff; 16]);
    assert_eq!(r.key, "/////////////////////w==");
}

#[test]
fn rfc6455_3_default_port_omitted_from_host() {
    assert_eq!(
        create_request(&opts("ws://a:80/")).unwrap().headers[0].1,
        "a"
    );
    assert_eq!(
        create_request(&opts("wss://a:443/")).unwrap().headers[0].1,
        "a"
    );
    assert_eq!(
        create_request(&opts("ws://a:8080/")).unwrap().headers[0].1,
        "a:8080"
    );
    assert_eq!(
        create_request(&opts("wss://a:80/")).unwrap().headers[0].1,
        "a:80"
    );
}

#[test]
fn rfc6455_3_path_defaults_and_query() {
    assert!(create_request(&opts("ws://a"))
        .unwrap()
        .request
        .starts_with("GET / HTTP/1.1"));
    assert!(create_request(&opts("ws://a?x=1"))
        .unwrap()
        .request
        .starts_with("GET /?x=1 HTTP/1.1"));
    assert!(create_request(&opts("https://a/p?q"))
        .unwrap()
        .request
        .starts_with("GET /p?q HTTP/1.1"));
}

#[test]
fn rfc6455_3_ipv6_host() {
    assert_eq!(
        create_request(&opts("ws://[::1]:9000/")).unwrap().headers[0].1,
        "[::1]:9000"
    );
    assert_eq!(
        create_request(&opts("ws://[::1]/")).unwrap().headers[0].1,
        "[::1]"
    );
}

#[test]
fn rfc6455_3_bad_urls_are_errors() {
    for url in [
        "ftp://a/",
        "ws:/a",
        "ws://",
        "ws://a/#frag",
        "ws://u@a/",
        "ws://a:x/",
        "ws://a b/",
        "ws://a/\r\nX: y",
        "ws://a:/",
    ] {
        assert_eq!(
            create_request(&opts(url)).unwrap_err(),
            BuildError::Url,
            "{url}"
        );
    }
}

#[test]
fn rfc6455_4_1_item_10_protocols_must_be_distinct_tokens() {
    assert_eq!(
        create_request(&RequestOptions {
            protocols: &["a b"],
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Protocol
    );
    assert_eq!(
        create_request(&RequestOptions {
            protocols: &["a", "a"],
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Protocol
    );
    assert_eq!(
        create_request(&RequestOptions {
            protocols: &["a\r\nX: y"],
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Protocol
    );
    assert_eq!(
        create_request(&RequestOptions {
            protocols: &[""],
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Protocol
    );
}

#[test]
fn rfc6455_9_1_extensions_validated() {
    assert!(create_request(&RequestOptions {
        extensions: Some("permessage-deflate; client_max_window_bits"),
        ..opts("ws://a/")
    })
    .is_ok());
    assert_eq!(
        create_request(&RequestOptions {
            extensions: Some("a\nb"),
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Extensions
    );
    assert_eq!(
        create_request(&RequestOptions {
            extensions: Some(""),
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Extensions
    );
    assert_eq!(
        create_request(&RequestOptions {
            extensions: Some("a; b=\"x"),
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Extensions
    );
}

#[test]
fn rfc6454_origin_validated() {
    assert_eq!(
        create_request(&RequestOptions {
            origin: Some("http://a\r\n"),
            ..opts("ws://a/")
        })
        .unwrap_err(),
        BuildError::Origin
    );
}

#[test]
fn rfc6455_4_1_step_1_non_101_fails() {
    let v = verify_response(
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        &offer(&[], None),
    );
    assert!(!v.ok());
    assert_eq!(code(&v), Some("bad-status"));
}

#[test]
fn rfc6455_4_4_426_versions() {
    let v = verify_response(
        b"HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8, 7\r\n\r\n",
        &offer(&[], None),
    );
    assert_eq!(v.versions(), vec![13, 8, 7]);
    assert_eq!(code(&v), Some("version-not-supported"));
}

#[test]
fn rfc6455_4_1_step_2_upgrade_websocket() {
    assert_eq!(
        code(&verify_response(
            resp(&[])
                .replace("Upgrade: websocket", "Upgrade: websocket2")
                .as_bytes(),
            &offer(&[], None)
        )),
        Some("response-upgrade")
    );
    assert_eq!(
        code(&verify_response(
            resp(&[]).replace("Upgrade: websocket\r\n", "").as_bytes(),
            &offer(&[], None)
        )),
        Some("response-upgrade")
    );
}

#[test]
fn rfc6455_4_1_step_3_connection_upgrade() {
    assert_eq!(
        code(&verify_response(
            resp(&[])
                .replace("Connection: Upgrade", "Connection: close")
                .as_bytes(),
            &offer(&[], None)
        )),
        Some("response-connection")
    );
    assert!(verify_response(
        resp(&[])
            .replace("Connection: Upgrade", "Connection: keep-alive, upgrade")
            .as_bytes(),
        &offer(&[], None)
    )
    .ok());
}

#[test]
fn rfc6455_4_1_step_4_accept() {
    let other = ClientOffer::new("AQIDBAUGBwgJCgsMDQ4PEA==");
    assert_eq!(
        code(&verify_response(resp(&[]).as_bytes(), &other)),
        Some("response-accept")
    );
    assert!(verify_response(resp(&[]).as_bytes(), &offer(&[], None)).ok());
}

#[test]
fn rfc6455_11_3_3_accept_once() {
    let v = verify_response(
        resp(&[&format!("Sec-WebSocket-Accept: {ACCEPT}")]).as_bytes(),
        &offer(&[], None),
    );
    assert_eq!(code(&v), Some("duplicate-response-field"));
}

#[test]
fn rfc6455_4_1_step_5_extensions_only_offered() {
    let r = resp(&["Sec-WebSocket-Extensions: permessage-deflate"]);
    assert_eq!(
        code(&verify_response(r.as_bytes(), &offer(&[], None))),
        Some("response-extensions")
    );
    assert!(verify_response(r.as_bytes(), &offer(&[], Some("permessage-deflate"))).ok());
    assert_eq!(
        code(&verify_response(r.as_bytes(), &offer(&[], Some("x-other")))),
        Some("response-extensions")
    );
}

#[test]
fn rfc6455_11_3_2_extensions_once_in_response() {
    let r = resp(&[
        "Sec-WebSocket-Extensions: permessage-deflate",
        "Sec-WebSocket-Extensions: permessage-deflate",
    ]);
    assert_eq!(
        code(&verify_response(
            r.as_bytes(),
            &offer(&[], Some("permessage-deflate"))
        )),
        Some("duplicate-response-field")
    );
}

#[test]
fn rfc7692_7_response_parameters_checked() {
    let o = offer(&[], Some("permessage-deflate"));
    let check = |ext: &str| {
        verify_response(
            resp(&[&format!("Sec-WebSocket-Extensions: {ext}")]).as_bytes(),
            &o,
        )
    };
    assert!(check("permessage-deflate; server_no_context_takeover").ok());
    assert!(check("permessage-deflate; server_max_window_bits=10").ok());
    assert!(!check("permessage-deflate; server_max_window_bits=20").ok());
    assert!(
        !check("permessage-deflate; client_max_window_bits=10").ok(),
        "not offered"
    );
    assert!(
        !check("permessage-deflate, permessage-deflate").ok(),
        "accepted twice"
    );
}

#[test]
fn rfc7692_7_1_2_2_client_bits_in_response_needs_value() {
    let o = offer(&[], Some("permessage-deflate; client_max_window_bits"));
    assert!(verify_response(
        resp(&["Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10"])
            .as_bytes(),
        &o
    )
    .ok());
    assert!(!verify_response(
        resp(&["Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"]).as_bytes(),
        &o
    )
    .ok());
}

#[test]
fn rfc6455_4_1_step_6_protocol_only_offered() {
    assert_eq!(
        code(&verify_response(
            resp(&["Sec-WebSocket-Protocol: chat"]).as_bytes(),
            &offer(&[], None)
        )),
        Some("response-protocol")
    );
    let v = verify_response(
        resp(&["Sec-WebSocket-Protocol: chat"]).as_bytes(),
        &offer(&["chat"], None),
    );
    assert!(v.ok());
    assert_eq!(v.protocol(), Some("chat"));
    assert_eq!(
        code(&verify_response(
            resp(&["Sec-WebSocket-Protocol: chat, superchat"]).as_bytes(),
            &offer(&["chat", "superchat"], None)
        )),
        Some("response-protocol")
    );
}

#[test]
fn rfc6455_11_3_4_protocol_once() {
    let v = verify_response(
        resp(&[
            "Sec-WebSocket-Protocol: chat",
            "Sec-WebSocket-Protocol: chat",
        ])
        .as_bytes(),
        &offer(&["chat"], None),
    );
    assert_eq!(code(&v), Some("duplicate-response-field"));
}

#[test]
fn rfc9112_4_incomplete_response() {
    let full = resp(&[]);
    for n in 0..full.len() - 1 {
        let v = verify_response(&full.as_bytes()[..n], &offer(&[], None));
        assert!(v.is_incomplete() && !v.ok(), "prefix {n}");
    }
}

#[test]
fn rfc9112_4_garbage_response() {
    let v = verify_response(b"SSH-2.0-OpenSSH\r\n\r\n", &offer(&[], None));
    assert_eq!(code(&v), Some("bad-response"));
}

#[test]
fn rfc9110_2_5_higher_minor_version_response_is_read_as_http_1_1() {
    // RFC 9110 §2.5: a recipient SHOULD process a higher minor version of HTTP/1 as the highest
    // it conforms to; a higher major version is no HTTP/1.1 response (RFC 9112 §4).
    let v = verify_response(
        resp(&[]).replacen("HTTP/1.1", "HTTP/1.2", 1).as_bytes(),
        &offer(&[], None),
    );
    assert!(v.ok(), "{:?}", v.error());
    let v = verify_response(
        resp(&[]).replacen("HTTP/1.1", "HTTP/2.0", 1).as_bytes(),
        &offer(&[], None),
    );
    assert_eq!(code(&v), Some("bad-response"));
}

#[test]
fn verify_parts_like_fetch() {
    let h: Vec<(&str, &[u8])> = vec![
        ("upgrade", b"websocket"),
        ("connection", b"upgrade"),
        ("sec-websocket-accept", ACCEPT.as_bytes()),
    ];
    assert!(verify_response_parts(101, &h, &offer(&[], None)).ok());
    assert_eq!(
        code(&verify_response_parts(403, &[], &offer(&[], None))),
        Some("bad-status")
    );
}

#[test]
fn verify_records_trail_with_steps() {
    let v = verify_response(resp(&[]).as_bytes(), &offer(&[], None));
    let ids: Vec<&str> = v.checks.iter().map(|c| c.id).collect();
    for id in [
        "response-status",
        "response-upgrade",
        "response-connection",
        "response-accept",
        "response-extensions",
        "response-protocol",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

// ---- round trips: create_request -> negotiate -> verify_response ----

fn round_trip(o: RequestOptions<'_>, policy: &Policy) -> Verification {
    let req = create_request(&o).unwrap();
    let out = negotiate(req.request.as_bytes(), policy);
    let Decision::Switch(s) = &out.decision else {
        panic!("{:?}", out.decision)
    };
    let v = verify_response(s.response.to_string().as_bytes(), &req.offer);
    assert!(v.ok(), "{:?}", v.error());
    assert_eq!(v.protocol(), s.subprotocol.as_deref());
    assert_eq!(v.extensions(), s.extensions.as_deref());
    v
}

#[test]
fn round_trip_plain() {
    round_trip(opts("ws://example.com/chat"), &Policy::default());
}

#[test]
fn round_trip_subprotocol() {
    let p = Policy {
        protocols: vec!["superchat".into()],
        ..Policy::default()
    };
    let v = round_trip(
        RequestOptions {
            protocols: &["chat", "superchat"],
            ..opts("wss://example.com/")
        },
        &p,
    );
    assert_eq!(v.protocol(), Some("superchat"));
}

#[test]
fn round_trip_origin() {
    let p = Policy {
        origins: vec!["https://example.com".into()],
        ..Policy::default()
    };
    round_trip(
        RequestOptions {
            origin: Some("https://example.com"),
            ..opts("wss://example.com/")
        },
        &p,
    );
}

#[test]
fn round_trip_deflate_every_policy() {
    for d in [
        DeflatePolicy::default(),
        DeflatePolicy {
            server_no_context_takeover: true,
            client_no_context_takeover: true,
            server_max_window_bits: Some(9),
            client_max_window_bits: Some(8),
        },
        DeflatePolicy {
            client_max_window_bits: Some(12),
            ..DeflatePolicy::default()
        },
    ] {
        let p = Policy {
            permessage_deflate: Some(d),
            ..Policy::default()
        };
        for ext in [
            "permessage-deflate",
            "permessage-deflate; client_max_window_bits",
            "permessage-deflate; server_max_window_bits=10, permessage-deflate",
        ] {
            let v = round_trip(
                RequestOptions {
                    extensions: Some(ext),
                    ..opts("ws://a/")
                },
                &p,
            );
            assert!(v.extensions().is_some());
        }
    }
}

#[test]
fn round_trip_random_keys() {
    for i in 0..64u8 {
        let key = [i.wrapping_mul(37); 16];
        round_trip(
            RequestOptions {
                key,
                ..opts("ws://a/")
            },
            &Policy::default(),
        );
    }
}

#[test]
fn round_trip_426_versions() {
    let req = create_request(&opts("ws://a/")).unwrap();
    let old = req
        .request
        .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
    let out = negotiate(old.as_bytes(), &Policy::default());
    let v = verify_response(out.response().unwrap().to_string().as_bytes(), &req.offer);
    assert_eq!(v.versions(), vec![13]);
}

#[test]
fn rfc6455_4_1_step_6_offered_protocols_none_selected_warns() {
    let v = verify_response(resp(&[]).as_bytes(), &offer(&["chat", "superchat"], None));
    assert!(v.ok(), "RFC 6455 allows a 101 that selects no subprotocol");
    assert_eq!(v.protocol(), None);
    let warn = v
        .checks
        .iter()
        .find(|c| c.id == "response-protocol-absent")
        .expect("a warning");
    assert_eq!(warn.result, CheckResult::Warn);
    assert!(warn.message.contains("browsers"));
    assert!(warn
        .message
        .contains("Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received"));
    // Nothing offered, nothing selected: the plain skip, no warning.
    let none = verify_response(resp(&[]).as_bytes(), &offer(&[], None));
    assert!(none.ok());
    assert!(none
        .checks
        .iter()
        .all(|c| c.id != "response-protocol-absent"));
    assert!(none
        .checks
        .iter()
        .any(|c| c.id == "response-protocol" && c.result == CheckResult::Skip));
}
