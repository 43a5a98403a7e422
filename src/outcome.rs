//! The decision: `Switch` / `Reject` / `Pass` / `Incomplete`, plus the trail of checks, and the
//! two builders every protocol module answers with: [`reject`] (the error response of a broken
//! rule) and [`switch_with_upgrade`] (a plain 101).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::check::{Check, Step, Trail};
use crate::error::{ErrorCode, Failure};
use crate::response::Response;
use crate::settings::Settings;

/// What [`negotiate`](crate::negotiate) decided, and the checks that led there.
///
/// ```
/// use upgrade_handshake::{negotiate, Policy};
/// let out = negotiate(b"GET / HTTP/1.1\r\nHost: a\r\n", &Policy::default());
/// assert_eq!(out.kind(), "incomplete");
/// assert_eq!(out.status(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The decision.
    pub decision: Decision,
    /// Every check, in order (empty when `Policy::trail` is false).
    pub checks: Vec<Check>,
}

/// The four possible answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send the 101 and hand the connection to the chosen protocol.
    Switch(Switch),
    /// Send the error response (it ends the handshake).
    Reject(Reject),
    /// Not an upgrade this endpoint performs: serve the request normally.
    Pass(Pass),
    /// The head is not complete: read more bytes and call again.
    Incomplete,
}

/// A successful upgrade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Switch {
    /// The protocol chosen, as the policy spells it: `"websocket"`, `"h2c"`, `"TLS/1.0"`...
    pub protocol: String,
    /// The 101 response to send; nothing follows its head.
    pub response: Response,
    /// The WebSocket subprotocol chosen, if any.
    pub subprotocol: Option<String>,
    /// The accepted `Sec-WebSocket-Extensions` value, if any.
    pub extensions: Option<String>,
    /// The client's HTTP/2 SETTINGS (h2c only).
    pub settings: Option<Settings>,
}

/// A refused handshake, with the response to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    /// Why.
    pub error: Failure,
    /// What to answer.
    pub response: Response,
}

/// Not an upgrade this endpoint performs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Headers to add to the normal response: the optional advertisement of RFC 2817 §4.1
    /// (`Upgrade: TLS/1.0` with `Connection: Upgrade`) when the endpoint performs TLS.
    pub headers: Vec<(String, String)>,
}

impl Outcome {
    /// `"switch"`, `"reject"`, `"pass"` or `"incomplete"`.
    pub fn kind(&self) -> &'static str {
        match self.decision {
            Decision::Switch(_) => "switch",
            Decision::Reject(_) => "reject",
            Decision::Pass(_) => "pass",
            Decision::Incomplete => "incomplete",
        }
    }

    /// The status of the response to send (101 or the error's), if there is one.
    pub fn status(&self) -> Option<u16> {
        self.response().map(Response::status)
    }

    /// The response to send, for a switch or a rejection.
    pub fn response(&self) -> Option<&Response> {
        match &self.decision {
            Decision::Switch(s) => Some(&s.response),
            Decision::Reject(r) => Some(&r.response),
            _ => None,
        }
    }

    /// The error of a rejection.
    pub fn error(&self) -> Option<&Failure> {
        match &self.decision {
            Decision::Reject(r) => Some(&r.error),
            _ => None,
        }
    }

    /// The switch, if the decision is one.
    pub fn switch(&self) -> Option<&Switch> {
        match &self.decision {
            Decision::Switch(s) => Some(s),
            _ => None,
        }
    }
}

/// Whether a rejection closes the connection.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Close {
    Yes,
    No,
}

/// Records the rejection row `step` and builds its answer: the code's status, `extra` headers,
/// `Connection: close` (unless `Close::No`, or merged into an existing `Connection`), and a short
/// plain-text body: the row's sentence and the code's section.
pub(crate) fn reject(
    trail: &mut Trail,
    step: Step,
    extra: &[(&'static str, Cow<'static, str>)],
    close: Close,
) -> Decision {
    trail.step(step);
    respond(step, "", extra, close)
}

/// [`reject`] for a row whose sentence names a value (its `{}`), such as a line number.
pub(crate) fn reject_naming(
    trail: &mut Trail,
    step: Step,
    value: &str,
    extra: &[(&'static str, Cow<'static, str>)],
    close: Close,
) -> Decision {
    trail.step_with(step, || value);
    respond(step, value, extra, close)
}

fn respond(
    step: Step,
    value: &str,
    extra: &[(&'static str, Cow<'static, str>)],
    close: Close,
) -> Decision {
    debug_assert!(step.row().code.is_some(), "{step:?} is not a rejection row");
    let error = step
        .failure(value)
        .unwrap_or_else(|| Failure::new(ErrorCode::BadRequestLine, None));
    let mut response = Response::standard(error.code.status());
    let mut has_connection = false;
    for (name, value) in extra {
        if name.eq_ignore_ascii_case("connection") {
            has_connection = true;
            if close == Close::Yes {
                let mut v = String::from(&**value);
                v.push_str(", close");
                response.add(name, v);
                continue;
            }
        }
        response.add(name, value.clone());
    }
    if close == Close::Yes && !has_connection {
        response.add("Connection", "close");
    }
    let section = error.code.section();
    let mut body = String::with_capacity(error.message.len() + section.len() + 4);
    body.push_str(&error.message);
    body.push_str(" (");
    body.push_str(section);
    body.push_str(")\n");
    response.set_text_body(Cow::Owned(body));
    Decision::Reject(Reject { error, response })
}

/// A 101 for `token` whose `Upgrade` names `upgrade` (the protocol, or a bottom-up stack for
/// RFC 2817), with `Connection: Upgrade` (RFC 9110 §7.8, §15.2.2).
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
