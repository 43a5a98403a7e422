// Raw request head -> negotiate, under a policy chosen by the first byte.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&knobs, head)) = data.split_first() else {
        return;
    };
    let policy = common::policy(knobs);
    common::check(&upgrade_handshake::negotiate(head, &policy), &policy);
});
