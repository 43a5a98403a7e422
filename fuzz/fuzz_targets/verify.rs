// Raw response head -> verify_response, against an offer chosen by the first byte.
#![no_main]
use upgrade_handshake::{verify_response, ClientOffer, Verdict};
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
    match &v.verdict {
        // A 101 with the right accept: what it chose was offered.
        Verdict::Accepted(a) => {
            if let Some(p) = &a.protocol {
                assert!(
                    offer.protocols.contains(p),
                    "chose {p:?} which was not offered"
                );
            }
            if let Some(e) = &a.extensions {
                // The only extension offered is permessage-deflate, so every accepted element,
                // the first included, is that one.
                let first = e.split([';', ',']).next().unwrap_or("").trim();
                assert!(
                    offer.extensions.is_some() && first == "permessage-deflate",
                    "accepted {e:?} for the offer {:?}",
                    offer.extensions
                );
            }
        }
        Verdict::Refused(r) => assert!(r.error.message.len() > 10, "{:?}", r.error),
        Verdict::Incomplete => {}
    }
});
