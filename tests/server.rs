//! Server-side behaviour through the public API, one test per RFC requirement.

mod common;

use upgrade_handshake::*;

const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

fn head(lines: &[&str]) -> String {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n\r\n");
    s
}

fn ws_lines() -> Vec<String> {
    vec![
        "GET /chat HTTP/1.1".into(),
        "Host: server.example.com".into(),
        "Upgrade: websocket".into(),
        "Connection: Upgrade".into(),
        format!("Sec-WebSocket-Key: {KEY}"),
        "Sec-WebSocket-Version: 13".into(),
    ]
}

/// The base WebSocket request with `extra` lines appended.
fn ws(extra: &[&str]) -> String {
    let mut l = ws_lines();
    l.extend(extra.iter().map(|s| s.to_string()));
    head(&l.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The base WebSocket request with the field `name` replaced by `line` (or dropped if empty).
fn ws_with(name: &str, line: &str) -> String {
    let l: Vec<String> = ws_lines()
        .into_iter()
        .filter_map(|l| {
            if l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
                || (name == "request-line" && l.starts_with("GET "))
            {
                (!line.is_empty()).then(|| line.to_string())
            } else {
                Some(l)
            }
        })
        .collect();
    head(&l.iter().map(String::as_str).collect::<Vec<_>>())
}

fn policy() -> Policy {
    Policy::default()
}

fn with(f: impl FnOnce(&mut Policy)) -> Policy {
    let mut p = Policy::default();
    f(&mut p);
    p
}

fn assert_clean(r: &Response) {
    for (n, v) in r.headers() {
        assert!(!n.is_empty());
        assert!(
            !v.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0),
            "{n}: {v:?}"
        );
    }
}

macro_rules! reject {
    ($name:ident, $req:expr, $policy:expr, $code:ident, $status:expr $(, $h:literal => $v:expr)* ) => {
        #[test]
        fn $name() {
            let out = negotiate($req.as_bytes(), &$policy);
            let err = out.error().unwrap_or_else(|| panic!("expected a rejection, got {:?}", out.decision));
            assert_eq!(err.code, ErrorCode::$code);
            assert_eq!(out.status(), Some($status));
            assert_eq!(out.kind(), "reject");
            let r = out.response().unwrap();
            assert_eq!(r.status(), ErrorCode::$code.status());
            $( assert_eq!(r.header_value($h), Some($v), "header {}", $h); )*
            assert_eq!(r.header_value("Content-Type"), Some("text/plain; charset=utf-8"));
            assert_eq!(r.header_value("Content-Length"), Some(r.body().len().to_string().as_str()));
            assert!(r.body().contains(ErrorCode::$code.section()), "body names the section");
            if r.status() == 426 {
                assert!(r.header_value("Upgrade").is_some(), "every 426 carries Upgrade");
            }
            assert_clean(r);
            // The trail names the failing check.
            assert_eq!(out.checks.last().map(|c| c.result), Some(CheckResult::Fail));
        }
    };
}

macro_rules! switch {
    ($name:ident, $req:expr, $policy:expr, $proto:expr $(, $h:literal => $v:expr)* ) => {
        #[test]
        fn $name() {
            let out = negotiate($req.as_bytes(), &$policy);
            let Decision::Switch(s) = &out.decision else { panic!("expected a switch, got {:?}", out.decision) };
            assert_eq!(s.protocol, $proto);
            assert_eq!(s.response.status(), 101);
            assert_eq!(s.response.reason(), "Switching Protocols");
            assert_eq!(s.response.body(), "");
            $( assert_eq!(s.response.header_value($h), $v, "header {}", $h); )*
            assert_clean(&s.response);
        }
    };
}

/// RFC 7540 §3.2.1: an h2c offer the server cannot perform is not refused. The request passes
/// (nothing else is offered), and the trail warns why h2c was not performed.
macro_rules! not_performed {
    ($name:ident, $req:expr, $policy:expr, $id:literal) => {
        #[test]
        fn $name() {
            let out = negotiate($req.as_bytes(), &$policy);
            assert_eq!(out.kind(), "pass", "{:?}", out.decision);
            let warn = out
                .checks
                .iter()
                .find(|c| c.id == $id && c.result == CheckResult::Warn);
            let warn = warn.unwrap_or_else(|| panic!("no warning {}: {:?}", $id, out.checks));
            assert!(
                warn.message.contains("h2c is not performed"),
                "{}",
                warn.message
            );
            assert!(!out.checks.iter().any(|c| c.result == CheckResult::Fail));
        }
    };
}

macro_rules! pass {
    ($name:ident, $req:expr, $policy:expr) => {
        #[test]
        fn $name() {
            let out = negotiate($req.as_bytes(), &$policy);
            assert_eq!(out.kind(), "pass", "{:?}", out.decision);
            assert_eq!(out.status(), None);
        }
    };
}

// ---- RFC 6455 §1.3 and §4.2.2: the 101 ----

switch!(rfc6455_1_3_example_switches, ws(&["Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat"]),
    with(|p| p.protocols = vec!["chat".into()]), "websocket",
    "Sec-WebSocket-Accept" => Some(ACCEPT), "Sec-WebSocket-Protocol" => Some("chat"));
switch!(rfc6455_4_2_2_item_5_upgrade_websocket, ws(&[]), policy(), "websocket", "Upgrade" => Some("websocket"));
switch!(rfc6455_4_2_2_item_5_connection_upgrade, ws(&[]), policy(), "websocket", "Connection" => Some("Upgrade"));
switch!(rfc6455_4_2_2_no_protocol_header_without_overlap, ws(&["Sec-WebSocket-Protocol: mqtt"]),
    with(|p| p.protocols = vec!["chat".into()]), "websocket", "Sec-WebSocket-Protocol" => None);
switch!(rfc6455_4_2_2_no_protocol_header_when_none_offered, ws(&[]),
    with(|p| p.protocols = vec!["chat".into()]), "websocket", "Sec-WebSocket-Protocol" => None);
switch!(rfc6455_4_2_2_no_extensions_header_when_off, ws(&["Sec-WebSocket-Extensions: permessage-deflate"]),
    policy(), "websocket", "Sec-WebSocket-Extensions" => None);
switch!(
    rfc6455_4_2_1_item_3_upgrade_case_insensitive,
    ws_with("Upgrade", "Upgrade: WEBSOCKET"),
    policy(),
    "websocket"
);
switch!(
    rfc6455_4_2_1_item_3_upgrade_list,
    ws_with("Upgrade", "Upgrade: foo, websocket"),
    policy(),
    "websocket"
);
switch!(
    rfc6455_4_2_1_item_4_connection_keep_alive_upgrade,
    ws_with("Connection", "Connection: keep-alive, Upgrade"),
    policy(),
    "websocket"
);
switch!(
    rfc9110_5_6_1_connection_across_lines,
    ws_with(
        "Connection",
        "Connection: keep-alive\r\nConnection: upgrade"
    ),
    policy(),
    "websocket"
);
switch!(
    rfc9110_5_6_1_empty_list_elements_ignored,
    ws_with("Connection", "Connection: ,, upgrade ,"),
    policy(),
    "websocket"
);
switch!(rfc9112_5_field_names_case_insensitive, ws_with("Sec-WebSocket-Key", &format!("sec-websocket-key: {KEY}")), policy(), "websocket",
    "Sec-WebSocket-Accept" => Some(ACCEPT));
switch!(rfc9110_5_5_value_whitespace_trimmed, ws_with("Sec-WebSocket-Key", &format!("Sec-WebSocket-Key:   {KEY}  ")), policy(), "websocket",
    "Sec-WebSocket-Accept" => Some(ACCEPT));
reject!(
    rfc9112_2_2_bare_lf_refused_by_default,
    ws(&[]).replace("\r\n", "\n"),
    policy(),
    BareLf,
    400
);
switch!(
    rfc9112_2_2_bare_lf_accepted_when_lenient,
    ws(&[]).replace("\r\n", "\n"),
    with(|p| p.lenient_line_ends = true),
    "websocket"
);
switch!(
    rfc9112_2_2_leading_empty_line_skipped,
    format!("\r\n{}", ws(&[])),
    policy(),
    "websocket"
);
switch!(
    edge_mode_allows_missing_connection_token,
    ws_with("Connection", "Connection: keep-alive"),
    with(|p| p.edge = true),
    "websocket"
);
switch!(
    edge_mode_allows_absent_connection,
    ws_with("Connection", ""),
    with(|p| p.edge = true),
    "websocket"
);
switch!(
    rfc6455_10_2_no_origin_is_allowed,
    ws(&[]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    "websocket"
);
switch!(
    rfc6455_10_2_origin_exact_match,
    ws(&["Origin: https://example.com"]),
    with(|p| p.origins = vec!["https://a.example".into(), "https://example.com".into()]),
    "websocket"
);
switch!(
    rfc6455_10_2_origin_scheme_host_case_insensitive,
    ws(&["Origin: HTTPS://EXAMPLE.com"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    "websocket"
);
switch!(
    rfc6455_4_2_1_item_1_target_with_query,
    ws_with("request-line", "GET /chat?room=1 HTTP/1.1"),
    policy(),
    "websocket"
);
switch!(
    rfc6455_4_2_1_extra_bytes_after_head_ignored,
    format!("{}garbage", ws(&[])),
    policy(),
    "websocket"
);

#[test]
fn rfc6455_4_2_2_exact_101() {
    let out = negotiate(ws(&[]).as_bytes(), &policy());
    assert_eq!(
        out.response().unwrap().to_string(),
        format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {ACCEPT}\r\n\r\n")
    );
}

#[test]
fn rfc6455_4_2_2_first_client_offered_protocol_wins() {
    let p = with(|p| p.protocols = vec!["chat".into(), "superchat".into()]);
    let out = negotiate(
        ws(&["Sec-WebSocket-Protocol: superchat, chat"]).as_bytes(),
        &p,
    );
    assert_eq!(
        out.switch().unwrap().subprotocol.as_deref(),
        Some("superchat")
    );
}

#[test]
fn rfc6455_11_3_4_protocols_case_sensitive() {
    let p = with(|p| p.protocols = vec!["chat".into()]);
    let out = negotiate(ws(&["Sec-WebSocket-Protocol: Chat"]).as_bytes(), &p);
    assert_eq!(out.switch().unwrap().subprotocol, None);
}

#[test]
fn rfc9110_5_6_1_protocols_across_field_lines() {
    let p = with(|p| p.protocols = vec!["b".into()]);
    let out = negotiate(
        ws(&["Sec-WebSocket-Protocol: a", "Sec-WebSocket-Protocol: b"]).as_bytes(),
        &p,
    );
    assert_eq!(out.switch().unwrap().subprotocol.as_deref(), Some("b"));
}

// ---- RFC 6455 §4.2.1 rejections ----

reject!(rfc6455_4_2_1_item_1_post_is_405, ws_with("request-line", "POST /chat HTTP/1.1"), policy(), WebSocketMethod, 405,
    "Allow" => "GET", "Connection" => "close");
reject!(rfc6455_4_2_1_item_1_head_is_405, ws_with("request-line", "HEAD /chat HTTP/1.1"), policy(), WebSocketMethod, 405, "Allow" => "GET");
reject!(
    rfc6455_4_2_1_item_1_method_case_sensitive,
    ws_with("request-line", "get /chat HTTP/1.1"),
    policy(),
    WebSocketMethod,
    405
);
reject!(
    rfc6455_4_2_1_item_1_http10_rejected,
    ws_with("request-line", "GET /chat HTTP/1.0"),
    policy(),
    WebSocketHttpVersion,
    400
);
reject!(rfc6455_4_2_1_item_3_missing_upgrade, ws_with("Upgrade", ""), policy(), MissingUpgradeWebSocket, 400, "Connection" => "close");
reject!(
    rfc6455_4_2_1_item_3_upgrade_without_websocket,
    ws_with("Upgrade", "Upgrade: foo"),
    policy(),
    MissingUpgradeWebSocket,
    400
);
reject!(
    rfc6455_4_2_1_item_3_upgrade_websocket_version_not_token_match,
    ws_with("Upgrade", "Upgrade: websocket/13"),
    policy(),
    MissingUpgradeWebSocket,
    400
);
reject!(
    rfc6455_4_2_1_item_4_missing_connection,
    ws_with("Connection", ""),
    policy(),
    MissingConnectionUpgrade,
    400
);
reject!(
    rfc6455_4_2_1_item_4_connection_whole_value_not_token,
    ws_with("Connection", "Connection: upgraded"),
    policy(),
    MissingConnectionUpgrade,
    400
);
reject!(
    rfc6455_4_2_1_item_5_missing_key,
    ws_with("Sec-WebSocket-Key", ""),
    policy(),
    MissingWebSocketKey,
    400
);
reject!(
    rfc6455_4_2_1_item_5_key_must_decode_to_16_bytes,
    ws_with(
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEBE="
    ),
    policy(),
    BadWebSocketKey,
    400
);
reject!(
    rfc6455_4_2_1_item_5_key_without_padding,
    ws_with(
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ"
    ),
    policy(),
    BadWebSocketKey,
    400
);
reject!(
    rfc6455_4_2_1_item_5_key_not_base64,
    ws_with(
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!=="
    ),
    policy(),
    BadWebSocketKey,
    400
);
reject!(
    rfc6455_4_2_1_item_5_empty_key,
    ws_with("Sec-WebSocket-Key", "Sec-WebSocket-Key:"),
    policy(),
    BadWebSocketKey,
    400
);
reject!(
    rfc6455_4_2_1_item_5_key_list_is_not_one_key,
    ws_with(
        "Sec-WebSocket-Key",
        &format!("Sec-WebSocket-Key: {KEY}, {KEY}")
    ),
    policy(),
    BadWebSocketKey,
    400
);
reject!(
    rfc6455_11_3_1_key_twice,
    ws(&[&format!("Sec-WebSocket-Key: {KEY}")]),
    policy(),
    DuplicateWebSocketKey,
    400
);
reject!(rfc6455_4_2_1_item_6_missing_version, ws_with("Sec-WebSocket-Version", ""), policy(), MissingWebSocketVersion, 400,
    "Sec-WebSocket-Version" => "13");
reject!(rfc6455_4_2_2_item_4_version_8_is_426, ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"), policy(), BadWebSocketVersion, 426,
    "Sec-WebSocket-Version" => "13", "Upgrade" => "websocket", "Connection" => "Upgrade, close");
reject!(
    rfc6455_4_2_2_item_4_version_14_is_426,
    ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 14"),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(
    rfc6455_4_2_2_item_4_version_013_is_426,
    ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 013"),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(
    rfc6455_4_2_2_item_4_version_list_is_426,
    ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13, 8"),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(
    rfc6455_11_3_5_version_twice_is_426,
    ws(&["Sec-WebSocket-Version: 13"]),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(
    rfc6455_4_2_2_item_4_empty_version_is_426,
    ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version:"),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(
    rfc6455_10_2_foreign_origin_403,
    ws(&["Origin: https://evil.example"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    OriginForbidden,
    403
);
reject!(
    rfc6455_10_2_origin_port_differs_403,
    ws(&["Origin: https://example.com:444"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    OriginForbidden,
    403
);
reject!(
    rfc6455_10_2_origin_scheme_differs_403,
    ws(&["Origin: http://example.com"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    OriginForbidden,
    403
);
reject!(
    rfc6455_10_2_null_origin_403,
    ws(&["Origin: null"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    OriginForbidden,
    403
);
reject!(
    rfc6455_10_2_two_origins_403,
    ws(&["Origin: https://example.com", "Origin: https://example.com"]),
    with(|p| p.origins = vec!["https://example.com".into()]),
    OriginForbidden,
    403
);
reject!(
    rfc6455_4_1_item_10_protocol_with_space,
    ws(&["Sec-WebSocket-Protocol: a b"]),
    policy(),
    BadWebSocketProtocol,
    400
);
reject!(
    rfc6455_4_1_item_10_protocol_with_separator,
    ws(&["Sec-WebSocket-Protocol: chat, a/b"]),
    policy(),
    BadWebSocketProtocol,
    400
);
reject!(
    rfc6455_4_1_item_10_quoted_protocol,
    ws(&["Sec-WebSocket-Protocol: \"chat\""]),
    policy(),
    BadWebSocketProtocol,
    400
);
reject!(
    rfc6455_4_2_1_key_without_upgrade_is_attempt,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        &format!("Sec-WebSocket-Key: {KEY}")
    ]),
    policy(),
    MissingUpgradeWebSocket,
    400
);
reject!(
    rfc6455_4_2_1_version_alone_is_attempt,
    head(&["GET / HTTP/1.1", "Host: a", "Sec-WebSocket-Version: 13"]),
    policy(),
    MissingUpgradeWebSocket,
    400
);
reject!(
    rfc6455_4_2_1_upgrade_without_connection_is_attempt,
    head(&["GET / HTTP/1.1", "Host: a", "Upgrade: websocket"]),
    policy(),
    MissingConnectionUpgrade,
    400
);
reject!(
    rfc6455_4_2_1_http10_attempt_rejected,
    head(&[
        "GET / HTTP/1.0",
        "Upgrade: websocket",
        "Connection: Upgrade"
    ]),
    policy(),
    WebSocketHttpVersion,
    400
);

#[test]
fn rfc6455_4_2_2_bad_version_never_101() {
    for v in ["0", "7", "8", "12", "14", "255", "13.0", "thirteen"] {
        let out = negotiate(
            ws_with(
                "Sec-WebSocket-Version",
                &format!("Sec-WebSocket-Version: {v}"),
            )
            .as_bytes(),
            &policy(),
        );
        assert_ne!(out.status(), Some(101), "version {v}");
        assert_eq!(out.status(), Some(426), "version {v}");
    }
}

#[test]
fn rfc6455_4_2_1_item_4_message_names_proxies() {
    let out = negotiate(
        ws_with("Connection", "Connection: keep-alive").as_bytes(),
        &policy(),
    );
    assert!(out.error().unwrap().message.contains("proxy"));
    assert_eq!(out.error().unwrap().header, Some("Connection"));
}

#[test]
fn rfc6455_4_2_1_checks_follow_item_order() {
    let out = negotiate(ws(&[]).as_bytes(), &policy());
    let ids: Vec<&str> = out.checks.iter().map(|c| c.id).collect();
    let pos = |id| ids.iter().position(|i| *i == id).unwrap();
    assert!(pos("websocket-method") < pos("websocket-upgrade-token"));
    assert!(pos("websocket-upgrade-token") < pos("websocket-connection-token"));
    assert!(pos("websocket-connection-token") < pos("websocket-key"));
    assert!(pos("websocket-key") < pos("websocket-version"));
    assert!(out
        .checks
        .iter()
        .all(|c| c.section.starts_with("RFC ") && !c.message.is_empty()));
}

#[test]
fn trail_off_records_nothing_and_decides_the_same() {
    let on = negotiate(ws(&[]).as_bytes(), &policy());
    let off = negotiate(ws(&[]).as_bytes(), &with(|p| p.trail = false));
    assert!(off.checks.is_empty());
    assert!(!on.checks.is_empty());
    assert_eq!(on.decision, off.decision);
}

#[test]
fn edge_mode_records_a_warning() {
    let out = negotiate(
        ws_with("Connection", "Connection: keep-alive").as_bytes(),
        &with(|p| p.edge = true),
    );
    assert!(out
        .checks
        .iter()
        .any(|c| c.result == CheckResult::Warn && c.header == Some("Connection")));
}

// ---- RFC 7692 permessage-deflate ----

fn deflate(offer: &str, d: DeflatePolicy) -> Option<String> {
    let out = negotiate(
        ws(&[&format!("Sec-WebSocket-Extensions: {offer}")]).as_bytes(),
        &with(|p| p.permessage_deflate = Some(d)),
    );
    let s = out
        .switch()
        .unwrap_or_else(|| panic!("declining never fails the handshake: {:?}", out.decision));
    assert_eq!(
        s.response.header_value("Sec-WebSocket-Extensions"),
        s.extensions.as_deref()
    );
    s.extensions.clone()
}

fn dp() -> DeflatePolicy {
    DeflatePolicy::default()
}

#[test]
fn rfc7692_7_accepts_plain_offer() {
    assert_eq!(
        deflate("permessage-deflate", dp()).as_deref(),
        Some("permessage-deflate")
    );
}
#[test]
fn rfc7692_5_extension_name_case_sensitive_token() {
    assert_eq!(deflate("Permessage-Deflate", dp()), None);
}
#[test]
fn rfc7692_5_unknown_parameter_declined() {
    assert_eq!(deflate("permessage-deflate; foo", dp()), None);
}
#[test]
fn rfc7692_5_next_offer_considered() {
    assert_eq!(
        deflate(
            "permessage-deflate; foo, permessage-deflate; client_max_window_bits",
            dp()
        )
        .as_deref(),
        Some("permessage-deflate")
    );
}
#[test]
fn rfc7692_7_repeated_parameter_declined() {
    assert_eq!(
        deflate(
            "permessage-deflate; client_max_window_bits; client_max_window_bits",
            dp()
        ),
        None
    );
}
#[test]
fn rfc7692_7_1_1_no_context_takeover_takes_no_value() {
    assert_eq!(
        deflate("permessage-deflate; server_no_context_takeover=1", dp()),
        None
    );
}
#[test]
fn rfc7692_7_1_1_1_server_no_context_takeover_echoed() {
    assert_eq!(
        deflate("permessage-deflate; server_no_context_takeover", dp()).as_deref(),
        Some("permessage-deflate; server_no_context_takeover")
    );
}
#[test]
fn rfc7692_7_1_1_2_client_no_context_takeover_from_policy() {
    let d = DeflatePolicy {
        client_no_context_takeover: true,
        ..dp()
    };
    assert_eq!(
        deflate("permessage-deflate", d).as_deref(),
        Some("permessage-deflate; client_no_context_takeover")
    );
}
#[test]
fn rfc7692_7_1_2_1_server_bits_8_to_15() {
    for (v, ok) in [
        ("7", false),
        ("8", true),
        ("15", true),
        ("16", false),
        ("08", false),
        ("", false),
        ("x", false),
    ] {
        let got = deflate(
            &format!("permessage-deflate; server_max_window_bits={v}"),
            dp(),
        );
        assert_eq!(got.is_some(), ok, "value {v:?}");
    }
}
#[test]
fn rfc7692_7_1_2_1_server_bits_requires_value() {
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits", dp()),
        None
    );
}
#[test]
fn rfc7692_7_1_2_1_server_bits_echoed() {
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=9", dp()).as_deref(),
        Some("permessage-deflate; server_max_window_bits=9")
    );
}
#[test]
fn rfc7692_7_1_2_1_server_bits_min_of_offer_and_policy() {
    let d = DeflatePolicy {
        server_max_window_bits: Some(11),
        ..dp()
    };
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=13", d).as_deref(),
        Some("permessage-deflate; server_max_window_bits=11")
    );
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=9", d).as_deref(),
        Some("permessage-deflate; server_max_window_bits=9")
    );
}
#[test]
fn rfc7692_7_1_2_2_client_bits_only_if_offered() {
    let d = DeflatePolicy {
        client_max_window_bits: Some(10),
        ..dp()
    };
    assert_eq!(
        deflate("permessage-deflate", d).as_deref(),
        Some("permessage-deflate")
    );
    assert_eq!(
        deflate("permessage-deflate; client_max_window_bits", d).as_deref(),
        Some("permessage-deflate; client_max_window_bits=10")
    );
    assert_eq!(
        deflate("permessage-deflate; client_max_window_bits=9", d).as_deref(),
        Some("permessage-deflate; client_max_window_bits=9")
    );
}
#[test]
fn rfc7692_7_1_2_2_client_bits_bad_value_declined() {
    assert_eq!(
        deflate("permessage-deflate; client_max_window_bits=20", dp()),
        None
    );
}
#[test]
fn rfc7692_7_1_2_quoted_value_unescaped() {
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=\"12\"", dp()).as_deref(),
        Some("permessage-deflate; server_max_window_bits=12")
    );
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=\"1\\2\"", dp()).as_deref(),
        Some("permessage-deflate; server_max_window_bits=12")
    );
}
#[test]
fn rfc7692_7_malformed_quoted_value_declined() {
    assert_eq!(
        deflate("permessage-deflate; server_max_window_bits=\"12", dp()),
        None
    );
}
#[test]
fn rfc7692_7_other_extensions_ignored() {
    assert_eq!(
        deflate("x-webkit-deflate-frame, permessage-deflate", dp()).as_deref(),
        Some("permessage-deflate")
    );
}
#[test]
fn rfc7692_7_extensions_across_field_lines() {
    let out = negotiate(
        ws(&[
            "Sec-WebSocket-Extensions: foo",
            "Sec-WebSocket-Extensions: permessage-deflate",
        ])
        .as_bytes(),
        &with(|p| p.permessage_deflate = Some(dp())),
    );
    assert_eq!(
        out.switch().unwrap().extensions.as_deref(),
        Some("permessage-deflate")
    );
}
#[test]
fn rfc7692_7_invalid_policy_turns_deflate_off() {
    let d = DeflatePolicy {
        server_max_window_bits: Some(99),
        ..dp()
    };
    assert_eq!(deflate("permessage-deflate", d), None);
}
#[test]
fn rfc7692_7_only_one_offer_accepted() {
    assert_eq!(
        deflate(
            "permessage-deflate, permessage-deflate; server_no_context_takeover",
            dp()
        )
        .as_deref(),
        Some("permessage-deflate")
    );
}

// ---- RFC 9110 §7.8 generic Upgrade ----

pass!(
    rfc9110_7_8_plain_get_passes,
    head(&["GET / HTTP/1.1", "Host: a"]),
    policy()
);
pass!(
    rfc9110_7_8_unperformed_protocol_passes,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: foo",
        "Connection: upgrade"
    ]),
    policy()
);
pass!(
    rfc9110_7_8_http10_upgrade_ignored,
    head(&["GET / HTTP/1.0", "Upgrade: foo/1", "Connection: upgrade"]),
    with(|p| p.upgrades = vec!["foo/1".into()])
);
pass!(
    rfc9110_7_8_no_connection_upgrade_is_no_offer,
    head(&["GET / HTTP/1.1", "Host: a", "Upgrade: foo/1"]),
    with(|p| p.upgrades = vec!["foo/1".into()])
);
pass!(
    rfc9110_7_8_websocket_off_passes,
    ws(&[]),
    with(|p| p.upgrades = vec![])
);
pass!(
    rfc9110_7_8_version_must_match_exactly,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: foo/2",
        "Connection: upgrade"
    ]),
    with(|p| p.upgrades = vec!["foo/1".into()])
);
switch!(rfc9110_7_8_generic_switch, head(&["GET / HTTP/1.1", "Host: a", "Upgrade: Foo/1", "Connection: upgrade"]), with(|p| p.upgrades = vec!["foo/1".into()]), "foo/1",
    "Upgrade" => Some("foo/1"), "Connection" => Some("Upgrade"));
