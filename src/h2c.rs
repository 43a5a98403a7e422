//! RFC 7540 §3.2: starting HTTP/2 over cleartext with `Upgrade: h2c`.
//!
//! All checks run before any 101: `Connection` lists both `upgrade` and `HTTP2-Settings`
//! (§3.2.1), exactly one `HTTP2-Settings`, and its value decodes to valid settings
//! ([`settings`](crate::settings)). The 101 carries `Upgrade: h2c` and never `HTTP2-Settings`. A
//! request with content is not upgraded (RFC 7540 §3.2 makes the connection wait for the whole
//! body); `h2` is never honoured in cleartext. Both are decided in `upgrade.rs`.

use alloc::string::String;

use crate::check::{Step, Trail};
use crate::head::{Field, Head};
use crate::outcome::{reject, Close, Decision, Switch};
use crate::policy::Policy;
use crate::response::{push_decimal, Response};
use crate::settings;

pub(crate) fn negotiate(head: &Head<'_, '_>, policy: &Policy, trail: &mut Trail) -> Decision {
    if head.has_token(Field::Connection, b"http2-settings") {
        trail.step(Step::ConnectionListsHttp2Settings);
    } else if policy.edge {
        trail.step(Step::ConnectionLacksHttp2SettingsAtTheEdge);
    } else {
        return reject(trail, Step::ConnectionLacksHttp2Settings, &[], Close::Yes);
    }
    let value = match head.count(Field::Http2Settings) {
        0 => return reject(trail, Step::Http2SettingsIsMissing, &[], Close::Yes),
        1 => head.first(Field::Http2Settings).unwrap_or(b""),
        _ => return reject(trail, Step::Http2SettingsIsRepeated, &[], Close::Yes),
    };
    trail.step(Step::Http2SettingsIsOneField);
    let settings = match settings::decode(value) {
        Ok(s) => s,
        Err(step) => return reject(trail, step, &[], Close::Yes),
    };
    trail.step_with(Step::Http2SettingsIsValid, || {
        let mut n = String::new();
        push_decimal(&mut n, settings.entries.len());
        n
    });
    let mut response = Response::standard(101);
    response.add("Connection", "Upgrade");
    response.add("Upgrade", "h2c");
    Decision::Switch(Switch {
        protocol: String::from("h2c"),
        response,
        subprotocol: None,
        extensions: None,
        settings: Some(settings),
    })
}
