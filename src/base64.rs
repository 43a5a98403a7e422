//! The little base64 (RFC 4648) the handshakes need: encoding a SHA-1 digest or a nonce
//! (§4, with padding), checking and decoding a `Sec-WebSocket-Key` (§4, canonical), and
//! decoding `HTTP2-Settings` (§5, the URL-safe alphabet, no padding).
//!
//! Written here rather than taken from the `base64` crate, whose generic engine was 5.7 KB of
//! the package's `.wasm` for these three uses; `tests/properties.rs`-style checks below compare
//! it with that crate on every input they generate.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of a character of the standard (`+/`) or URL-safe (`-_`) alphabet.
fn value(c: u8, url_safe: bool) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' if !url_safe => 62,
        b'/' if !url_safe => 63,
        b'-' if url_safe => 62,
        b'_' if url_safe => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

fn digit(n: u32) -> u8 {
    // Masked to six bits, so always in range.
    STANDARD.get((n & 63) as usize).copied().unwrap_or(b'A')
}

/// Encodes `input` with the standard alphabet and `=` padding into `out`, which must hold
/// `4 * ceil(len / 3)` bytes; returns the number written (fewer only if `out` is too short).
pub(crate) fn encode_into(input: &[u8], out: &mut [u8]) -> usize {
    let mut written = 0;
    let mut slots = out.iter_mut();
    let mut rest = input;
    // Three bytes at a time (the last group may be shorter); no `chunks`, whose iterator and
    // panic message would be linked into the `.wasm`.
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at_checked(3).unwrap_or((rest, &[]));
        rest = after;
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        let chars = [
            digit(n >> 18),
            digit(n >> 12),
            if chunk.len() > 1 { digit(n >> 6) } else { b'=' },
            if chunk.len() > 2 { digit(n) } else { b'=' },
        ];
        for c in chars {
            match slots.next() {
                Some(slot) => *slot = c,
                None => return written,
            }
            written += 1;
        }
    }
    written
}

/// Decodes a canonical standard-alphabet encoding of exactly 16 bytes (24 characters, ending in
/// `==`, the unused low bits of the last character zero), as `Sec-WebSocket-Key` must be
/// (RFC 6455 §4.1 item 7, §4.2.1 item 5). The binding decodes the key a JavaScript caller gives
/// `createRequest`; the server only checks keys ([`is_key`]).
#[cfg(any(test, all(target_arch = "wasm32", feature = "binding")))]
pub(crate) fn decode_key(s: &[u8]) -> Option<[u8; 16]> {
    let (body, pad) = (s.get(..22)?, s.get(22..)?);
    if pad != b"==" {
        return None;
    }
    let mut out = [0u8; 16];
    let mut bytes = out.iter_mut();
    let mut rest = body;
    for _ in 0..5 {
        let (chunk, after) = rest.split_at_checked(4)?;
        rest = after;
        let mut n = 0u32;
        for &c in chunk {
            n = (n << 6) | value(c, false)?;
        }
        for shift in [16, 8, 0] {
            *bytes.next()? = (n >> shift) as u8;
        }
    }
    // The last two characters carry the 16th byte in 8 of their 12 bits; the rest must be zero.
    let [c0, c1] = *rest else {
        return None;
    };
    let n = (value(c0, false)? << 6) | value(c1, false)?;
    if n & 0xf != 0 {
        return None;
    }
    *bytes.next()? = (n >> 4) as u8;
    Some(out)
}

/// The standard alphabet as a byte set.
const ALPHABET: [u64; 2] = crate::list::ascii_set(b"+/", true);

/// Whether `s` is what [`decode_key`] accepts, without decoding it: 21 characters of the
/// alphabet, a 22nd whose low four bits are zero (`A`, `Q`, `g` or `w`), then `==`. Checking a
/// key this way is a fifth of decoding it, and a server only needs to know it is valid.
pub(crate) fn is_key(s: &[u8]) -> bool {
    let [body @ .., last, b'=', b'='] = s else {
        return false;
    };
    body.len() == 21
        && body.iter().all(|&c| crate::list::in_set(ALPHABET, c))
        && matches!(last, b'A' | b'Q' | b'g' | b'w')
}