switch!(
    rfc9110_7_8_client_order_wins,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: b, a",
        "Connection: upgrade"
    ]),
    with(|p| p.upgrades = vec!["a".into(), "b".into()]),
    "b"
);
switch!(
    rfc9110_7_8_never_unoffered,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: x, b",
        "Connection: upgrade"
    ]),
    with(|p| p.upgrades = vec!["a".into(), "b".into()]),
    "b"
);
reject!(
    rfc9110_7_8_upgrade_syntax,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: foo/",
        "Connection: upgrade"
    ]),
    policy(),
    BadUpgrade,
    400
);
reject!(
    rfc9110_7_8_upgrade_with_space,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Upgrade: foo bar",
        "Connection: upgrade"
    ]),
    policy(),
    BadUpgrade,
    400
);

#[test]
fn rfc9110_7_8_invalid_policy_entries_never_match() {
    let p = with(|p| p.upgrades = vec!["a\r\nb".into(), "h2".into()]);
    assert!(p.validate().is_err());
    let out = negotiate(
        head(&[
            "GET / HTTP/1.1",
            "Host: a",
            "Upgrade: h2",
            "Connection: upgrade",
        ])
        .as_bytes(),
        &p,
    );
    assert_eq!(out.kind(), "pass");
}

#[test]
fn rfc9110_7_8_large_upgrade_list_is_linear() {
    let req = |n: usize| {
        let list = vec!["x"; n].join(", ");
        head(&[
            "GET / HTTP/1.1",
            "Host: a",
            &format!("Upgrade: {list}, websocket"),
            "Connection: upgrade",
        ])
    };
    let p = with(|p| {
        p.max_head_bytes = 1 << 21;
        p.trail = false;
    });
    let out = negotiate(req(100_000).as_bytes(), &p);
    assert_eq!(
        out.error().map(|e| e.code),
        Some(ErrorCode::MissingWebSocketKey)
    );
    let ratio = common::growth(12_500, req, |r| {
        negotiate(r.as_bytes(), &p);
    });
    assert!(
        ratio < common::LINEAR,
        "8x the elements took {ratio:.1}x the time"
    );
}

