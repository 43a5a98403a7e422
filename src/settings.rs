//! HTTP/2 SETTINGS as `HTTP2-Settings` carries them (RFC 7540 §3.2.1, §6.5): base64url without
//! padding (RFC 4648 §5) of a payload of 6-byte settings, each value in its range (§6.5.2; RFC
//! 8441 §3 for ENABLE_CONNECT_PROTOCOL, RFC 9218 §2.1 for NO_RFC7540_PRIORITIES). Unknown ids are
//! kept but not checked (§6.5.2: ignored).

use alloc::vec::Vec;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine as _};

use crate::check::Step;
use crate::error::ErrorCode;

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
        decode(value.as_bytes())
            .map_err(|step| step.row().code.unwrap_or(ErrorCode::BadHttp2Settings))
    }
}

/// Decodes an `HTTP2-Settings` value; the error names the rule it broke.
pub(crate) fn decode(v: &[u8]) -> Result<Settings, Step> {
    if v.is_empty() {
        return Err(Step::Http2SettingsIsEmpty);
    }
    // RFC 7540 §3.2.1: base64url (RFC 4648 §5) with any trailing '=' omitted.
    let payload = match URL_SAFE_NO_PAD.decode(v) {
        Ok(payload) => payload,
        Err(DecodeError::InvalidPadding | DecodeError::InvalidByte(_, b'=')) => {
            return Err(Step::Http2SettingsIsPadded)
        }
        Err(DecodeError::InvalidByte(..)) => return Err(Step::Http2SettingsIsOutsideTheAlphabet),
        Err(_) => return Err(Step::Http2SettingsIsNotBase64url),
    };
    let settings = payload.chunks_exact(6);
    if !settings.remainder().is_empty() {
        return Err(Step::Http2SettingsIsNotWholeSettings);
    }
    let mut entries = Vec::with_capacity(payload.len() / 6);
    for setting in settings {
        // chunks_exact yields 6 bytes every time.
        let &[a, b, c, d, e, f] = setting else {
            continue;
        };
        let id = u16::from_be_bytes([a, b]);
        let value = u32::from_be_bytes([c, d, e, f]);
        // RFC 7540 §6.5.2; RFC 8441 §3; RFC 9218 §2.1.
        let broken = match id {
            2 if value > 1 => Some(Step::EnablePushIsNotABoolean),
            4 if value > 0x7fff_ffff => Some(Step::InitialWindowSizeIsTooLarge),
            5 if !(16_384..=16_777_215).contains(&value) => Some(Step::MaxFrameSizeIsOutOfRange),
            8 if value > 1 => Some(Step::EnableConnectProtocolIsNotABoolean),
            9 if value > 1 => Some(Step::NoRfc7540PrioritiesIsNotABoolean),
            _ => None,
        };
        if let Some(step) = broken {
            return Err(step);
        }
        entries.push((id, value));
    }
    Ok(Settings { entries })
}
