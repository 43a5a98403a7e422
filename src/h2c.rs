//! RFC 7540 §3.2: starting HTTP/2 over cleartext with `Upgrade: h2c`.
//!
//! All checks run before any 101: `Connection` lists both `upgrade` and `HTTP2-Settings`
//! (§3.2.1), exactly one `HTTP2-Settings`, its value is token68 in base64url without padding
//! (RFC 4648 §5) decoding to a SETTINGS payload (a multiple of 6 bytes, §6.5.1) whose values are
//! in range (§6.5.2; RFC 8441 §3 for ENABLE_CONNECT_PROTOCOL, RFC 9218 §2.1 for
//! NO_RFC7540_PRIORITIES). Unknown ids are kept but not checked (§6.5.2: ignored). The 101
//! carries `Upgrade: h2c` and never `HTTP2-Settings`. A request with content is not upgraded
//! (RFC 7540 §3.2 makes the connection wait for the whole body); `h2` is never honoured in
//! cleartext.

use alloc::string::String;
use alloc::vec::Vec;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine as _};

use crate::check::{CheckResult, Step, Trail};
use crate::error::{ErrorCode, Failure};
use crate::head::{Field, Head};
use crate::outcome::{Decision, Switch};
use crate::policy::Policy;
use crate::response::Response;
use crate::server::{reject, Close};

/// The client's HTTP/2 SETTINGS from `HTTP2-Settings`, in order: `(identifier, value)`.
///
/// ```
/// use upgrade_handshake::Settings;
/// assert_eq!(Settings::name(5), Some("SETTINGS_MAX_FRAME_SIZE"));
/// assert_eq!(Settings::name(8), Some("SETTINGS_ENABLE_CONNECT_PROTOCOL"));
/// assert_eq!(Settings::name(0x77), None);
/// let s = Settings::decode("AAMAAABkAAQAAP__").unwrap();
/// assert_eq!(s.entries, vec![(3, 100), (4, 65535)]);
/// assert_eq!(s.get(4), Some(65535));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `(identifier, value)` pairs in the order sent, unknown identifiers included.
    pub entries: Vec<(u16, u32)>,
}

impl Settings {
    /// The registered name of a setting identifier (RFC 7540 §6.5.2, RFC 8441, RFC 9218).
    pub fn name(id: u16) -> Option<&'static str> {
        Some(match id {
            1 => "SETTINGS_HEADER_TABLE_SIZE",
            2 => "SETTINGS_ENABLE_PUSH",
            3 => "SETTINGS_MAX_CONCURRENT_STREAMS",
            4 => "SETTINGS_INITIAL_WINDOW_SIZE",
            5 => "SETTINGS_MAX_FRAME_SIZE",
            6 => "SETTINGS_MAX_HEADER_LIST_SIZE",
            8 => "SETTINGS_ENABLE_CONNECT_PROTOCOL",
            9 => "SETTINGS_NO_RFC7540_PRIORITIES",
            _ => return None,
        })
    }

    /// The last value sent for `id` (later entries override earlier ones, RFC 7540 §6.5.3).
    pub fn get(&self, id: u16) -> Option<u32> {
        self.entries
            .iter()
            .rev()
            .find(|(i, _)| *i == id)
            .map(|&(_, v)| v)
    }

    /// Decodes and validates an `HTTP2-Settings` value.
    ///
    /// ```
    /// use upgrade_handshake::{Settings, ErrorCode};
    /// assert_eq!(Settings::decode("AAMAAABkAAQAAP__=").unwrap_err(), ErrorCode::BadHttp2Settings);
    /// // MAX_FRAME_SIZE = 1 is out of range.
    /// assert_eq!(Settings::decode("AAUAAAAB").unwrap_err(), ErrorCode::BadHttp2SettingsValue);
    /// ```
    pub fn decode(value: &str) -> Result<Settings, ErrorCode> {
        decode(value.as_bytes()).map_err(|(code, _)| code)
    }
}

