//! RFC 2817: upgrading to TLS within HTTP/1.1.
//!
//! The 101 carries the bottom-up protocol stack `Upgrade: TLS/1.0, HTTP/1.1` and
//! `Connection: Upgrade` (§3.3). `OPTIONS *` is the mandatory-upgrade form (§3.2); any other
//! request is an optional upgrade whose response follows over TLS. Require-TLS answers anything
//! else with 426, the same `Upgrade` stack and a human-readable body (§4.2). The optional
//! advertisement of §4.1 goes with requests that are served normally.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::check::{Step, Trail};
use crate::head::Head;
use crate::outcome::{reject, switch_with_upgrade, Close, Decision};
use crate::policy::{is_tls, Policy};

/// The TLS token the endpoint performs, as the policy spells it.
fn token(policy: &Policy) -> &str {
    policy
        .upgrades
        .iter()
        .map(String::as_str)
        .find(|u| is_tls(u.as_bytes()) && crate::policy::is_protocol(u.as_bytes()))
        .unwrap_or("TLS/1.0")
}

/// `TLS/x.y, HTTP/1.1`: the stack, bottom-up.
fn stack(token: &str) -> String {
    let mut s = String::from(token);
    s.push_str(", HTTP/1.1");
    s
}

pub(crate) fn switch(head: &Head<'_, '_>, token: &str, trail: &mut Trail) -> Decision {
    if head.method == "OPTIONS" && head.target == "*" {
        trail.step(Step::OptionsStarIsAMandatoryUpgrade);
    } else {
        trail.step(Step::UpgradeToTlsIsOptional);
    }
    switch_with_upgrade(token, Cow::Owned(stack(token)))
}

/// The 426 of RFC 2817 §4.2.
pub(crate) fn required(policy: &Policy, trail: &mut Trail) -> Decision {
    let token = token(policy);
    let extra = [
        ("Upgrade", Cow::Owned(stack(token))),
        ("Connection", Cow::Borrowed("Upgrade")),
    ];
    reject(trail, Step::TlsIsRequired, &extra, Close::No)
}

/// The optional advertisement of RFC 2817 §4.1, when the endpoint performs TLS.
pub(crate) fn advertisement(policy: &Policy) -> Vec<(String, String)> {
    match policy
        .upgrades
        .iter()
        .find(|u| is_tls(u.as_bytes()) && crate::policy::is_protocol(u.as_bytes()))
    {
        Some(t) => vec![
            (String::from("Upgrade"), t.clone()),
            (String::from("Connection"), String::from("Upgrade")),
        ],
        None => Vec::new(),
    }
}
