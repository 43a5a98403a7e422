//! RFC 9112 request heads: parsing (with `httparse`), limits and syntax checks.
//!
//! Strict by default, in the spirit of RFC 9112:
//! - whitespace between a field name and its colon: 400 (RFC 9112 §5.1);
//! - a field name that is not a token, a control character in a value: 400 (RFC 9110 §5.1, §5.5);
//! - obs-fold (a field line starting with SP or HTAB): 400. RFC 9112 §5.2 lets a server either
//!   reject it or unfold it; unfolding would make the same bytes mean different things to
//!   different hops, so this crate rejects;
//! - not exactly one `Host` in HTTP/1.1, or more than one in any version: 400 (RFC 9112 §3.2);
//! - a head past `max_head_bytes`: 431, or 414 if the request line itself does not end in time;
//!   more than `max_headers` fields: 431 (RFC 6585 §5).
//!
//! Lenient where RFC 9112 allows it: a bare LF ends a line (RFC 9112 §2.2), and empty lines
//! before the request line are skipped.

use httparse::Header;

use crate::check::{Step, Trail};
use crate::error::{ErrorCode, Failure};
use crate::list::{is_field_vchar, is_token, trim_ows, Elements};

/// The HTTP version of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// HTTP/1.0: `Upgrade` is ignored (RFC 9110 §7.8).
    Http10,
    /// HTTP/1.1 (and, for [`RequestParts`], anything newer spoken over HTTP/1.1 syntax).
    Http11,
}

impl Version {
    /// `"HTTP/1.0"` or `"HTTP/1.1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
}

/// A request already parsed by someone else, e.g. a Fetch `Request` in a Worker.
///
/// ```
/// use upgrade_handshake::{negotiate_parts, Policy, RequestParts, Version};
/// let headers: &[(&str, &[u8])] = &[
///     ("Host", b"example.com"),
///     ("Upgrade", b"websocket"),
///     ("Connection", b"Upgrade"),
///     ("Sec-WebSocket-Key", b"dGhlIHNhbXBsZSBub25jZQ=="),
///     ("Sec-WebSocket-Version", b"13"),
/// ];
/// let req = RequestParts { method: "GET", target: "/chat", version: Version::Http11, headers, has_body: false };
/// assert_eq!(negotiate_parts(&req, &Policy::default()).status(), Some(101));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RequestParts<'a> {
    /// The method, e.g. `"GET"`.
    pub method: &'a str,
    /// The request-target: origin-form (`/chat?x`) or absolute-form (`https://h/chat`, as
    /// Fetch gives it). An absolute-form target stands in for a missing `Host`.
    pub target: &'a str,
    /// The HTTP version.
    pub version: Version,
    /// The header fields in order; repeated names are kept as separate entries (or combined
    /// with commas, which is the same thing for list fields).
    pub headers: &'a [(&'a str, &'a [u8])],
    /// Whether the request has content (a body).
    pub has_body: bool,
}

/// A request head, from either path, as the engine reads it.
pub(crate) struct Head<'h, 'b> {
    pub(crate) method: &'b str,
    pub(crate) target: &'b str,
    pub(crate) version: Version,
    pub(crate) headers: &'h [Header<'b>],
    pub(crate) has_body: bool,
    /// Parts path only: the target is absolute-form (it carries the authority), standing in
    /// for a Host field a Fetch `Request` does not expose.
    pub(crate) absolute: bool,
    /// Where the fields the engine reads are, found in one pass over the headers.
    pub(crate) index: Index,
}

/// The fields the engine reads from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Host,
    Upgrade,
    Connection,
    Origin,
    Key,
    Version,
    Protocol,
    Extensions,
    Http2Settings,
    ContentLength,
    TransferEncoding,
}

const FIELDS: usize = 11;