#[test]
fn rfc9110_5_6_1_large_protocol_list_is_linear() {
    let req = |n: usize| {
        let list = vec!["p"; n].join(",");
        ws(&[
            &format!("Sec-WebSocket-Protocol: {list}, chat"),
            &format!("Sec-WebSocket-Extensions: {list}"),
        ])
    };
    let p = with(|p| {
        p.max_head_bytes = 1 << 22;
        p.protocols = vec!["chat".into()];
        p.permessage_deflate = Some(dp());
    });
    let out = negotiate(req(100_000).as_bytes(), &p);
    assert_eq!(out.switch().unwrap().subprotocol.as_deref(), Some("chat"));
    let ratio = common::growth(12_500, req, |r| {
        negotiate(r.as_bytes(), &p);
    });
    assert!(
        ratio < common::LINEAR,
        "8x the elements took {ratio:.1}x the time"
    );
}

// ---- RFC 7540 h2c ----

fn h2c(lines: &[&str]) -> String {
    let mut l = vec!["GET / HTTP/1.1", "Host: server.example.com"];
    l.extend_from_slice(lines);
    head(&l)
}
const H2: &str = "HTTP2-Settings: AAMAAABkAAQAAP__";
fn h2p() -> Policy {
    with(|p| p.upgrades = vec!["h2c".into()])
}

