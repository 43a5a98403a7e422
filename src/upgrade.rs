//! RFC 9110 §7.8: the generic Upgrade choice. The client lists protocols in order of
//! preference; the server picks the first one it performs, never one the client did not offer.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::check::{Step, Trail};
use crate::head::{Field, Head};
use crate::outcome::{Decision, Switch};
use crate::policy::{protocol_eq, Policy};
use crate::response::Response;

pub(crate) const SECTION: &str = "RFC 9110 §7.8";

/// The protocol chosen from the client's `Upgrade` list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice<'p> {
    WebSocket,
    H2c,
    /// `TLS/x.y`, as the policy spells it.
    Tls(&'p str),
    /// Any other protocol the policy lists.
    Other(&'p str),
}

/// Whether `p` is `TLS/...` (RFC 2817 §7.2: the name is case-insensitive).
pub(crate) fn is_tls(p: &[u8]) -> bool {
    p.get(..4).is_some_and(|n| n.eq_ignore_ascii_case(b"TLS/"))
}

/// Picks the client's most preferred protocol among those the policy performs.
pub(crate) fn choose<'p>(
    head: &Head<'_, '_>,
    policy: &'p Policy,
    trail: &mut Trail,
) -> Option<Choice<'p>> {
    for offered in head.list(Field::Upgrade) {
        if offered.eq_ignore_ascii_case(b"h2") {
            trail.step(Step::TheClientOfferedH2WhichIs);
            continue;
        }
        if !policy.performs(offered) {
            continue;
        }
        let choice = if protocol_eq(offered, b"h2c") {
            if head.has_body {
                trail.step(Step::TheRequestHasContentSoIt);
                continue;
            }
            Choice::H2c
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
        trail.record(
            "upgrade-choice",
            crate::CheckResult::Pass,
            SECTION,
            Some("Upgrade"),
            || {
                let mut m = String::from("Chose ");
                // `decide` checked that Upgrade holds protocol tokens: ASCII, never lossy.
                m.push_str(core::str::from_utf8(offered).unwrap_or_default());
                m.push_str(", the client's most preferred protocol that this endpoint performs.");
                Cow::Owned(m)
            },
        );
        return Some(choice);
    }
    trail.step(Step::NoneOfTheProtocolsInUpgrade);
    None
}

/// A plain 101 for a protocol this crate knows nothing more about (RFC 9110 §15.2.2).
pub(crate) fn switch_generic(token: &str) -> Decision {
    switch_with_upgrade(token, Cow::Owned(token.into()))
}

/// A 101 for `token` whose `Upgrade` names `upgrade` (the protocol, or a bottom-up stack for
/// RFC 2817), with `Connection: Upgrade` (RFC 9110 §7.8).
pub(crate) fn switch_with_upgrade(token: &str, upgrade: Cow<'static, str>) -> Decision {
    let mut response = Response::standard(101);
    response.add("Upgrade", upgrade);
    response.add("Connection", "Upgrade");
    Decision::Switch(Switch {
        protocol: token.into(),
        response,
        subprotocol: None,
        extensions: None,
        settings: None,
    })
}
