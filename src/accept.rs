//! The `Sec-WebSocket-Accept` derivation of RFC 6455 §4.2.2 item 5.4.

use alloc::string::String;

/// The GUID that RFC 6455 §1.3 appends to the client's key before hashing.
pub const WEBSOCKET_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Length of a `Sec-WebSocket-Accept` value: base64 of a 20-byte SHA-1 digest.
pub const ACCEPT_KEY_LEN: usize = 28;

/// Derives `Sec-WebSocket-Accept` from a `Sec-WebSocket-Key` (RFC 6455 §4.2.2 item 5.4):
/// base64(SHA-1(key ++ GUID)).
///
/// The key is hashed exactly as given (the value with surrounding whitespace removed, as the
/// field-value grammar of RFC 9110 §5.5 demands); validating it is the negotiator's job.
///
/// ```
/// use upgrade_handshake::accept_key;
/// // The example of RFC 6455 §1.3.
/// assert_eq!(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
/// // A different key gives a different answer.
/// assert_ne!(accept_key("dGhlIHNhbXBsZSBub25jZR=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
/// ```
pub fn accept_key(key: &str) -> String {
    let mut out = [0u8; ACCEPT_KEY_LEN];
    accept_key_into(key.as_bytes(), &mut out);
    // base64 output is ASCII by construction.
    String::from(core::str::from_utf8(&out).unwrap_or_default())
}

/// Writes `Sec-WebSocket-Accept` for `key` into `out` without allocating.
///
/// ```
/// let mut out = [0u8; upgrade_handshake::ACCEPT_KEY_LEN];
/// upgrade_handshake::accept_key_into(b"dGhlIHNhbXBsZSBub25jZQ==", &mut out);
/// assert_eq!(&out, b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
/// ```
pub fn accept_key_into(key: &[u8], out: &mut [u8; ACCEPT_KEY_LEN]) {
    use base64::Engine as _;
    let mut sha = sha1_smol::Sha1::new();
    sha.update(key);
    sha.update(WEBSOCKET_GUID.as_bytes());
    // 20 bytes encode to exactly 28 base64 characters, so this cannot fail.
    let _ = base64::engine::general_purpose::STANDARD.encode_slice(sha.digest().bytes(), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6455_1_3_example_accept_key() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn rfc6455_4_2_2_accept_is_28_base64_chars() {
        let a = accept_key("AQIDBAUGBwgJCgsMDQ4PEA==");
        assert_eq!(a.len(), ACCEPT_KEY_LEN);
        assert!(a.ends_with('='));
    }
}