switch!(rfc7540_3_2_mdn_example, h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", H2]), h2p(), "h2c",
    "Upgrade" => Some("h2c"), "Connection" => Some("Upgrade"), "HTTP2-Settings" => None);
switch!(
    rfc7540_3_2_1_connection_tokens_case_insensitive,
    h2c(&["Connection: upgrade, http2-settings", "Upgrade: H2C", H2]),
    h2p(),
    "h2c"
);
switch!(
    rfc7540_3_2_1_edge_mode_tolerates_connection,
    h2c(&["Connection: keep-alive", "Upgrade: h2c", H2]),
    with(|p| {
        p.upgrades = vec!["h2c".into()];
        p.edge = true;
    }),
    "h2c"
);
pass!(
    rfc7540_3_2_h2c_off_by_default,
    h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", H2]),
    policy()
);
pass!(
    rfc7540_3_2_h2_token_never_in_cleartext,
    h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2", H2]),
    h2p()
);
pass!(
    rfc7540_3_2_request_with_body_not_upgraded,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        H2,
        "Content-Length: 10"
    ]),
    h2p()
);
pass!(
    rfc7540_3_2_chunked_body_not_upgraded,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        H2,
        "Transfer-Encoding: chunked"
    ]),
    h2p()
);
switch!(
    rfc7540_3_2_zero_length_body_upgrades,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        H2,
        "Content-Length: 0"
    ]),
    h2p(),
    "h2c"
);
not_performed!(
    rfc7540_3_2_1_connection_lacks_http2_settings_is_not_performed,
    h2c(&["Connection: Upgrade", "Upgrade: h2c", H2]),
    h2p(),
    "h2c-connection-settings"
);
not_performed!(
    rfc7540_3_2_1_missing_settings_is_not_performed,
    h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c"]),
    h2p(),
    "http2-settings-count"
);
not_performed!(
    rfc7540_3_2_1_settings_twice_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        H2,
        H2
    ]),
    h2p(),
    "http2-settings-count"
);
not_performed!(
    rfc7540_3_2_1_standard_alphabet_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAMAAABkAAQAAP//"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_3_2_1_padding_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAMAAABk=="
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_3_2_1_empty_settings_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings:"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_6_5_payload_multiple_of_6_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAMAAABkAA"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_6_5_2_enable_push_0_or_1_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAIAAAAC"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_6_5_2_initial_window_size_max_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AASAAAAA"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_6_5_2_max_frame_size_min_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAUAAD__"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc7540_6_5_2_max_frame_size_max_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAUBAAAA"
    ]),
    h2p(),
    "http2-settings"
);
not_performed!(
    rfc8441_3_enable_connect_protocol_0_or_1_is_not_performed,
    h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAgAAAAC"
    ]),
    h2p(),
    "http2-settings"
);

#[test]
fn rfc7540_3_2_1_settings_decoded() {
    let out = negotiate(
        h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", H2]).as_bytes(),
        &h2p(),
    );
    let s = out.switch().unwrap().settings.as_ref().unwrap();
    assert_eq!(s.entries, vec![(3, 100), (4, 65535)]);
    assert_eq!(Settings::name(3), Some("SETTINGS_MAX_CONCURRENT_STREAMS"));
}

#[test]
fn rfc7540_6_5_2_boundaries() {
    // MAX_FRAME_SIZE = 16384 and 16777215; INITIAL_WINDOW_SIZE = 2^31-1.
    assert_eq!(
        Settings::decode("AAUAAEAA").unwrap().entries,
        vec![(5, 16384)]
    );
    assert_eq!(
        Settings::decode("AAUA____").unwrap().entries,
        vec![(5, 16_777_215)]
    );
    assert_eq!(
        Settings::decode("AAR_____").unwrap().entries,
        vec![(4, 0x7fff_ffff)]
    );
}

#[test]
fn rfc7540_6_5_2_unknown_ids_ignored() {
    let s = Settings::decode("AHcAAAAC").unwrap();
    assert_eq!(s.entries, vec![(0x77, 2)]);
    assert_eq!(Settings::name(0x77), None);
}

#[test]
fn rfc7540_3_2_h2c_then_websocket_preference() {
    let req = h2c(&[
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: websocket, h2c",
        H2,
        &format!("Sec-WebSocket-Key: {KEY}"),
        "Sec-WebSocket-Version: 13",
    ]);
    let out = negotiate(
        req.as_bytes(),
        &with(|p| p.upgrades = vec!["h2c".into(), "websocket".into()]),
    );
    assert_eq!(out.switch().unwrap().protocol, "websocket");
}

// ---- RFC 2817 TLS ----

fn tlsp() -> Policy {
    with(|p| p.upgrades = vec!["TLS/1.0".into()])
}
const TLS_OPTIONS: &[&str] = &[
    "OPTIONS * HTTP/1.1",
    "Host: example.bank.com",
    "Upgrade: TLS/1.0",
    "Connection: Upgrade",
];

switch!(rfc2817_3_2_options_star, head(TLS_OPTIONS), tlsp(), "TLS/1.0", "Upgrade" => Some("TLS/1.0, HTTP/1.1"), "Connection" => Some("Upgrade"));
switch!(
    rfc2817_3_1_optional_upgrade_on_get,
    head(&[
        "GET /a HTTP/1.1",
        "Host: a",
        "Upgrade: TLS/1.0",
        "Connection: Upgrade"
    ]),
    tlsp(),
    "TLS/1.0"
);
switch!(
    rfc2817_7_2_name_case_insensitive,
    head(&[
        "OPTIONS * HTTP/1.1",
        "Host: a",
        "Upgrade: tls/1.0",
        "Connection: Upgrade"
    ]),
    tlsp(),
    "TLS/1.0"
);
pass!(
    rfc2817_7_2_version_exact,
    head(&[
        "OPTIONS * HTTP/1.1",
        "Host: a",
        "Upgrade: TLS/1.1",
        "Connection: Upgrade"
    ]),
    tlsp()
);
pass!(
    rfc2817_7_2_whole_token,
    head(&[
        "OPTIONS * HTTP/1.1",
        "Host: a",
        "Upgrade: TLS",
        "Connection: Upgrade"
    ]),
    tlsp()
);
pass!(
    rfc2817_3_1_connection_required,
    head(&["OPTIONS * HTTP/1.1", "Host: a", "Upgrade: TLS/1.0"]),
    tlsp()
);
reject!(rfc2817_4_2_require_tls_plain_request, head(&["GET / HTTP/1.1", "Host: a"]), with(|p| p.require_tls = true), TlsRequired, 426,
    "Upgrade" => "TLS/1.0, HTTP/1.1", "Connection" => "Upgrade");