impl Field {
    /// The lowercase field name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Host => "host",
            Field::Upgrade => "upgrade",
            Field::Connection => "connection",
            Field::Origin => "origin",
            Field::Key => "sec-websocket-key",
            Field::Version => "sec-websocket-version",
            Field::Protocol => "sec-websocket-protocol",
            Field::Extensions => "sec-websocket-extensions",
            Field::Http2Settings => "http2-settings",
            Field::ContentLength => "content-length",
            Field::TransferEncoding => "transfer-encoding",
        }
    }

    /// Which known field `name` is (ASCII case-insensitive): a length switch, then at most two
    /// comparisons.
    fn of(name: &str) -> Option<Field> {
        let candidates: &[Field] = match name.len() {
            4 => &[Field::Host],
            6 => &[Field::Origin],
            7 => &[Field::Upgrade],
            10 => &[Field::Connection],
            14 => &[Field::ContentLength, Field::Http2Settings],
            17 => &[Field::Key, Field::TransferEncoding],
            21 => &[Field::Version],
            22 => &[Field::Protocol],
            24 => &[Field::Extensions],
            _ => return None,
        };
        candidates
            .iter()
            .copied()
            .find(|f| token_eq_lower(name.as_bytes(), f.name().as_bytes()))
    }
}

/// Whether the token `name` equals `lower` (lowercase letters, digits and `-` only)
/// ASCII-case-insensitively. Setting bit 0x20 lowercases a letter; the only other bytes it maps
/// onto a digit or `-` are control characters, which a token cannot hold, so for these names
/// this is exact. Field names are tokens on both paths by the time the index is built
/// (httparse, `check_parts`).
fn token_eq_lower(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len() && name.iter().zip(lower).all(|(&a, &b)| a | 0x20 == b)
}

/// How many field lines each known field has, and where its first one is.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Index {
    count: [usize; FIELDS],
    first: [usize; FIELDS],
}

impl Index {
    pub(crate) fn new(headers: &[Header<'_>]) -> Index {
        let mut index = Index::default();
        for (i, h) in headers.iter().enumerate() {
            if let Some(f) = Field::of(h.name) {
                let k = f as usize;
                if let (Some(n), Some(first)) = (index.count.get_mut(k), index.first.get_mut(k)) {
                    if *n == 0 {
                        *first = i;
                    }
                    *n += 1;
                }
            }
        }
        index
    }
}

impl<'b> Head<'_, 'b> {
    /// How many field lines are named `f`.
    pub(crate) fn count(&self, f: Field) -> usize {
        self.index.count.get(f as usize).copied().unwrap_or(0)
    }

    /// The values of the field lines named `f`, in order; starts at the first one and stops
    /// after the last.
    pub(crate) fn values(&self, f: Field) -> Values<'_, 'b> {
        let k = f as usize;
        let first = self.index.first.get(k).copied().unwrap_or(0);
        Values {
            rest: self.headers.get(first..).unwrap_or(&[]),
            name: f.name(),
            left: self.count(f),
            known_first: true,
        }
    }

    /// The first value of the field `f`, OWS-trimmed.
    pub(crate) fn first(&self, f: Field) -> Option<&'b [u8]> {
        self.values(f).next().map(trim_ows)
    }

    /// The elements of the list field `f` across all its field lines (RFC 9110 §5.6.1).
    pub(crate) fn list(&self, f: Field) -> List<'_, 'b> {
        List::new(self.values(f))
    }

    /// Whether the list field `f` holds `token` (ASCII case-insensitive).
    pub(crate) fn has_token(&self, f: Field, token: &[u8]) -> bool {
        self.list(f).any(|e| e.eq_ignore_ascii_case(token))
    }
}

/// The values of the field lines with one name, in order (at most `left` of them).
#[derive(Clone)]
pub(crate) struct Values<'a, 'b> {
    rest: &'a [Header<'b>],
    name: &'static str,
    left: usize,
    /// `rest` starts at a line known to carry the name (the index found it).
    known_first: bool,
}

impl<'b> Iterator for Values<'_, 'b> {
    type Item = &'b [u8];

    fn next(&mut self) -> Option<&'b [u8]> {
        while self.left > 0 {
            let (h, rest) = self.rest.split_first()?;
            self.rest = rest;
            if core::mem::take(&mut self.known_first) || h.name.eq_ignore_ascii_case(self.name) {
                self.left -= 1;
                return Some(h.value);
            }
        }
        None
    }
}