fn decode(v: &[u8]) -> Result<Settings, (ErrorCode, &'static str)> {
    let bad = |m| Err((ErrorCode::BadHttp2Settings, m));
    if v.is_empty() {
        return bad("HTTP2-Settings is empty; token68 needs at least one character.");
    }
    // RFC 7540 §3.2.1: base64url (RFC 4648 §5) with any trailing '=' omitted.
    let payload = match URL_SAFE_NO_PAD.decode(v) {
        Ok(payload) => payload,
        Err(DecodeError::InvalidPadding | DecodeError::InvalidByte(_, b'=')) => {
            return bad("HTTP2-Settings must be base64url without padding, but it ends with '='.")
        }
        Err(DecodeError::InvalidByte(..)) => {
            return bad("HTTP2-Settings holds a character outside the base64url alphabet.")
        }
        Err(_) => return bad("HTTP2-Settings is not valid base64url."),
    };
    let settings = payload.chunks_exact(6);
    if !settings.remainder().is_empty() {
        return bad("HTTP2-Settings does not decode to a whole number of 6-byte settings.");
    }
    let mut entries = Vec::with_capacity(payload.len() / 6);
    for setting in settings {
        // chunks_exact yields 6 bytes every time.
        let &[a, b, c, d, e, f] = setting else {
            continue;
        };
        let id = u16::from_be_bytes([a, b]);
        let value = u32::from_be_bytes([c, d, e, f]);
        let ok = match id {
            2 | 8 | 9 => value <= 1,
            4 => value <= 0x7fff_ffff,
            5 => (16_384..=16_777_215).contains(&value),
            _ => true,
        };
        if !ok {
            return Err((
                ErrorCode::BadHttp2SettingsValue,
                match id {
                    2 => "SETTINGS_ENABLE_PUSH must be 0 or 1.",
                    4 => "SETTINGS_INITIAL_WINDOW_SIZE must not exceed 2^31-1.",
                    5 => "SETTINGS_MAX_FRAME_SIZE must be between 2^14 and 2^24-1.",
                    8 => "SETTINGS_ENABLE_CONNECT_PROTOCOL must be 0 or 1.",
                    _ => "SETTINGS_NO_RFC7540_PRIORITIES must be 0 or 1.",
                },
            ));
        }
        entries.push((id, value));
    }
    Ok(Settings { entries })
}

const SECTION: &str = "RFC 7540 §3.2.1";

fn fail(trail: &mut Trail, id: &'static str, code: ErrorCode, message: &'static str) -> Decision {
    trail.fail(id, code.section(), Some("HTTP2-Settings"), message);
    reject(
        Failure::with_message(code, Some("HTTP2-Settings"), message),
        &[],
        Close::Yes,
    )
}

pub(crate) fn negotiate(head: &Head<'_, '_>, policy: &Policy, trail: &mut Trail) -> Decision {
    if head.has_token(Field::Connection, b"http2-settings") {
        trail.step(Step::ConnectionListsHttp2Settings);
    } else if policy.edge {
        trail.step(Step::ConnectionDoesNotListHttp2Settings);
    } else {
        return fail(
            trail,
            "h2c-connection-settings",
            ErrorCode::H2cConnectionSettings,
            "Connection does not list HTTP2-Settings, which an h2c upgrade requires.",
        );
    }
    let value = match head.count(Field::Http2Settings) {
        0 => {
            return fail(
                trail,
                "http2-settings-count",
                ErrorCode::MissingHttp2Settings,
                "The request has no HTTP2-Settings field.",
            )
        }
        1 => head.first(Field::Http2Settings).unwrap_or(b""),
        _ => {
            return fail(
                trail,
                "http2-settings-count",
                ErrorCode::DuplicateHttp2Settings,
                "The request carries HTTP2-Settings more than once.",
            )
        }
    };
    trail.step(Step::ExactlyOneHttp2SettingsField);
    let settings = match decode(value) {
        Ok(s) => s,
        Err((code, message)) => return fail(trail, "http2-settings", code, message),
    };
    trail.record(
        "http2-settings",
        CheckResult::Pass,
        SECTION,
        Some("HTTP2-Settings"),
        || {
            let mut m = String::from("HTTP2-Settings decodes to ");
            crate::response::push_decimal(&mut m, settings.entries.len());
            m.push_str(" valid settings.");
            m
        },
    );
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