reject!(rfc2817_4_2_require_tls_before_websocket, ws(&[]), with(|p| p.require_tls = true), TlsRequired, 426, "Upgrade" => "TLS/1.0, HTTP/1.1");
switch!(
    rfc2817_4_2_require_tls_accepts_tls,
    head(TLS_OPTIONS),
    with(|p| p.require_tls = true),
    "TLS/1.0"
);

#[test]
fn rfc2817_3_3_exact_101() {
    let out = negotiate(head(TLS_OPTIONS).as_bytes(), &tlsp());
    assert_eq!(out.response().unwrap().to_string(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n");
}

#[test]
fn rfc2817_4_2_body_is_human_readable() {
    let out = negotiate(
        head(&["GET / HTTP/1.1", "Host: a"]).as_bytes(),
        &with(|p| p.require_tls = true),
    );
    let r = out.response().unwrap();
    assert!(r.body().contains("TLS"));
    assert!(r.body().contains("RFC 2817 §4.2"));
}

#[test]
fn rfc2817_4_1_advertisement_on_pass() {
    let out = negotiate(
        head(&["GET / HTTP/1.1", "Host: a"]).as_bytes(),
        &with(|p| p.upgrades = vec!["websocket".into(), "TLS/1.0".into()]),
    );
    let Decision::Pass(p) = out.decision else {
        panic!()
    };
    assert_eq!(
        p.headers,
        vec![
            ("Upgrade".into(), "TLS/1.0".into()),
            ("Connection".into(), "Upgrade".into())
        ]
    );
}

#[test]
fn rfc2817_4_1_no_advertisement_without_tls() {
    let out = negotiate(head(&["GET / HTTP/1.1", "Host: a"]).as_bytes(), &policy());
    let Decision::Pass(p) = out.decision else {
        panic!()
    };
    assert!(p.headers.is_empty());
}

// ---- RFC 9112 syntax and limits ----

reject!(
    rfc9112_5_1_whitespace_before_colon,
    head(&["GET / HTTP/1.1", "Host : a"]),
    policy(),
    WhitespaceBeforeColon,
    400
);
reject!(
    rfc9112_5_1_tab_before_colon,
    head(&["GET / HTTP/1.1", "Host: a", "Upgrade\t: websocket"]),
    policy(),
    WhitespaceBeforeColon,
    400
);
reject!(
    rfc9110_5_1_field_name_not_token,
    head(&["GET / HTTP/1.1", "Host: a", "X@Y: z"]),
    policy(),
    BadFieldName,
    400
);
reject!(
    rfc9110_5_1_empty_field_name,
    head(&["GET / HTTP/1.1", "Host: a", ": z"]),
    policy(),
    BadFieldName,
    400
);
reject!(
    rfc9110_5_5_nul_in_value,
    head(&["GET / HTTP/1.1", "Host: a", "X: a\0b"]),
    policy(),
    BadFieldValue,
    400
);
reject!(
    rfc9110_5_5_bare_cr_in_value,
    head(&["GET / HTTP/1.1", "Host: a", "X: a\rb"]),
    policy(),
    BadFieldValue,
    400
);
reject!(
    rfc9110_5_5_del_in_value,
    head(&["GET / HTTP/1.1", "Host: a", "X: a\x7fb"]),
    policy(),
    BadFieldValue,
    400
);
reject!(
    rfc9112_5_2_obs_fold_rejected,
    head(&["GET / HTTP/1.1", "Host: a", "X: a", " b"]),
    policy(),
    ObsFold,
    400
);
reject!(
    rfc9112_5_2_obs_fold_tab_rejected,
    head(&["GET / HTTP/1.1", "Host: a", "X: a", "\tb"]),
    policy(),
    ObsFold,
    400
);
reject!(
    rfc9112_3_2_missing_host,
    head(&["GET / HTTP/1.1"]),
    policy(),
    BadHost,
    400
);
reject!(
    rfc9112_3_2_two_hosts,
    head(&["GET / HTTP/1.1", "Host: a", "Host: a"]),
    policy(),
    BadHost,
    400
);
reject!(
    rfc9112_3_2_two_hosts_http10,
    head(&["GET / HTTP/1.0", "Host: a", "Host: b"]),
    policy(),
    BadHost,
    400
);
reject!(
    rfc9112_3_2_invalid_host_value,
    head(&["GET / HTTP/1.1", "Host: a b"]),
    policy(),
    BadHost,
    400
);
pass!(
    rfc9112_3_2_http10_without_host,
    head(&["GET / HTTP/1.0"]),
    policy()
);
pass!(
    rfc9112_3_2_empty_host_allowed,
    head(&["GET / HTTP/1.1", "Host:"]),
    policy()
);
reject!(
    rfc9112_3_double_space_request_line,
    head(&["GET  / HTTP/1.1", "Host: a"]),
    policy(),
    BadRequestLine,
    400
);
reject!(
    rfc9112_3_missing_version,
    head(&["GET /", "Host: a"]),
    policy(),
    BadRequestLine,
    400
);
reject!(
    rfc9112_3_method_not_token,
    head(&["G(T / HTTP/1.1", "Host: a"]),
    policy(),
    BadRequestLine,
    400
);
reject!(
    rfc9112_2_3_http2_version,
    head(&["GET / HTTP/2.0", "Host: a"]),
    policy(),
    UnsupportedHttpVersion,
    505
);
reject!(
    rfc6585_5_head_too_large,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        &format!("X: {}", "a".repeat(300))
    ]),
    with(|p| p.max_head_bytes = 256),
    HeadTooLarge,
    431
);
reject!(
    rfc6585_5_incomplete_but_too_large,
    format!("GET / HTTP/1.1\r\nHost: a\r\nX: {}", "a".repeat(300)),
    with(|p| p.max_head_bytes = 256),
    HeadTooLarge,
    431
);
reject!(
    rfc9110_15_5_15_target_too_long,
    format!("GET /{} HTTP/1.1\r\n", "a".repeat(300)),
    with(|p| p.max_head_bytes = 256),
    TargetTooLong,
    414
);
reject!(
    rfc6585_5_too_many_headers,
    head(&["GET / HTTP/1.1", "Host: a", "A: 1", "B: 2", "C: 3"]),
    with(|p| p.max_headers = 3),
    TooManyHeaders,
    431
);

#[test]
fn rfc6585_5_exactly_at_header_limit_is_fine() {
    let out = negotiate(
        head(&["GET / HTTP/1.1", "Host: a", "A: 1", "B: 2"]).as_bytes(),
        &with(|p| p.max_headers = 3),
    );
    assert_eq!(out.kind(), "pass");
}

#[test]
fn rfc6585_5_many_headers_above_stack_size() {
    let mut lines = vec!["GET / HTTP/1.1".to_string(), "Host: a".to_string()];
    lines.extend((0..300).map(|i| format!("X-{i}: v")));
    let req = head(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        negotiate(req.as_bytes(), &policy()).error().unwrap().code,
        ErrorCode::TooManyHeaders
    );
    assert_eq!(
        negotiate(req.as_bytes(), &with(|p| p.max_headers = 500)).kind(),
        "pass"
    );
}

#[test]
fn rfc9112_2_incomplete_at_every_prefix() {
    let req = ws(&[]);
    for n in 0..req.len() - 1 {
        let out = negotiate(&req.as_bytes()[..n], &policy());
        assert_eq!(out.kind(), "incomplete", "prefix {n}");
    }
    assert_eq!(negotiate(req.as_bytes(), &policy()).kind(), "switch");
}

#[test]
fn rfc9112_2_empty_input_incomplete() {
    assert_eq!(negotiate(b"", &policy()).decision, Decision::Incomplete);
}

#[test]
fn rejections_close_the_connection() {
    for req in [
        ws_with("Sec-WebSocket-Key", ""),
        head(&["GET / HTTP/1.1", "Host : a"]),
    ] {
        let out = negotiate(req.as_bytes(), &policy());
        assert!(out
            .response()
            .unwrap()
            .header_value("Connection")
            .unwrap()
            .contains("close"));
    }
}

// ---- negotiate_parts ----

fn parts_headers() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("host", b"server.example.com"),
        ("upgrade", b"websocket"),
        ("connection", b"Upgrade"),
        ("sec-websocket-key", KEY.as_bytes()),
        ("sec-websocket-version", b"13"),
    ]
}