/// Decodes 8 URL-safe characters into 6 bytes (one HTTP/2 setting, RFC 7540 §3.2.1).
pub(crate) fn decode_url_6(chunk: &[u8]) -> Option<[u8; 6]> {
    if chunk.len() != 8 {
        return None;
    }
    let mut n = 0u64;
    for &c in chunk {
        n = (n << 6) | u64::from(value(c, true)?);
    }
    let b = n.to_be_bytes();
    let [_, _, a, b, c, d, e, f] = b;
    Some([a, b, c, d, e, f])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::base64::engine::general_purpose::{STANDARD as REF, URL_SAFE_NO_PAD};
    use ::base64::Engine as _;
    use proptest::prelude::*;

    #[test]
    fn rfc4648_10_test_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = [0u8; 8];
            let n = encode_into(input.as_bytes(), &mut out);
            assert_eq!(&out[..n], expected.as_bytes(), "{input}");
        }
    }

    #[test]
    fn rfc6455_1_3_sample_key_decodes_to_the_sample_nonce() {
        assert_eq!(
            decode_key(b"dGhlIHNhbXBsZSBub25jZQ=="),
            Some(*b"the sample nonce")
        );
        // Non-canonical: the last character's unused bits are set.
        assert_eq!(decode_key(b"dGhlIHNhbXBsZSBub25jZR=="), None);
        assert_eq!(decode_key(b"dGhlIHNhbXBsZSBub25jZQ="), None);
        assert_eq!(decode_key(b"dGhlIHNhbXBsZSBub25jZQ=A"), None);
        assert_eq!(decode_key(b"dGhlIHNhbXBsZSBub25j-Q=="), None);
    }

    #[test]
    fn encode_into_stops_at_the_end_of_out() {
        let mut out = [0u8; 3];
        assert_eq!(encode_into(b"foobar", &mut out), 3);
        assert_eq!(&out, b"Zm9");
    }

    proptest! {
        #[test]
        fn encode_matches_the_base64_crate(input in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut out = [0u8; 88];
            let n = encode_into(&input, &mut out);
            let expected = REF.encode(&input);
            prop_assert_eq!(&out[..n], expected.as_bytes());
        }

        #[test]
        fn decode_key_matches_the_base64_crate(s in "[A-Za-z0-9+/=_-]{22,26}") {
            let mut reference = [0u8; 20];
            let expected = match REF.decode_slice(s.as_bytes(), &mut reference) {
                Ok(16) => reference.get(..16).map(|r| <[u8; 16]>::try_from(r).ok()),
                _ => None,
            }.flatten();
            prop_assert_eq!(decode_key(s.as_bytes()), expected);
        }

        #[test]
        fn is_key_accepts_what_decode_key_decodes(s in "[A-Za-z0-9+/=_-]{20,26}") {
            prop_assert_eq!(is_key(s.as_bytes()), decode_key(s.as_bytes()).is_some());
        }

        #[test]
        fn is_key_accepts_every_encoded_key(key in any::<[u8; 16]>(), junk in any::<Vec<u8>>()) {
            let mut out = [0u8; 24];
            encode_into(&key, &mut out);
            prop_assert!(is_key(&out));
            prop_assert_eq!(is_key(&junk), decode_key(&junk).is_some());
        }

        #[test]
        fn decode_key_round_trips(key in any::<[u8; 16]>()) {
            let mut out = [0u8; 24];
            prop_assert_eq!(encode_into(&key, &mut out), 24);
            prop_assert_eq!(decode_key(&out), Some(key));
        }

        #[test]
        fn decode_url_6_matches_the_base64_crate(s in "[A-Za-z0-9+/=_-]{8}") {
            let mut reference = [0u8; 9];
            let expected = match URL_SAFE_NO_PAD.decode_slice(s.as_bytes(), &mut reference) {
                Ok(6) => Some([reference[0], reference[1], reference[2], reference[3], reference[4], reference[5]]),
                _ => None,
            };
            prop_assert_eq!(decode_url_6(s.as_bytes()), expected);
        }
    }
}
