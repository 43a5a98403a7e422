// Raw response head -> verify_response, against an offer chosen by the first byte.
#![no_main]
use upgrade_handshake::{verify_response, ClientOffer};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&knobs, head)) = data.split_first() else {
        return;
    };
    let mut offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
    if knobs & 1 != 0 {
        offer.protocols = vec!["chat".into(), "superchat".into()];
    }
    if knobs & 2 != 0 {
        offer.extensions =
            Some("permessage-deflate; client_max_window_bits, permessage-deflate".into());
    }
    let v = verify_response(head, &offer);
    // ok means a 101 with the right accept; never ok together with an error or incomplete.
    assert!(!(v.ok && (v.error.is_some() || v.incomplete)));
    assert!(v.ok || v.incomplete || v.error.is_some());
    if let Some(p) = &v.protocol {
        assert!(
            offer.protocols.contains(p),
            "chose {p:?} which was not offered"
        );
    }
});
