//! The request-head parsing this crate did before `head.rs` had its own parser, kept as the
//! reference the new one is checked against: `httparse` with one slot per possible field line (as
//! `negotiate_trail` sized them), the 414/431 decision, and `diagnose` turning an httparse error
//! into an `ErrorCode`. Self-contained (its own copies of the byte predicates), so that it stays
//! what it was whatever the crate becomes; used by the unit tests (`head/differential.rs`) and by
//! the `parse_differential` fuzz target, whose module provides `ErrorCode`.
//!
//! One answer differs from the old code, on purpose (`fix`): a request-target that is not UTF-8.
//! httparse refuses it (its `path` is a `&str`), but `diagnose` did not know that rule, so it
//! blamed whatever later line it found fault with (a field line still arriving, such as `Host`,
//! was "bad-field-name"), or said 505 for an unsupported version after the target. Such a target
//! is "bad-request-line" now, like any other request-target byte the parser refuses. And a
//! higher HTTP/1 minor version (`HTTP/1.2`), which httparse refuses, is read as HTTP/1.1 now, as
//! RFC 9110 §2.5 says it SHOULD be ([`minor_as_1`]).

use super::ErrorCode;

/// What the old path gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Old {
    Complete {
        method: String,
        target: String,
        /// The minor version: 0 or 1.
        minor: u8,
        fields: Vec<(String, Vec<u8>)>,
    },
    Incomplete,
    Error(ErrorCode),
}

/// The old path on `buf` under the limits; `fix`: answer a non-UTF-8 target and a higher minor
/// version as now.
pub fn parse(buf: &[u8], max_head_bytes: usize, max_headers: usize, fix: bool) -> Old {
    let read = if fix {
        minor_as_1(buf, false)
    } else {
        buf.to_vec()
    };
    let buf = &read[..];
    let slots = max_headers.min(buf.len().min(max_head_bytes) / 3 + 1);
    let mut headers = vec![httparse::EMPTY_HEADER; slots];
    let too_long = buf.len() >= max_head_bytes;
    let window = buf.get(..max_head_bytes).unwrap_or(buf);
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(window) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            if !too_long {
                return Old::Incomplete;
            }
            return Old::Error(if window.contains(&b'\n') {
                ErrorCode::HeadTooLarge
            } else {
                ErrorCode::TargetTooLong
            });
        }
        Err(httparse::Error::TooManyHeaders) => return Old::Error(ErrorCode::TooManyHeaders),
        Err(httparse::Error::Token) if fix && target_not_utf8(window) => {
            return Old::Error(ErrorCode::BadRequestLine)
        }
        Err(e) => return Old::Error(diagnose(window, e)),
    }
    Old::Complete {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("").to_string(),
        minor: req.version.unwrap_or(1),
        fields: req
            .headers
            .iter()
            .map(|h| (h.name.to_string(), h.value.to_vec()))
            .collect(),
    }
}

/// Whether the request line's second part is a target httparse refuses for not being UTF-8.
fn target_not_utf8(window: &[u8]) -> bool {
    let line = window
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.is_empty())
        .unwrap_or(b"");
    let target = line.split(|&b| b == b' ').nth(1).unwrap_or(b"");
    is_target(target) && core::str::from_utf8(target).is_err()
}

/// The old `head::diagnose`, as it was.
fn diagnose(buf: &[u8], e: httparse::Error) -> ErrorCode {
    let mut lines = buf
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.by_ref().find(|l| !l.is_empty()).unwrap_or(b"");
    if let Some(code) = request_line_error(request_line) {
        return code;
    }
    for line in lines {
        if line.is_empty() {
            break;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            return ErrorCode::ObsFold;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return ErrorCode::BadFieldName;
        };
        let (name, value) = line.split_at_checked(colon).unwrap_or((line, &[]));
        if matches!(name.last(), Some(b' ' | b'\t')) && is_token(trim_ows(name)) {
            return ErrorCode::WhitespaceBeforeColon;
        }
        if !is_token(name) {
            return ErrorCode::BadFieldName;
        }
        if !value.iter().skip(1).all(|&b| is_field_vchar(b)) {
            return ErrorCode::BadFieldValue;
        }
    }
    match e {
        httparse::Error::HeaderName => ErrorCode::BadFieldName,
        httparse::Error::HeaderValue | httparse::Error::NewLine => ErrorCode::BadFieldValue,
        _ => ErrorCode::BadRequestLine,
    }
}

/// The old `head::request_line_error`, as it was.
fn request_line_error(line: &[u8]) -> Option<ErrorCode> {
    let mut parts = line.split(|&b| b == b' ');
    let method = parts.next().unwrap_or(b"");
    let target = parts.next().unwrap_or(b"");
    let version = parts.next().unwrap_or(b"");
    if parts.next().is_some() || !is_token(method) || !is_target(target) {
        return Some(ErrorCode::BadRequestLine);
    }
    match version {
        b"HTTP/1.0" | b"HTTP/1.1" => None,
        [b'H', b'T', b'T', b'P', b'/', d1, b'.', d2]
            if d1.is_ascii_digit() && d2.is_ascii_digit() =>
        {
            Some(ErrorCode::UnsupportedHttpVersion)
        }
        [b'H', b'T', b'T', b'P', b'/', d1] if d1.is_ascii_digit() => {
            Some(ErrorCode::UnsupportedHttpVersion)
        }
        _ => Some(ErrorCode::BadRequestLine),
    }
}

fn is_target(t: &[u8]) -> bool {
    !t.is_empty() && t.iter().all(|&b| b > 0x20 && b != 0x7f)
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_field_vchar(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != 0x7f)
}

fn trim_ows(s: &[u8]) -> &[u8] {
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = s.iter().position(|b| !ows(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !ows(b)).map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

/// `buf` with a higher HTTP/1 minor version (`HTTP/1.2`) in its first line written as
/// `HTTP/1.1`: `head.rs` reads it so (RFC 9110 §2.5), where httparse knows 1.0 and 1.1 only. The
/// same length, so that the limits judge the same bytes.
pub fn minor_as_1(buf: &[u8], response: bool) -> Vec<u8> {
    let mut out = buf.to_vec();
    let start = buf
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(buf.len());
    let end = buf[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(buf.len(), |i| start + i);
    let line = &buf[start..end];
    // A status line starts with its version; a request line has it after the second space
    // (method and target hold none), whatever follows it.
    let at = if response {
        Some(start)
    } else {
        let mut spaces = line.iter().enumerate().filter(|(_, &b)| b == b' ');
        spaces.nth(1).map(|(i, _)| start + i + 1)
    };
    if let Some(at) = at {
        if out[at..].starts_with(b"HTTP/1.") && matches!(out.get(at + 7), Some(b'2'..=b'9')) {
            out[at + 7] = b'1';
        }
    }
    out
}
