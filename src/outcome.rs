//! The decision: `Switch` / `Reject` / `Pass` / `Incomplete`, plus the trail of checks.

use alloc::string::String;
use alloc::vec::Vec;

use crate::check::Check;
use crate::error::Failure;
use crate::h2c::Settings;
use crate::response::Response;

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