#[test]
fn parts_switch_same_as_bytes() {
    let h = parts_headers();
    let req = RequestParts {
        method: "GET",
        target: "/chat",
        version: Version::Http11,
        headers: &h,
        has_body: false,
    };
    let a = negotiate_parts(&req, &policy());
    let b = negotiate(ws(&[]).as_bytes(), &policy());
    assert_eq!(a.decision, b.decision);
}

#[test]
fn parts_absolute_target_stands_in_for_host() {
    let h: Vec<_> = parts_headers()
        .into_iter()
        .filter(|(n, _)| *n != "host")
        .collect();
    let req = RequestParts {
        method: "GET",
        target: "https://example.com/chat",
        version: Version::Http11,
        headers: &h,
        has_body: false,
    };
    assert_eq!(negotiate_parts(&req, &policy()).kind(), "switch");
}

#[test]
fn parts_crlf_in_value_rejected() {
    let mut h = parts_headers();
    h.push(("x", b"a\r\nb"));
    let req = RequestParts {
        method: "GET",
        target: "/",
        version: Version::Http11,
        headers: &h,
        has_body: false,
    };
    assert_eq!(
        negotiate_parts(&req, &policy()).error().unwrap().code,
        ErrorCode::BadFieldValue
    );
}

#[test]
fn parts_bad_name_rejected() {
    let mut h = parts_headers();
    h.push(("x y", b"1"));
    let req = RequestParts {
        method: "GET",
        target: "/",
        version: Version::Http11,
        headers: &h,
        has_body: false,
    };
    assert_eq!(
        negotiate_parts(&req, &policy()).error().unwrap().code,
        ErrorCode::BadFieldName
    );
}

#[test]
fn parts_body_blocks_h2c() {
    let h: Vec<(&str, &[u8])> = vec![
        ("host", b"a"),
        ("connection", b"Upgrade, HTTP2-Settings"),
        ("upgrade", b"h2c"),
        ("http2-settings", b"AAMAAABkAAQAAP__"),
    ];
    let req = RequestParts {
        method: "POST",
        target: "/",
        version: Version::Http11,
        headers: &h,
        has_body: true,
    };
    assert_eq!(negotiate_parts(&req, &h2p()).kind(), "pass");
    let req = RequestParts {
        has_body: false,
        ..req
    };
    assert_eq!(negotiate_parts(&req, &h2p()).kind(), "switch");
}

#[test]
fn parts_limits_apply() {
    let h = parts_headers();
    let req = RequestParts {
        method: "GET",
        target: "/",
        version: Version::Http11,
        headers: &h,
        has_body: false,
    };
    assert_eq!(
        negotiate_parts(&req, &with(|p| p.max_headers = 2))
            .error()
            .unwrap()
            .code,
        ErrorCode::TooManyHeaders
    );
}

// ---- policy and error codes ----

#[test]
fn policy_default_matches_contract() {
    let p = Policy::default();
    assert_eq!(p.upgrades, vec!["websocket".to_string()]);
    assert!(p.protocols.is_empty() && p.origins.is_empty() && p.permessage_deflate.is_none());
    assert!(!p.require_tls && !p.edge && p.trail);
    assert_eq!((p.max_head_bytes, p.max_headers), (16384, 100));
    assert!(p.validate().is_ok());
}

#[test]
fn policy_invalid_subprotocol_is_never_chosen() {
    let p = with(|p| p.protocols = vec!["a\r\nb".into()]);
    assert_eq!(p.validate().unwrap_err().field, "protocols");
    let out = negotiate(ws(&["Sec-WebSocket-Protocol: chat"]).as_bytes(), &p);
    assert_eq!(out.switch().unwrap().subprotocol, None);
}

#[test]
fn rfc9110_15_5_22_require_upgrade_without_upgrades_is_reported() {
    // A 426 "MUST send an Upgrade header field": with nothing to list, the policy is misused.
    let p = with(|p| {
        p.require_upgrade = true;
        p.upgrades.clear();
    });
    assert_eq!(p.validate().unwrap_err().field, "require_upgrade");
    assert!(with(|p| p.require_upgrade = true).validate().is_ok());
    assert!(with(|p| {
        p.require_upgrade = true;
        p.require_tls = true;
        p.upgrades.clear();
    })
    .validate()
    .is_ok());
}

#[test]
fn policy_invalid_origin_reported() {
    assert_eq!(
        with(|p| p.origins = vec!["https://a b".into()])
            .validate()
            .unwrap_err()
            .field,
        "origins"
    );
}

#[test]
fn error_codes_are_distinct_and_documented() {
    let mut ids = std::collections::HashSet::new();
    for &c in ErrorCode::ALL {
        assert!(ids.insert(c.as_str()), "duplicate id {}", c.as_str());
        assert!(c.section().starts_with("RFC "));
        assert!(!c.description().is_empty());
        assert_eq!(ErrorCode::from_id(c.as_str()), Some(c));
        assert!(c.status() == 0 || (400..600).contains(&c.status()));
    }
}

#[test]
fn rfc9110_15_5_22_every_426_carries_upgrade() {
    // One request per code answered with 426, through negotiate: the response names the
    // protocols to switch to (RFC 9110 §15.5.22 "MUST send an Upgrade header field").
    let cases = [
        (
            ErrorCode::BadWebSocketVersion,
            ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"),
            policy(),
        ),
        (
            ErrorCode::TlsRequired,
            ws(&[]),
            with(|p| p.require_tls = true),
        ),
        (
            ErrorCode::UpgradeRequired,
            head(&["GET / HTTP/1.1", "Host: a"]),
            with(|p| p.require_upgrade = true),
        ),
    ];
    let with_426: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| c.status() == 426)
        .collect();
    assert_eq!(with_426, cases.iter().map(|c| c.0).collect::<Vec<_>>());
    for (code, req, policy) in cases {
        let out = negotiate(req.as_bytes(), &policy);
        assert_eq!(out.error().map(|e| e.code), Some(code));
        let r = out.response().unwrap();
        assert_eq!(r.status(), 426);
        assert!(
            r.header_value("Upgrade").is_some_and(|u| !u.is_empty()),
            "{code:?}"
        );
        assert!(
            r.header_value("Connection")
                .is_some_and(|c| c.contains("Upgrade")),
            "{code:?}"
        );
    }
}

#[test]
fn rfc9110_15_5_22_require_upgrade_426_carries_upgrade_and_connection() {
    let policy = Policy {
        require_upgrade: true,
        ..Policy::default()
    };
    let out = negotiate(head(&["GET /echo HTTP/1.1", "Host: a"]).as_bytes(), &policy);
    assert_eq!(out.status(), Some(426));
    assert_eq!(
        out.error().map(|e| e.code),
        Some(ErrorCode::UpgradeRequired)
    );
    let r = out.response().unwrap();
    assert_eq!(r.header_value("Upgrade"), Some("websocket"));
    assert_eq!(r.header_value("Connection"), Some("Upgrade"));
    assert_eq!(r.header_value("Sec-WebSocket-Version"), Some("13"));
    // Without require_upgrade the same request is served normally.
    let plain = negotiate(
        head(&["GET /echo HTTP/1.1", "Host: a"]).as_bytes(),
        &Policy::default(),
    );
    assert_eq!(plain.kind(), "pass");
}

// ---- hardening review: framing and bodies ----

#[test]
fn rfc9112_6_1_content_length_with_transfer_encoding_is_400_and_closes() {
    for req in [
        ws(&["Content-Length: 4", "Transfer-Encoding: chunked"]),
        ws(&["Transfer-Encoding: chunked", "Content-Length: 0"]),
        head(&[
            "POST /form HTTP/1.1",
            "Host: a",
            "content-length: 3",
            "TRANSFER-ENCODING: chunked",
        ]),
    ] {
        let out = negotiate(req.as_bytes(), &policy());
        assert_eq!(out.status(), Some(400), "{req}");
        assert_eq!(
            out.error().map(|e| e.code),
            Some(ErrorCode::ConflictingFraming)
        );
        let r = out.response().unwrap();
        assert_eq!(r.header_value("Connection"), Some("close"));
        assert!(out
            .checks
            .iter()
            .any(|c| c.id == "message-framing" && c.result == CheckResult::Fail));
        assert_eq!(
            negotiate(req.as_bytes(), &with(|p| p.trail = false)).status(),
            Some(400)
        );
    }
    // Either one alone is ordinary framing.
    let one = head(&[
        "POST /form HTTP/1.1",
        "Host: a",
        "Transfer-Encoding: chunked",
    ]);
    assert_eq!(negotiate(one.as_bytes(), &policy()).kind(), "pass");
}

#[test]
fn rfc9112_6_1_content_length_with_transfer_encoding_in_parts_is_400() {
    let headers: &[(&str, &[u8])] = &[
        ("Host", b"a"),
        ("Upgrade", b"websocket"),
        ("Connection", b"Upgrade"),
        ("Sec-WebSocket-Key", KEY.as_bytes()),
        ("Sec-WebSocket-Version", b"13"),
        ("Content-Length", b"4"),
        ("Transfer-Encoding", b"chunked"),
    ];
    let req = RequestParts {
        method: "GET",
        target: "/chat",
        version: Version::Http11,
        headers,
        has_body: true,
    };
    let out = negotiate_parts(&req, &policy());
    assert_eq!(
        out.error().map(|e| e.code),
        Some(ErrorCode::ConflictingFraming)
    );
}

