// HTTP2-Settings decoding: directly (Settings::decode) and through negotiate with h2c enabled.
#![no_main]
mod common;
use upgrade_handshake::{negotiate, Decision, Settings};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = core::str::from_utf8(data) {
        if let Ok(settings) = Settings::decode(s) {
            assert_eq!(settings.entries.len() * 8, s.len()); // 6 bytes = 8 base64url chars
        }
    }
    let mut head = b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: ".to_vec();
    head.extend_from_slice(data);
    head.extend_from_slice(b"\r\n\r\n");
    let policy = common::policy(1); // websocket + h2c
    let out = negotiate(&head, &policy);
    common::check(&out, &policy);
    let one_line = !data.iter().any(|&b| b == b'\r' || b == b'\n');
    if let (Decision::Switch(sw), true) = (&out.decision, one_line) {
        assert_eq!(sw.protocol, "h2c");
        assert!(sw.response.header_value("HTTP2-Settings").is_none());
        let direct = core::str::from_utf8(data)
            .ok()
            .map(|s| Settings::decode(s.trim_matches([' ', '\t'])));
        assert_eq!(
            direct,
            Some(Ok(sw
                .settings
                .clone()
                .expect("h2c switch carries settings")))
        );
    }
});
