//! The base64 rules of the handshakes, decided by the `base64` crate's engines: the canonical,
//! padded `Sec-WebSocket-Key` of RFC 6455 and the unpadded base64url `HTTP2-Settings` of RFC 7540.

use upgrade_handshake::{accept_key, negotiate, CheckResult, ErrorCode, Policy, Settings};

fn websocket(key: &str) -> upgrade_handshake::Outcome {
    let head = format!(
        "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    negotiate(head.as_bytes(), &Policy::default())
}

fn refused_key(key: &str) -> bool {
    websocket(key).error().map(|e| e.code) == Some(ErrorCode::BadWebSocketKey)
}

#[test]
fn rfc6455_4_2_1_item_5_the_sample_key_is_16_bytes() {
    assert_eq!(websocket("dGhlIHNhbXBsZSBub25jZQ==").kind(), "switch");
}

#[test]
fn rfc6455_4_2_1_item_5_a_non_canonical_key_is_refused() {
    // 'R' sets the last character's four spare bits (RFC 4648 §3.5): the same 16 bytes, but not
    // their base64 encoding.
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZR=="));
    for last in ['B', 'P', 'h', 'x', '/'] {
        assert!(
            refused_key(&format!("dGhlIHNhbXBsZSBub25jZ{last}==")),
            "{last}"
        );
    }
    for last in ['A', 'Q', 'g', 'w'] {
        assert!(
            !refused_key(&format!("dGhlIHNhbXBsZSBub25jZ{last}==")),
            "{last}"
        );
    }
}

#[test]
fn rfc6455_4_2_1_item_5_an_unpadded_key_is_refused() {
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZQ"));
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZQ="));
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZQ==="));
}

#[test]
fn rfc6455_4_2_1_item_5_a_key_of_another_length_or_alphabet_is_refused() {
    assert!(refused_key("c2hvcnQ="), "5 bytes");
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZXM="), "17 bytes");
    assert!(refused_key("dGhlIHNhbXBsZSBub25jZQ-_"), "base64url");
    assert!(refused_key("dGhlIHNhbXBsZSBub2 5jZQ=="), "a space inside");
}

#[test]
fn rfc6455_4_2_2_the_accept_value_is_padded_standard_base64() {
    let accept = accept_key("dGhlIHNhbXBsZSBub25jZQ==");
    assert_eq!(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

#[test]
fn rfc7540_3_2_1_http2_settings_is_base64url_without_padding() {
    // SETTINGS_MAX_CONCURRENT_STREAMS = 100, SETTINGS_INITIAL_WINDOW_SIZE = 65535.
    let s = Settings::decode("AAMAAABkAAQAAP__").unwrap();
    assert_eq!(s.entries, vec![(3, 100), (4, 65535)]);
}

#[test]
fn rfc7540_3_2_1_http2_settings_with_padding_is_refused() {
    // "with any trailing '=' characters omitted": padding, even where base64 would need it, is refused.
    assert_eq!(
        Settings::decode("AAMAAABkAAQAAP__=").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
    assert_eq!(
        Settings::decode("AAMAAABk==").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
}

#[test]
fn rfc7540_3_2_1_http2_settings_in_the_standard_alphabet_is_refused() {
    // The URL- and filename-safe alphabet of RFC 4648 §5: '-' and '_' where base64 has '+' and '/'.
    assert_eq!(
        Settings::decode("AAMAAABkAAQAAP//").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
    assert_eq!(
        Settings::decode("AAMAAABkAAQAAP++").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
}

#[test]
fn rfc7540_3_2_1_http2_settings_must_decode_to_whole_settings() {
    // 4 bytes, and 6 bytes plus a stray character: not a SETTINGS payload (RFC 7540 §6.5.1).
    assert_eq!(
        Settings::decode("AAMAAA").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
    assert_eq!(
        Settings::decode("AAMAAABkA").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
    // An empty value is a valid SETTINGS payload of no settings, but not token68.
    assert_eq!(
        Settings::decode("").unwrap_err(),
        ErrorCode::BadHttp2Settings
    );
}

/// Why an h2c upgrade carrying `settings` is not performed: the warning of the trail, which
/// names the broken rule. The request itself passes (RFC 7540 §3.2.1: the server "MUST NOT
/// upgrade", it is not told to refuse).
fn h2c_refusal(settings: &str) -> String {
    let head = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\
         HTTP2-Settings: {settings}\r\n\r\n"
    );
    let policy = Policy {
        upgrades: vec!["h2c".into()],
        ..Policy::default()
    };
    let out = negotiate(head.as_bytes(), &policy);
    assert_eq!(out.kind(), "pass", "{settings}");
    assert_eq!(
        Settings::decode(settings).unwrap_err(),
        ErrorCode::BadHttp2Settings,
        "{settings}"
    );
    let warning = out
        .checks
        .iter()
        .find(|c| c.id == "http2-settings" && c.result == CheckResult::Warn)
        .expect("a warning");
    warning.message.to_string()
}

#[test]
fn rfc7540_3_2_1_each_refusal_says_what_is_wrong() {
    for padded in ["AAMAAABkAAQAAP__=", "AAMAAABk==", "AAMAAA=="] {
        assert!(h2c_refusal(padded).contains("without padding"), "{padded}");
    }
    for foreign in ["AAMAAABkAAQAAP//", "AAMA AABk", "AAMAAAB*"] {
        assert!(
            h2c_refusal(foreign).contains("outside the base64url alphabet"),
            "{foreign}"
        );
    }
    assert!(h2c_refusal("AAMAAABkA").contains("not valid base64url"));
    assert!(h2c_refusal("AAMAAA").contains("whole number of 6-byte settings"));
}