#[test]
fn rfc6455_4_2_1_handshake_with_body_is_400_never_101() {
    for extra in ["Content-Length: 5", "Transfer-Encoding: chunked"] {
        let out = negotiate(ws(&[extra]).as_bytes(), &policy());
        assert_eq!(out.status(), Some(400), "{extra}");
        assert_eq!(out.error().map(|e| e.code), Some(ErrorCode::WebSocketBody));
        assert_eq!(
            out.response().unwrap().header_value("Connection"),
            Some("close")
        );
        assert!(out
            .checks
            .iter()
            .any(|c| c.id == "websocket-body" && c.result == CheckResult::Fail));
    }
    // Content-Length: 0 is no content.
    let zero = negotiate(ws(&["Content-Length: 0"]).as_bytes(), &policy());
    assert_eq!(zero.status(), Some(101));
}

#[test]
fn rfc6455_4_2_1_handshake_parts_with_body_is_400() {
    let headers: &[(&str, &[u8])] = &[
        ("Host", b"a"),
        ("Upgrade", b"websocket"),
        ("Connection", b"Upgrade"),
        ("Sec-WebSocket-Key", KEY.as_bytes()),
        ("Sec-WebSocket-Version", b"13"),
    ];
    let req = RequestParts {
        method: "GET",
        target: "/chat",
        version: Version::Http11,
        headers,
        has_body: true,
    };
    let out = negotiate_parts(&req, &policy());
    assert_eq!(out.error().map(|e| e.code), Some(ErrorCode::WebSocketBody));
    let no_body = RequestParts {
        has_body: false,
        ..req
    };
    assert_eq!(negotiate_parts(&no_body, &policy()).status(), Some(101));
}

#[test]
fn rfc9110_2_5_higher_minor_version_is_processed_as_http_1_1() {
    // RFC 9110 §2.5: a higher minor version of a major version the recipient implements SHOULD
    // be processed as the highest minor version it conforms to; the answer is HTTP/1.1.
    for version in ["HTTP/1.2", "HTTP/1.9"] {
        let req = ws_with("request-line", &format!("GET /chat {version}"));
        let out = negotiate(req.as_bytes(), &policy());
        assert_eq!(out.status(), Some(101), "{version}");
        let response = out.response().expect("a 101").to_string();
        assert!(response.starts_with("HTTP/1.1 101 "), "{response}");
    }
    // A higher major version is still not spoken (RFC 9112 §2.3).
    let out = negotiate(
        ws_with("request-line", "GET /chat HTTP/2.0").as_bytes(),
        &policy(),
    );
    assert_eq!(out.status(), Some(505));
    assert_eq!(
        out.error().map(|e| e.code),
        Some(ErrorCode::UnsupportedHttpVersion)
    );
}

// ---- Issue 17: strict HTTP/1.1 syntax by default ----------------------------------------------

/// The line a bare LF ends, as the check names it.
fn bare_lf_message(req: &str) -> String {
    let out = negotiate(req.as_bytes(), &policy());
    assert_eq!(out.status(), Some(400), "{:?}", out.decision);
    let err = out.error().unwrap();
    assert_eq!(err.code, ErrorCode::BareLf);
    assert_eq!(out.checks.last().unwrap().message, err.message);
    err.message.clone()
}

#[test]
fn rfc9112_2_2_a_bare_lf_is_refused_wherever_it_ends_a_line() {
    let crlf = ws(&[]);
    // The request line, a field line in the middle, and the empty line that ends the head.
    assert!(bare_lf_message(&crlf.replacen("\r\n", "\n", 1)).starts_with("Line 1 "));
    let third = crlf.match_indices("\r\n").nth(2).unwrap().0;
    let mixed = format!("{}\n{}", &crlf[..third], &crlf[third + 2..]);
    assert!(bare_lf_message(&mixed).starts_with("Line 3 "));
    let end = format!("{}\n", &crlf[..crlf.len() - 2]);
    assert!(bare_lf_message(&end).contains("bare LF"));
    // An empty line before the request line too.
    assert!(bare_lf_message(&format!("\n{crlf}")).starts_with("Line 1 "));
}

#[test]
fn rfc9112_2_2_lenient_line_ends_warn_with_the_line() {
    let req = ws(&[]).replacen("\r\n", "\n", 2);
    let out = negotiate(req.as_bytes(), &with(|p| p.lenient_line_ends = true));
    assert_eq!(out.kind(), "switch");
    let warn = out
        .checks
        .iter()
        .find(|c| c.result == CheckResult::Warn && c.section == "RFC 9112 §2.2")
        .expect("a warning");
    assert!(warn.message.starts_with("Line 1 "), "{}", warn.message);
}

#[test]
fn rfc9112_2_2_lenient_line_ends_answer_as_crlf_does() {
    let lenient = with(|p| p.lenient_line_ends = true);
    let crlf = negotiate(ws(&[]).as_bytes(), &lenient);
    let lf = negotiate(ws(&[]).replace("\r\n", "\n").as_bytes(), &lenient);
    assert_eq!(crlf.decision, lf.decision);
}

reject!(
    rfc9112_3_2_host_port_is_digits,
    ws_with("Host", "Host: a:b"),
    policy(),
    BadHost,
    400
);
reject!(
    rfc9112_3_2_host_is_not_split_at_a_second_colon,
    ws_with("Host", "Host: server:.example.com"),
    policy(),
    BadHost,
    400
);
reject!(
    rfc3986_3_2_2_ip_literal_is_bracketed,
    ws_with("Host", "Host: [::1"),
    policy(),
    BadHost,
    400
);
reject!(
    rfc3986_3_2_2_ipv6_has_one_elision,
    ws_with("Host", "Host: [1::2::3]"),
    policy(),
    BadHost,
    400
);
reject!(
    rfc3986_3_2_1_host_has_no_userinfo,
    ws_with("Host", "Host: user@server.example.com"),
    policy(),
    BadHost,
    400
);
switch!(
    rfc3986_3_2_2_ipv6_literal_host,
    ws_with("Host", "Host: [2001:db8::1]:8080"),
    policy(),
    "websocket"
);
switch!(
    rfc3986_3_2_2_ipv4_host,
    ws_with("Host", "Host: 192.0.2.1:80"),
    policy(),
    "websocket"
);
pass!(
    rfc9112_3_2_empty_host_is_allowed,
    head(&["GET / HTTP/1.1", "Host:"]),
    policy()
);

/// The base WebSocket request with this method and request-target.
fn ws_target(method: &str, target: &str) -> String {
    let req = ws(&[]);
    assert!(req.starts_with("GET /chat "));
    req.replacen("GET /chat ", &format!("{method} {target} "), 1)
}

