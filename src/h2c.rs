//! RFC 7540 §3.2: starting HTTP/2 over cleartext with `Upgrade: h2c`.
//!
//! All checks run before any 101: `Connection` lists both `upgrade` and `HTTP2-Settings`
//! (§3.2.1), exactly one `HTTP2-Settings`, and its value decodes to valid settings
//! ([`settings`](crate::settings)). When they fail, h2c is not performed and the next protocol
//! the client offered is considered (`upgrade.rs`). The 101 carries `Upgrade: h2c` and never
//! `HTTP2-Settings`. A request with content is not upgraded (RFC 7540 §3.2 makes the connection
//! wait for the whole body); `h2` is never honoured in cleartext. Both are decided in
//! `upgrade.rs`.

use alloc::string::String;

use crate::check::{Step, Trail};
use crate::head::{Field, Head};
use crate::outcome::{Decision, Switch};
use crate::policy::Policy;
use crate::response::{push_decimal, Response};
use crate::settings::{self, Settings};

/// The client's settings, if h2c can be performed (RFC 7540 §3.2.1): `Connection` lists
/// `HTTP2-Settings` (or edge mode forgives it), and exactly one `HTTP2-Settings` decodes to
/// valid settings. Otherwise the server "MUST NOT upgrade the connection to HTTP/2", which is
/// not a refusal of the request: the trail warns why, and the caller considers the next
/// protocol the client offered.
pub(crate) fn settings(
    head: &Head<'_, '_>,
    policy: &Policy,
    trail: &mut Trail,
) -> Option<Settings> {
    if head.has_token(Field::Connection, b"http2-settings") {
        trail.step(Step::ConnectionListsHttp2Settings);
    } else if policy.edge {
        trail.step(Step::ConnectionLacksHttp2SettingsAtTheEdge);
    } else {
        trail.step(Step::ConnectionLacksHttp2Settings);
        return None;
    }
    let value = match head.count(Field::Http2Settings) {
        0 => {
            trail.step(Step::Http2SettingsIsMissing);
            return None;
        }
        1 => head.first(Field::Http2Settings).unwrap_or(b""),
        _ => {
            trail.step(Step::Http2SettingsIsRepeated);
            return None;
        }
    };
    trail.step(Step::Http2SettingsIsOneField);
    match settings::decode(value) {
        Ok(settings) => {
            trail.step_with(Step::Http2SettingsIsValid, || {
                let mut n = String::new();
                push_decimal(&mut n, settings.entries.len());
                n
            });
            Some(settings)
        }
        Err(broken) => {
            trail.step_with(Step::Http2SettingsIsInvalid, || broken.row().message);
            None
        }
    }
}

/// The 101 of an h2c upgrade; the connection then speaks HTTP/2 with these settings.
pub(crate) fn switch(settings: Settings) -> Decision {
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
