// Sec-WebSocket-Extensions parsing: the server's offer parser (negotiate with permessage-deflate
// on) and the client's response parser (verify_response with the same bytes as the offer). What
// the server accepts from an offer, our own client must accept for that offer.
#![no_main]
mod common;
use upgrade_handshake::{negotiate, verify_response, ClientOffer, Decision};
const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let req = [&b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: "[..], data, b"\r\n\r\n"].concat();
    let policy = common::policy(4); // permessage-deflate on
    let out = negotiate(&req, &policy);
    common::check(&out, &policy);
    let offer_text = core::str::from_utf8(data)
        .ok()
        .filter(|s| !s.contains(['\r', '\n']));
    if let (Decision::Switch(sw), Some(offer_text)) = (&out.decision, offer_text) {
        if let Some(accepted) = &sw.extensions {
            let mut offer = ClientOffer::new(KEY);
            offer.extensions = Some(offer_text.to_string());
            let v = verify_response(&sw.response.to_vec(), &offer);
            assert!(
                v.ok(),
                "server accepted {accepted:?} for offer {offer_text:?}, client refused: {:?}",
                v.error()
            );
            assert_eq!(v.extensions(), Some(accepted.as_str()));
        }
    }
    // The same bytes as a response's extensions, against a typical offer.
    let resp = [&b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: "[..], data, b"\r\n\r\n"].concat();
    let mut offer = ClientOffer::new(KEY);
    offer.extensions = Some("permessage-deflate; client_max_window_bits; server_max_window_bits=12, permessage-deflate, x-other".into());
    let v = verify_response(&resp, &offer);
    // What the client accepts names only offered extensions.
    if let Some(e) = v.extensions() {
        let first = e.split([';', ',']).next().unwrap_or("").trim();
        assert!(
            ["permessage-deflate", "x-other"].contains(&first),
            "accepted {e:?}, which was not offered"
        );
    }
});