/// The elements of a list field across all its field lines (RFC 9110 §5.6.1): the elements of
/// each value in turn. Written out rather than `flat_map`, whose generic adapter is several times
/// larger in the `.wasm`.
#[derive(Clone)]
pub(crate) struct List<'a, 'b> {
    values: Values<'a, 'b>,
    elements: Elements<'b>,
}

impl<'a, 'b> List<'a, 'b> {
    fn new(values: Values<'a, 'b>) -> List<'a, 'b> {
        List {
            values,
            elements: Elements::empty(),
        }
    }
}

impl<'b> Iterator for List<'_, 'b> {
    type Item = &'b [u8];

    fn next(&mut self) -> Option<&'b [u8]> {
        loop {
            if let Some(e) = self.elements.next() {
                return Some(e);
            }
            self.elements = Elements::new(self.values.next()?);
        }
    }
}

/// What parsing the raw bytes gave.
pub(crate) enum Parsed<'h, 'b> {
    Complete(Head<'h, 'b>),
    Incomplete,
    Error(Failure),
}

/// Parses `buf` into `headers` under the policy's limits.
pub(crate) fn parse<'h, 'b>(
    buf: &'b [u8],
    headers: &'h mut [core::mem::MaybeUninit<Header<'b>>],
    max_head_bytes: usize,
    trail: &mut Trail,
) -> Parsed<'h, 'b> {
    let too_long = buf.len() >= max_head_bytes;
    let window = buf.get(..max_head_bytes).unwrap_or(buf);
    let mut req = httparse::Request::new(&mut []);
    match req.parse_with_uninit_headers(window, headers) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            if !too_long {
                trail.step(Step::TheHeadIsNotCompleteYet);
                return Parsed::Incomplete;
            }
            let code = if crate::list::has_byte(window, b'\n') {
                ErrorCode::HeadTooLarge
            } else {
                ErrorCode::TargetTooLong
            };
            return fail(trail, "head-size", code, None, code.description());
        }
        Err(httparse::Error::TooManyHeaders) => {
            return fail(
                trail,
                "header-count",
                ErrorCode::TooManyHeaders,
                None,
                ErrorCode::TooManyHeaders.description(),
            );
        }
        Err(e) => {
            let (code, header) = diagnose(window, e);
            return fail(trail, "head-syntax", code, header, code.description());
        }
    }
    trail.step(Step::TheHeadFitsWithinTheSize);
    let httparse::Request {
        method,
        path,
        version,
        headers,
    } = req;
    let version = match version {
        Some(0) => Version::Http10,
        _ => Version::Http11,
    };
    let method = method.unwrap_or("");
    let headers: &'h [Header<'b>] = headers;
    let index = Index::new(headers);
    trail.step(Step::TheRequestLineAndFieldLines);
    let mut head = Head {
        method,
        target: path.unwrap_or(""),
        version,
        headers,
        has_body: false,
        // Off the wire, an absolute-form target does not excuse a missing Host: a client MUST
        // send Host in every HTTP/1.1 request (RFC 9112 §3.2); only parts get that leniency.
        absolute: false,
        index,
    };
    head.has_body = has_body(&head);
    Parsed::Complete(head)
}

fn fail<'h, 'b>(
    trail: &mut Trail,
    id: &'static str,
    code: ErrorCode,
    header: Option<&'static str>,
    message: &'static str,
) -> Parsed<'h, 'b> {
    trail.fail(id, code.section(), header, message);
    Parsed::Error(Failure::new(code, header))
}

/// Content-Length other than 0, or any Transfer-Encoding, means a body (RFC 9112 §6.3).
fn has_body(head: &Head<'_, '_>) -> bool {
    head.count(Field::TransferEncoding) > 0
        || head
            .values(Field::ContentLength)
            .any(|v| !trim_ows(v).iter().all(|&b| b == b'0'))
}

