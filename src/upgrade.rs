//! RFC 9110 §7.8: the generic Upgrade choice. The client lists protocols in order of
//! preference; the server picks the first one it performs, never one the client did not offer.

use alloc::borrow::Cow;

use crate::check::{Step, Trail};
use crate::h2c;
use crate::head::{Field, Head};
use crate::outcome::{switch_with_upgrade, Decision};
use crate::policy::{is_tls, protocol_eq, Policy};
use crate::settings::Settings;

/// The protocol chosen from the client's `Upgrade` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Choice<'p> {
    WebSocket,
    /// h2c, with the client's settings.
    H2c(Settings),
    /// `TLS/x.y`, as the policy spells it.
    Tls(&'p str),
    /// Any other protocol the policy lists.
    Other(&'p str),
}

/// Picks the client's most preferred protocol among those the policy performs.
pub(crate) fn choose<'p>(
    head: &Head<'_, '_>,
    policy: &'p Policy,
    trail: &mut Trail,
) -> Option<Choice<'p>> {
    for offered in head.list(Field::Upgrade) {
        if offered.eq_ignore_ascii_case(b"h2") {
            trail.step(Step::H2IsNotCleartext);
            continue;
        }
        if !policy.performs(offered) {
            continue;
        }
        let choice = if protocol_eq(offered, b"h2c") {
            if head.has_body {
                trail.step(Step::H2cIsNotForContent);
                continue;
            }
            // Without valid settings h2c is not performed; the next offer is considered.
            match h2c::settings(head, policy, trail) {
                Some(settings) => Choice::H2c(settings),
                None => continue,
            }
        } else if protocol_eq(offered, b"websocket") {
            Choice::WebSocket
        } else if is_tls(offered) {
            Choice::Tls(policy.entry(offered).unwrap_or("TLS/1.0"))
        } else {
            match policy.entry(offered) {
                Some(e) => Choice::Other(e),
                None => continue,
            }
        };
        // `decide` checked that Upgrade holds protocol tokens: ASCII, never lossy.
        trail.step_with(Step::ProtocolIsChosen, || {
            core::str::from_utf8(offered).unwrap_or_default()
        });
        return Some(choice);
    }
    trail.step(Step::NoOfferedProtocolIsPerformed);
    None
}

/// A plain 101 for a protocol this crate knows nothing more about (RFC 9110 §15.2.2).
pub(crate) fn switch_generic(token: &str) -> Decision {
    switch_with_upgrade(token, Cow::Owned(token.into()))
}