reject!(
    rfc9112_3_2_target_is_a_path_or_an_absolute_uri,
    ws_target("GET", "at"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc9112_3_2_4_asterisk_form_is_for_options_only,
    ws_target("GET", "*"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc9112_3_2_3_authority_form_is_for_connect_only,
    ws_target("GET", "a:80"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc9112_3_2_3_connect_takes_an_authority,
    head(&["CONNECT /chat HTTP/1.1", "Host: a"]),
    policy(),
    BadRequestTarget,
    400
);
switch!(
    rfc9112_3_2_2_absolute_form_is_allowed,
    ws_target("GET", "http://server.example.com/chat"),
    policy(),
    "websocket"
);
switch!(
    rfc9112_3_2_1_origin_form_with_query,
    ws_target("GET", "/chat?room=1"),
    policy(),
    "websocket"
);
switch!(
    rfc2817_3_2_options_asterisk_still_upgrades_to_tls,
    head(&[
        "OPTIONS * HTTP/1.1",
        "Host: a",
        "Upgrade: TLS/1.0",
        "Connection: Upgrade"
    ]),
    with(|p| p.require_tls = true),
    "TLS/1.0"
);
pass!(
    rfc9110_9_3_6_connect_passes,
    head(&[
        "CONNECT server.example.com:443 HTTP/1.1",
        "Host: server.example.com:443"
    ]),
    policy()
);

#[test]
fn rfc9110_9_3_6_connect_with_upgrade_is_not_an_upgrade() {
    let req = head(&[
        "CONNECT server.example.com:443 HTTP/1.1",
        "Host: server.example.com:443",
        "Upgrade: websocket",
        "Connection: Upgrade",
    ]);
    let out = negotiate(req.as_bytes(), &with(|p| p.require_upgrade = true));
    assert_eq!(out.kind(), "pass");
    assert_eq!(out.checks.last().unwrap().id, "connect");
}

reject!(rfc6455_11_3_5_version_is_one_value_not_a_list, ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: ,13"), policy(),
    BadWebSocketVersion, 426, "Sec-WebSocket-Version" => "13");
reject!(
    rfc6455_11_3_5_version_13_13_is_not_13,
    ws_with("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13, 13"),
    policy(),
    BadWebSocketVersion,
    426
);
reject!(rfc9112_6_3_content_length_is_digits, ws(&["Content-Length: abc"]), policy(), BadContentLength, 400,
    "Connection" => "close");
reject!(
    rfc9112_6_3_content_length_is_one_field,
    head(&[
        "GET / HTTP/1.1",
        "Host: a",
        "Content-Length: 0",
        "Content-Length: 0"
    ]),
    policy(),
    BadContentLength,
    400
);
reject!(
    rfc9110_8_6_content_length_list_is_refused,
    head(&["GET / HTTP/1.1", "Host: a", "Content-Length: 5, 5"]),
    policy(),
    BadContentLength,
    400
);
pass!(
    rfc9110_8_6_content_length_zero_passes,
    head(&["GET / HTTP/1.1", "Host: a", "Content-Length: 0"]),
    policy()
);

/// RFC 7540 §3.2.1: h2c that cannot be performed falls through to the next protocol offered,
/// with exactly the answer that protocol alone gets (no smuggling path through the h2c offer).
#[test]
fn rfc7540_3_2_1_h2c_not_performed_falls_through_to_websocket() {
    let both = with(|p| p.upgrades = vec!["websocket".into(), "h2c".into()]);
    for (upgrade, connection) in [
        ("h2c, websocket", "Upgrade"),
        ("h2c, websocket", "Upgrade, HTTP2-Settings"),
        ("websocket, h2c", "Upgrade, HTTP2-Settings"),
    ] {
        let alone = negotiate(ws(&[]).as_bytes(), &both);
        let req = ws_with("Upgrade", &format!("Upgrade: {upgrade}")).replace(
            "Connection: Upgrade\r\n",
            &format!("Connection: {connection}\r\n"),
        );
        let out = negotiate(req.as_bytes(), &both);
        assert_eq!(out.decision, alone.decision, "{upgrade} / {connection}");
        assert!(!out.checks.iter().any(|c| c.result == CheckResult::Fail));
    }
    // With bad settings too.
    let req = ws_with("Upgrade", "Upgrade: h2c, websocket").replace(
        "Connection: Upgrade\r\n",
        "Connection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAUAAAAB\r\n",
    );
    let out = negotiate(req.as_bytes(), &both);
    assert_eq!(out.kind(), "switch");
    assert_eq!(out.switch().unwrap().protocol, "websocket");
    assert!(out.checks.iter().any(|c| c.id == "http2-settings"
        && c.result == CheckResult::Warn
        && c.message.contains("SETTINGS_MAX_FRAME_SIZE")));
}

#[test]
fn rfc7540_3_2_1_h2c_not_performed_and_nothing_else_offered_passes_with_a_warning() {
    let out = negotiate(
        h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c"]).as_bytes(),
        &h2p(),
    );
    assert_eq!(out.decision, Decision::Pass(Default::default()));
    let warn = out
        .checks
        .iter()
        .find(|c| c.result == CheckResult::Warn)
        .unwrap();
    assert_eq!(warn.id, "http2-settings-count");
    assert!(warn.message.contains("h2c is not performed"));
    // require_upgrade still answers 426: h2c was offered but cannot be performed.
    let strict = with(|p| {
        p.upgrades = vec!["h2c".into()];
        p.require_upgrade = true;
    });
    let out = negotiate(
        h2c(&["Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c"]).as_bytes(),
        &strict,
    );
    assert_eq!(out.status(), Some(426));
}

// ---- RFC 6455 §4.2.1 item 2: the Host names this server (Policy::hosts) ----------------------

fn hosts(list: &[&str]) -> Policy {
    with(|p| p.hosts = list.iter().map(|h| h.to_string()).collect())
}

reject!(rfc9110_15_5_20_unknown_host_is_misdirected, ws_with("Host", "Host: rebind.attacker.example"),
    hosts(&["server.example.com"]), MisdirectedRequest, 421, "Connection" => "close");
switch!(
    rfc6455_4_2_1_item_2_allowed_host_any_port,
    ws_with("Host", "Host: SERVER.example.com:8080"),
    hosts(&["server.example.com"]),
    "websocket"
);
reject!(
    rfc6455_4_2_1_item_2_allowed_host_port_must_match,
    ws_with("Host", "Host: server.example.com:8080"),
    hosts(&["server.example.com:443"]),
    MisdirectedRequest,
    421
);
pass!(
    rfc6455_4_2_1_item_2_no_hosts_policy_answers_any_host,
    head(&["GET / HTTP/1.1", "Host: anything.example"]),
    policy()
);

#[test]
fn rfc9110_15_5_20_the_refusal_names_the_authority() {
    let out = negotiate(
        ws_with("Host", "Host: rebind.attacker.example:8080").as_bytes(),
        &hosts(&["server.example.com"]),
    );
    let err = out.error().unwrap();
    assert!(
        err.message.contains("rebind.attacker.example:8080"),
        "{}",
        err.message
    );
    assert_eq!(out.checks.last().unwrap().id, "allowed-host");
    assert_eq!(out.response().unwrap().reason(), "Misdirected Request");
}

#[test]
fn rfc9112_3_2_2_absolute_form_authority_wins_over_host() {
    let req = ws_target("GET", "http://rebind.attacker.example/chat");
    // Without a hosts policy the request is answered, and the trail says whose authority counts.
    let out = negotiate(req.as_bytes(), &policy());
    assert_eq!(out.kind(), "switch");
    let warn = out
        .checks
        .iter()
        .find(|c| c.section == "RFC 9112 §3.2.2")
        .unwrap();
    assert!(
        warn.message.contains("rebind.attacker.example"),
        "{}",
        warn.message
    );
    // With one, the target's authority is the one checked, though Host is allowed.
    let out = negotiate(req.as_bytes(), &hosts(&["server.example.com"]));
    assert_eq!(out.status(), Some(421));
    // The same authority in both: no warning.
    let same = negotiate(
        ws_target("GET", "http://server.example.com/chat").as_bytes(),
        &hosts(&["server.example.com"]),
    );
    assert_eq!(same.kind(), "switch");
    assert!(!same.checks.iter().any(|c| c.section == "RFC 9112 §3.2.2"));
}

#[test]
fn policy_hosts_are_validated() {
    assert!(hosts(&["server.example.com", "[::1]:8787"])
        .validate()
        .is_ok());
    let bad = hosts(&["a b"]).validate().unwrap_err();
    assert_eq!((bad.field, bad.index), ("hosts", 0));
    assert!(hosts(&[""]).validate().is_err());
}

#[test]
fn rfc6455_4_1_response_step_4_accept_with_surrounding_whitespace_verifies() {
    // OWS around a field value is not part of it (RFC 9112 §5): the accept value still matches.
    let offer = ClientOffer::new(KEY);
    let v = verify_response(
        format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \t {ACCEPT} \t\r\n\r\n").as_bytes(),
        &offer,
    );
    assert!(v.ok(), "{:?}", v.error());
    let inner = verify_response(
        format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {} {}\r\n\r\n", &ACCEPT[..10], &ACCEPT[10..]).as_bytes(),
        &offer,
    );
    assert_eq!(
        inner.error().map(|e| e.code),
        Some(ErrorCode::ResponseAccept)
    );
}

// ---- Found by the strict-reader differential test (tests/js/strict-reader.test.js) -------------

reject!(
    rfc9110_4_2_1_http_uri_without_host_is_refused,
    ws_target("GET", "http:/chat"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc9110_4_2_1_http_uri_with_empty_host_is_refused,
    ws_target("GET", "http:///chat"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc9110_4_2_4_userinfo_in_the_target_is_refused,
    ws_target("GET", "http://user@server.example.com/chat"),
    policy(),
    BadRequestTarget,
    400
);
reject!(
    rfc6455_4_2_1_item_1_absolute_target_is_http_or_https,
    ws_target("GET", "urn:example:chat"),
    policy(),
    BadRequestTarget,
    400
);
switch!(
    rfc9112_3_2_2_https_absolute_target,
    ws_target("GET", "HTTPS://server.example.com:443/chat?x=1"),
    policy(),
    "websocket"
);
reject!(rfc9112_6_3_transfer_encoding_must_end_in_chunked, head(&["POST /form HTTP/1.1", "Host: a", "Transfer-Encoding: chunked, gzip"]),
    policy(), BadTransferEncoding, 400, "Connection" => "close");
reject!(
    rfc9112_6_3_transfer_encoding_without_chunked_is_refused,
    head(&["POST /form HTTP/1.1", "Host: a", "Transfer-Encoding: gzip"]),
    policy(),
    BadTransferEncoding,
    400
);
reject!(
    rfc9112_6_1_chunked_applied_twice_is_refused,
    head(&[
        "POST /form HTTP/1.1",
        "Host: a",
        "Transfer-Encoding: chunked",
        "Transfer-Encoding: chunked"
    ]),
    policy(),
    BadTransferEncoding,
    400
);
pass!(
    rfc9112_7_chunked_with_a_parameter_is_chunked,
    head(&[
        "POST /form HTTP/1.1",
        "Host: a",
        "Transfer-Encoding: gzip, chunked;x=1"
    ]),
    policy()
);