/// Finds which rule a head that httparse refused breaks. Runs only on the error path; one pass.
fn diagnose(buf: &[u8], e: httparse::Error) -> (ErrorCode, Option<&'static str>) {
    let mut lines = buf
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    // Skip leading empty lines (RFC 9112 §2.2).
    let request_line = lines.by_ref().find(|l| !l.is_empty()).unwrap_or(b"");
    if let Some(code) = request_line_error(request_line) {
        return (code, None);
    }
    for line in lines {
        if line.is_empty() {
            break;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            return (ErrorCode::ObsFold, None);
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return (ErrorCode::BadFieldName, None);
        };
        let (name, value) = line.split_at_checked(colon).unwrap_or((line, &[]));
        if matches!(name.last(), Some(b' ' | b'\t')) && is_token(trim_ows(name)) {
            return (ErrorCode::WhitespaceBeforeColon, None);
        }
        if !is_token(name) {
            return (ErrorCode::BadFieldName, None);
        }
        if !value.iter().skip(1).all(|&b| is_field_vchar(b)) {
            return (ErrorCode::BadFieldValue, None);
        }
    }
    match e {
        httparse::Error::HeaderName => (ErrorCode::BadFieldName, None),
        httparse::Error::HeaderValue | httparse::Error::NewLine => (ErrorCode::BadFieldValue, None),
        _ => (ErrorCode::BadRequestLine, None),
    }
}

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

/// A request-target: non-empty, no whitespace or control characters.
fn is_target(t: &[u8]) -> bool {
    !t.is_empty() && t.iter().all(|&b| b > 0x20 && b != 0x7f)
}

/// Validates parts from a caller-side parser, applying the same rules and limits as the raw
/// path; on success the caller gets headers in httparse's shape.
pub(crate) fn check_parts(
    parts: &RequestParts<'_>,
    max_head_bytes: usize,
    max_headers: usize,
    trail: &mut Trail,
) -> Result<(), Failure> {
    let mut fail = |id, code: ErrorCode| {
        trail.fail(id, code.section(), None, code.description());
        Err(Failure::new(code, None))
    };
    if parts.target.len() >= max_head_bytes {
        return fail("head-size", ErrorCode::TargetTooLong);
    }
    if parts.headers.len() > max_headers {
        return fail("header-count", ErrorCode::TooManyHeaders);
    }
    let size = parts
        .headers
        .iter()
        .fold(parts.method.len() + parts.target.len() + 12, |n, (k, v)| {
            n.saturating_add(k.len() + v.len() + 4)
        });
    if size > max_head_bytes {
        return fail("head-size", ErrorCode::HeadTooLarge);
    }
    if !is_token(parts.method.as_bytes()) || !is_target(parts.target.as_bytes()) {
        return fail("head-syntax", ErrorCode::BadRequestLine);
    }
    for (name, value) in parts.headers {
        if !is_token(name.as_bytes()) {
            return fail("head-syntax", ErrorCode::BadFieldName);
        }
        if !value.iter().all(|&b| is_field_vchar(b)) {
            return fail("head-syntax", ErrorCode::BadFieldValue);
        }
    }
    trail.step(Step::TheHeadFitsWithinTheSize);
    trail.step(Step::TheRequestLineAndFieldLines);
    Ok(())
}

/// Builds the engine's view of already-checked parts.
pub(crate) fn from_parts<'h, 'b>(
    parts: &RequestParts<'b>,
    headers: &'h [Header<'b>],
) -> Head<'h, 'b> {
    Head {
        method: parts.method,
        target: parts.target,
        version: parts.version,
        headers,
        has_body: parts.has_body,
        absolute: parts.target.as_bytes().windows(3).any(|w| w == b"://"),
        index: Index::new(headers),
    }
}

/// The values of the fields named `name` (ASCII case-insensitive), in order.
pub(crate) fn values<'a, 'b>(headers: &'a [Header<'b>], name: &'static str) -> Values<'a, 'b> {
    Values {
        rest: headers,
        name,
        left: usize::MAX,
        known_first: false,
    }
}

/// The elements of the list field `name` across all its field lines (RFC 9110 §5.6.1).
pub(crate) fn list<'a, 'b>(headers: &'a [Header<'b>], name: &'static str) -> List<'a, 'b> {
    List::new(values(headers, name))
}

/// How many field lines are named `name`.
pub(crate) fn count(headers: &[Header<'_>], name: &'static str) -> usize {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .count()
}

/// Whether the list field `name` holds `token` (ASCII case-insensitive).
pub(crate) fn has_token(headers: &[Header<'_>], name: &'static str, token: &[u8]) -> bool {
    list(headers, name).any(|e| e.eq_ignore_ascii_case(token))
}
