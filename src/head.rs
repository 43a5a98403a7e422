//! RFC 9112 request heads: parsing, limits and syntax checks, in one pass over the bytes.
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
//!
//! The parser reads each byte once and keeps no copy of the field lines: it records where the
//! fields the engine reads are ([`Index`]) as it goes, and the engine reads the other lines of a
//! repeated field again from the bytes, already checked.

use alloc::string::String;
use alloc::vec::Vec;

use crate::authority::is_host_port;
use crate::check::{Step, Trail};
use crate::list::{has_byte, is_field_vchar, is_token, trim_ows, Elements};
use crate::policy::Policy;
use crate::response::push_decimal;

/// The HTTP version of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// HTTP/1.0: `Upgrade` is ignored (RFC 9110 §7.8).
    Http10,
    /// HTTP/1.1, and a higher minor version read as HTTP/1.1 (RFC 9110 §2.5); for
    /// [`RequestParts`], anything newer spoken over HTTP/1.1 syntax.
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
    pub(crate) has_body: bool,
    /// Parts path only: the target is absolute-form (it carries the authority), standing in
    /// for a Host field a Fetch `Request` does not expose.
    pub(crate) absolute: bool,
    /// The field lines, in order.
    fields: Fields<'h, 'b>,
    /// Where the fields the engine reads are.
    index: &'h Index<'b>,
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

    /// Which known field `name` is (ASCII case-insensitive): its length, and for the two lengths
    /// two names share its first letter, leave one name to compare.
    fn of(name: &[u8]) -> Option<Field> {
        let first = name.first().map_or(0, |b| b | 0x20);
        let f = match name.len() {
            4 => Field::Host,
            6 => Field::Origin,
            7 => Field::Upgrade,
            10 => Field::Connection,
            14 if first == b'c' => Field::ContentLength,
            14 => Field::Http2Settings,
            17 if first == b's' => Field::Key,
            17 => Field::TransferEncoding,
            21 => Field::Version,
            22 => Field::Protocol,
            24 => Field::Extensions,
            _ => return None,
        };
        token_eq_lower(name, f.name().as_bytes()).then_some(f)
    }
}

/// Whether the token `name` equals `lower`, a known field name (lowercase letters, digits and
/// `-`, at least four bytes), ASCII-case-insensitively. Setting bit 0x20 lowercases a letter; the
/// only other bytes it maps onto a digit or `-` are control characters, which a token cannot
/// hold, so for these names this is exact. Field names are tokens on both paths by the time the
/// index is built (`field_lines`, `check_parts`). Compared a word at a time: eight bytes from the
/// front, then the last eight (overlapping the word before); below eight bytes, the first four
/// and the last four.
fn token_eq_lower(name: &[u8], lower: &[u8]) -> bool {
    let n = name.len();
    if n != lower.len() {
        return false;
    }
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(name, at).map(|w| w | (ONES * 0x20)) != word(lower, at) {
                return false;
            }
            at += 8;
        }
        return word(name, n - 8).map(|w| w | (ONES * 0x20)) == word(lower, n - 8);
    }
    let half = |s: &[u8], at: usize| {
        let w = s.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok());
        w.map(u32::from_le_bytes)
    };
    let lowered = |w: u32| w | 0x2020_2020;
    n >= 4
        && half(name, 0).map(lowered) == half(lower, 0)
        && half(name, n - 4).map(lowered) == half(lower, n - 4)
}

/// The field lines of a head, in order, wherever they come from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fields<'h, 'b> {
    /// The field section of a parsed head, without its empty line: every line in it was checked
    /// by [`field_lines`] (`field-name ":" OWS field-value OWS`, then CRLF or LF).
    Raw(&'b [u8]),
    /// Fields a caller-side parser gave (`RequestParts`, a Fetch `Response`).
    Parts(&'h [(&'b str, &'b [u8])]),
}

impl<'h, 'b> From<&'h [(&'b str, &'b [u8])]> for Fields<'h, 'b> {
    fn from(parts: &'h [(&'b str, &'b [u8])]) -> Self {
        Fields::Parts(parts)
    }
}

impl<'h, 'b> Fields<'h, 'b> {
    /// Takes the first field line off: its name and its value (OWS-trimmed on the raw path).
    pub(crate) fn next_field(&mut self) -> Option<(&'b [u8], &'b [u8])> {
        match self {
            Fields::Raw(rest) => {
                // Checked lines: the first LF ends the line, the first colon ends the name.
                let end = rest.iter().position(|&b| b == b'\n')?;
                let line = rest.get(..end)?;
                *rest = rest.get(end + 1..)?;
                // A slice pattern: no panic path to link.
                let line = match line {
                    [rest @ .., b'\r'] => rest,
                    _ => line,
                };
                let colon = line.iter().position(|&b| b == b':')?;
                Some((line.get(..colon)?, trim_ows(line.get(colon + 1..)?)))
            }
            Fields::Parts(rest) => {
                let ((name, value), tail) = rest.split_first()?;
                *rest = tail;
                Some((name.as_bytes(), value))
            }
        }
    }

    /// The field lines from `at` on: a byte offset into a raw field section, an index into
    /// parts (as [`Index`] records them).
    fn starting_at(self, at: usize) -> Fields<'h, 'b> {
        match self {
            Fields::Raw(s) => Fields::Raw(s.get(at..).unwrap_or_default()),
            Fields::Parts(p) => Fields::Parts(p.get(at..).unwrap_or_default()),
        }
    }
}

/// Where the fields the engine reads are: for each, how many field lines carry it, the value
/// of the first one, and where the lines after the first one start. Filled while parsing (or in
/// one pass over parts), so no lookup scans the head again.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Index<'b> {
    known: [Known<'b>; FIELDS],
}

#[derive(Clone, Copy, Debug, Default)]
struct Known<'b> {
    count: usize,
    first: &'b [u8],
    after: usize,
}

impl<'b> Index<'b> {
    /// Records a field line; `after` is where the next line starts (see [`Fields::starting_at`]).
    fn add(&mut self, name: &[u8], value: &'b [u8], after: usize) {
        if let Some(known) = Field::of(name).and_then(|f| self.known.get_mut(f as usize)) {
            if known.count == 0 {
                known.first = value;
                known.after = after;
            }
            known.count += 1;
        }
    }

    fn get(&self, f: Field) -> Known<'b> {
        self.known.get(f as usize).copied().unwrap_or_default()
    }
}

impl<'h, 'b> Head<'h, 'b> {
    /// How many field lines are named `f`.
    pub(crate) fn count(&self, f: Field) -> usize {
        self.index.get(f).count
    }

    /// The values of the field lines named `f`, in order; the first comes from the index, the
    /// others from the lines after it.
    pub(crate) fn values(&self, f: Field) -> Values<'h, 'b> {
        let known = self.index.get(f);
        Values {
            first: (known.count > 0).then_some(known.first),
            rest: self.fields.starting_at(known.after),
            name: f.name(),
            left: known.count.saturating_sub(1),
        }
    }

    /// The first value of the field `f`, OWS-trimmed.
    pub(crate) fn first(&self, f: Field) -> Option<&'b [u8]> {
        self.values(f).next().map(trim_ows)
    }

    /// The elements of the list field `f` across all its field lines (RFC 9110 §5.6.1).
    pub(crate) fn list(&self, f: Field) -> List<'h, 'b> {
        List::new(self.values(f))
    }

    /// Whether the list field `f` holds `token` (ASCII case-insensitive).
    pub(crate) fn has_token(&self, f: Field, token: &[u8]) -> bool {
        self.list(f).any(|e| e.eq_ignore_ascii_case(token))
    }
}

/// The values of the field lines with one name, in order: `first` if known, then at most
/// `left` more from `rest`.
#[derive(Clone)]
pub(crate) struct Values<'h, 'b> {
    first: Option<&'b [u8]>,
    rest: Fields<'h, 'b>,
    name: &'static str,
    left: usize,
}

impl<'b> Iterator for Values<'_, 'b> {
    type Item = &'b [u8];

    fn next(&mut self) -> Option<&'b [u8]> {
        if let Some(v) = self.first.take() {
            return Some(v);
        }
        while self.left > 0 {
            let (name, value) = self.rest.next_field()?;
            if name.eq_ignore_ascii_case(self.name.as_bytes()) {
                self.left -= 1;
                return Some(value);
            }
        }
        None
    }
}

/// The elements of a list field across all its field lines (RFC 9110 §5.6.1): the elements of
/// each value in turn.
#[derive(Clone)]
pub(crate) struct List<'h, 'b> {
    values: Values<'h, 'b>,
    elements: Elements<'b>,
}

impl<'h, 'b> List<'h, 'b> {
    fn new(values: Values<'h, 'b>) -> List<'h, 'b> {
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

// ---- Parsing (RFC 9112 §2-§5) ---------------------------------------------------------------
//
// HTTP-message   = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]   ; RFC 9112 §2.1
// request-line   = method SP request-target SP HTTP-version                     ; RFC 9112 §3
// status-line    = HTTP-version SP status-code SP [ reason-phrase ]             ; RFC 9112 §4
// field-line     = field-name ":" OWS field-value OWS                           ; RFC 9112 §5
//
// Each function below reads one rule and stops at the first byte that breaks it, with the code
// the engine answers; running out of bytes first is `Stop::Partial`. Two codes look further, at
// the rest of the line as far as it has arrived, as the httparse-based parser before this one
// did: an unsupported version (`version_error`) and whitespace before a colon.

/// What parsing the raw bytes gave.
pub(crate) enum Parsed<'h, 'b> {
    Complete(Head<'h, 'b>),
    Incomplete,
    Error(Step),
    /// The line of this number (from 1) ends in a bare LF.
    BareLf(u32),
}

/// Why parsing stopped before the end of a head.
enum Stop {
    /// The bytes ran out: more of them may complete the head.
    Partial,
    /// The head breaks a rule.
    Invalid(Step),
    /// The line of this number ends in a bare LF, and bare LFs are not accepted.
    BareLf(u32),
}

/// A position in a head's bytes; reading past their end is `Stop::Partial`.
struct Cursor<'b> {
    buf: &'b [u8],
    pos: usize,
    /// Line ends read so far.
    lines: u32,
    /// Whether a bare LF ends a line (RFC 9112 §2.2: a recipient MAY take it as one).
    lenient: bool,
    /// The first line that ended in a bare LF, when `lenient`.
    bare_lf: Option<u32>,
}

impl<'b> Cursor<'b> {
    fn new(buf: &'b [u8], lenient: bool) -> Cursor<'b> {
        Cursor {
            buf,
            pos: 0,
            lines: 0,
            lenient,
            bare_lf: None,
        }
    }
}

// The cursor's steps run for every byte of every request; at the crate's opt-level "z" they are
// not inlined unless asked, and a call per byte costs more than the step.
impl<'b> Cursor<'b> {
    #[inline(always)]
    fn peek(&self) -> Result<u8, Stop> {
        self.buf.get(self.pos).copied().ok_or(Stop::Partial)
    }

    #[inline(always)]
    fn next(&mut self) -> Result<u8, Stop> {
        let b = self.peek()?;
        self.pos += 1;
        Ok(b)
    }

    /// Reads the bytes for which `f` holds, up to the first other one or the end.
    #[inline(always)]
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'b [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let mut n = 0;
        while let Some(&b) = rest.get(n) {
            if !f(b) {
                break;
            }
            n += 1;
        }
        self.pos += n;
        rest.get(..n).unwrap_or_default()
    }

    /// Reads the bytes for which `one` holds (see [`span`]).
    #[inline(always)]
    fn scan(&mut self, marks: impl Fn(u64) -> u64, one: impl Fn(u8) -> bool) -> &'b [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let n = span(rest, marks, one);
        self.pos += n;
        rest.get(..n).unwrap_or_default()
    }

    /// The bytes from `start` to here.
    #[inline(always)]
    fn since(&self, start: usize) -> &'b [u8] {
        self.buf.get(start..self.pos).unwrap_or_default()
    }

    /// A line end (RFC 9112 §2.2): CRLF, or, when the cursor is lenient, a bare LF, which a
    /// recipient MAY take as one. A CR not followed by LF (a bare CR) or any other byte breaks
    /// the rule `bad`.
    #[inline(always)]
    fn line_end(&mut self, bad: Step) -> Result<(), Stop> {
        match self.next()? {
            b'\r' if self.next()? == b'\n' => {
                self.lines += 1;
                Ok(())
            }
            b'\n' => {
                self.lines += 1;
                if !self.lenient {
                    return Err(Stop::BareLf(self.lines));
                }
                self.bare_lf.get_or_insert(self.lines);
                Ok(())
            }
            _ => Err(Stop::Invalid(bad)),
        }
    }

    /// RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the
    /// request-line; every one is skipped (before a status-line too).
    fn skip_empty_lines(&mut self, bad: Step) -> Result<(), Stop> {
        while matches!(self.peek()?, b'\r' | b'\n') {
            self.line_end(bad)?;
        }
        Ok(())
    }

    /// `HTTP-version = HTTP-name "/" DIGIT "." DIGIT` (RFC 9112 §2.3) of major version 1: `None`
    /// at the first byte that leads to none. A minor version above 1 is read as HTTP/1.1: RFC
    /// 9110 §2.5 says a recipient SHOULD process a message of a higher minor version "as if it
    /// were in the highest minor version within that major version to which the recipient is
    /// conformant".
    fn version(&mut self) -> Result<Option<Version>, Stop> {
        // All eight bytes at once when they have arrived (the usual case).
        if let Some(v) = word(self.buf, self.pos) {
            self.pos += 8;
            let name = u64::from_le_bytes(*b"HTTP/1.\0");
            return Ok(if v & !(0xff << 56) == name {
                minor((v >> 56) as u8)
            } else {
                None
            });
        }
        for &want in b"HTTP/1." {
            if self.next()? != want {
                return Ok(None);
            }
        }
        Ok(minor(self.next()?))
    }
}

/// The version of `HTTP/1.` followed by `digit` (see [`Cursor::version`]).
fn minor(digit: u8) -> Option<Version> {
    match digit {
        b'0' => Some(Version::Http10),
        b'1'..=b'9' => Some(Version::Http11),
        _ => None,
    }
}

// Eight bytes at a time ("SWAR"): a word is read little-endian, so its first byte is its lowest;
// each test below sets the high bit of the bytes it marks, exactly up to the first marked byte (a
// carry or borrow only ever reaches the bytes after a marked one), which is all `Cursor::scan`
// needs.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The eight bytes of `s` from `at`, as a word, if there are eight.
#[inline(always)]
fn word(s: &[u8], at: usize) -> Option<u64> {
    let w = s.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
    w.map(u64::from_le_bytes)
}

/// How many bytes from the start of `s` `one` holds for: eight at a time while `marks` marks
/// none of them (every byte before the first byte it marks must hold `one`), then one at a
/// time.
#[inline(always)]
fn span(s: &[u8], marks: impl Fn(u64) -> u64, one: impl Fn(u8) -> bool) -> usize {
    let mut n = 0;
    while let Some(w) = word(s, n) {
        let marked = marks(w);
        if marked != 0 {
            // The word's bytes are in order from the lowest: skip the unmarked ones.
            n += (marked.trailing_zeros() / 8) as usize;
            break;
        }
        n += 8;
    }
    while let Some(&b) = s.get(n) {
        if !one(b) {
            break;
        }
        n += 1;
    }
    n
}

/// Marks the bytes of `word` below `lowest` (at most 0x80), and DEL: what is not VCHAR or
/// obs-text, nor SP when `lowest` is 0x20. A byte below `lowest` borrows when `lowest` is taken
/// from it, its own high bit clear; DEL is a zero byte once XORed with 0x7F, and borrows when 1
/// is taken from it. (HTAB, a field-value byte, is marked: the byte-by-byte scan takes it.)
#[inline(always)]
fn below(word: u64, lowest: u8) -> u64 {
    let low = word.wrapping_sub(ONES * u64::from(lowest)) & !word;
    let del = word ^ (ONES * 0x7f);
    let del = del.wrapping_sub(ONES) & !del;
    (low | del) & HIGH
}

/// Marks the bytes of `word` that are not ASCII letters, digits or `-` (the bytes of nearly every
/// field name): below 0x80, adding `0x80 - lo` to a byte sets its high bit if and only if the
/// byte is at least `lo`, and carries nothing into the next byte.
#[inline(always)]
fn not_alnum_or_dash(word: u64) -> u64 {
    let at_least = |w: u64, lo: u8| w.wrapping_add(ONES * (0x80 - u64::from(lo)));
    let within = |w: u64, lo: u8, hi: u8| at_least(w, lo) & !at_least(w, hi + 1);
    let lower = word | (ONES * 0x20);
    let ok = within(lower, b'a', b'z') | within(word, b'0', b'9') | within(word, b'-', b'-');
    (word | !ok) & HIGH
}

/// `tchar` (RFC 9110 §5.6.2), tested in a few operations on a 128-bit map with one bit per ASCII
/// byte: the set of [`crate::list::is_tchar`] (a test compares them on every byte). The parser
/// tests every byte of every method and field name; calling `is_tchar` for each would cost a
/// call per byte, and would also take it out of `is_token`, its one caller, where it is inlined.
#[inline(always)]
fn is_name_byte(b: u8) -> bool {
    const TCHAR: [u64; 2] = [tchar_bits(0), tchar_bits(64)];
    let half = if b < 64 { TCHAR[0] } else { TCHAR[1] };
    b < 128 && (half >> (b % 64)) & 1 == 1
}

/// The `tchar` bits of the bytes `from..from + 64`.
const fn tchar_bits(from: u8) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < 64 {
        let b = from + i;
        let tchar = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if tchar {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
}

/// A request-target byte (RFC 9112 §3.2): visible ASCII or obs-text; the target's form is
/// judged by the checks that read it.
fn is_target_byte(b: u8) -> bool {
    b > 0x20 && b != 0x7f
}

/// A request-target: non-empty, no whitespace or control characters.
fn is_target(t: &[u8]) -> bool {
    !t.is_empty() && t.iter().all(|&b| is_target_byte(b))
}

/// `request-line = method SP request-target SP HTTP-version`, and its line end (RFC 9112 §3).
fn request_line<'b>(c: &mut Cursor<'b>) -> Result<(&'b str, &'b str, Version), Stop> {
    let bad = || Stop::Invalid(Step::RequestLineIsMalformed);
    c.skip_empty_lines(Step::RequestLineIsMalformed)?;
    let start = c.pos;
    // method = token (RFC 9112 §3.1), then a single SP. Methods are short: byte by byte.
    let m = c.take_while(is_name_byte).len();
    if c.next()? != b' ' || m == 0 {
        return Err(bad());
    }
    // request-target (RFC 9112 §3.2), then a single SP.
    let t = c.scan(|w| below(w, 0x21), is_target_byte).len();
    if c.next()? != b' ' || t == 0 {
        return Err(bad());
    }
    // Method and target as text: the method is ASCII; a target with bytes above 0x7F must be
    // UTF-8 (it is percent-encoded when it follows RFC 3986).
    let text = core::str::from_utf8(c.since(start)).map_err(|_| bad())?;
    let method = text.get(..m).unwrap_or_default();
    let target = text.get(m + 1..m + 1 + t).unwrap_or_default();
    let at = c.pos;
    let Some(version) = c.version()? else {
        let rest = c.buf.get(at..).unwrap_or_default();
        return Err(Stop::Invalid(version_error(rest)));
    };
    c.line_end(Step::RequestLineIsMalformed)?;
    Ok((method, target, version))
}

/// The code for a request line whose version is not HTTP/1.0 or HTTP/1.1, judged on the rest of
/// the line as far as it has arrived: `HTTP/` DIGIT [ "." DIGIT ] and nothing else is a version
/// this server does not speak (505, RFC 9110 §15.6.6); anything else is no HTTP-version at all.
fn version_error(rest: &[u8]) -> Step {
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = rest.get(..end).unwrap_or_default();
    let line = match line {
        [rest @ .., b'\r'] => rest,
        _ => line,
    };
    match line {
        [b'H', b'T', b'T', b'P', b'/', d1, b'.', d2]
            if d1.is_ascii_digit() && d2.is_ascii_digit() =>
        {
            Step::VersionIsNotHttp1
        }
        [b'H', b'T', b'T', b'P', b'/', d1] if d1.is_ascii_digit() => Step::VersionIsNotHttp1,
        _ => Step::RequestLineIsMalformed,
    }
}

/// The field lines up to the empty line that ends the head (RFC 9112 §2.1, §5), each recorded
/// in `index`; the field section is returned without its empty line.
fn field_lines<'b>(
    c: &mut Cursor<'b>,
    max_headers: usize,
    index: &mut Index<'b>,
) -> Result<&'b [u8], Stop> {
    let start = c.pos;
    let mut fields = 0;
    loop {
        let end = c.pos;
        if matches!(c.peek()?, b'\r' | b'\n') {
            // The empty line ends the head; a bare CR there is no field name either.
            c.line_end(Step::FieldNameIsNotAToken)?;
            return Ok(c.buf.get(start..end).unwrap_or_default());
        }
        // field-name = token (RFC 9110 §5.1), then the colon.
        let name = c.scan(not_alnum_or_dash, is_name_byte);
        match c.next()? {
            b':' if !name.is_empty() => {}
            // RFC 9112 §5.2: a line starting with whitespace is obs-fold; a server either
            // rejects it or unfolds it, and this one rejects it.
            b' ' | b'\t' if name.is_empty() => return Err(Stop::Invalid(Step::FieldIsFolded)),
            // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon; a
            // server MUST reject such a request (400). Without the colon (or before it has
            // arrived) the name just holds a space.
            b' ' | b'\t' => {
                c.take_while(|b| b == b' ' || b == b'\t');
                return Err(Stop::Invalid(if c.peek().ok() == Some(b':') {
                    Step::WhitespaceBeforeColon
                } else {
                    Step::FieldNameIsNotAToken
                }));
            }
            _ => return Err(Stop::Invalid(Step::FieldNameIsNotAToken)),
        }
        // OWS field-value OWS (RFC 9112 §5): VCHAR, obs-text, SP and HTAB; no other control
        // character (RFC 9110 §5.5), a bare CR included.
        c.take_while(|b| b == b' ' || b == b'\t');
        let value = c.scan(|w| below(w, 0x20), is_field_vchar);
        let value = match value.last() {
            Some(b' ' | b'\t') => trim_ows(value),
            _ => value,
        };
        c.line_end(Step::FieldValueHasAControl)?;
        // RFC 6585 §5: too many fields, counted once the line is whole.
        if fields == max_headers {
            return Err(Stop::Invalid(Step::HeadHasTooManyFields));
        }
        fields += 1;
        index.add(name, value, c.pos - start);
    }
}

/// Parses a request head from the first `policy.max_head_bytes` of `buf`, with at most
/// `policy.max_headers` field lines, lines ending in CRLF (or a bare LF too with
/// `policy.lenient_line_ends`); `index` (empty) records where the known fields are.
pub(crate) fn parse<'h, 'b>(
    buf: &'b [u8],
    policy: &Policy,
    index: &'h mut Index<'b>,
    trail: &mut Trail,
) -> Parsed<'h, 'b> {
    let max_head_bytes = policy.max_head_bytes;
    let too_long = buf.len() >= max_head_bytes;
    let window = buf.get(..max_head_bytes).unwrap_or(buf);
    let mut c = Cursor::new(window, policy.lenient_line_ends);
    let parsed = request_line(&mut c)
        .and_then(|line| Ok((line, field_lines(&mut c, policy.max_headers, index)?)));
    let ((method, target, version), section) = match parsed {
        Ok(parsed) => parsed,
        Err(Stop::Partial) if !too_long => {
            trail.step(Step::HeadIsIncomplete);
            return Parsed::Incomplete;
        }
        Err(Stop::Partial) => {
            // RFC 9112 §3 / RFC 6585 §5: 414 while the request line has not ended, 431 after.
            return Parsed::Error(if has_byte(window, b'\n') {
                Step::HeadIsTooLarge
            } else {
                Step::TargetIsTooLong
            });
        }
        Err(Stop::Invalid(step)) => return Parsed::Error(step),
        Err(Stop::BareLf(line)) => return Parsed::BareLf(line),
    };
    trail.step(Step::HeadFitsTheLimits);
    trail.step(Step::HeadIsWellFormed);
    if let Some(line) = c.bare_lf {
        trail.step_with(Step::BareLfIsAccepted, || decimal(line));
    }
    let mut head = Head {
        method,
        target,
        version,
        has_body: false,
        // Off the wire, an absolute-form target does not excuse a missing Host: a client MUST
        // send Host in every HTTP/1.1 request (RFC 9112 §3.2); only parts get that leniency.
        absolute: false,
        fields: Fields::Raw(section),
        index,
    };
    head.has_body = has_body(&head);
    Parsed::Complete(head)
}

/// `n` in decimal.
pub(crate) fn decimal(n: u32) -> String {
    let mut s = String::new();
    push_decimal(&mut s, n as usize);
    s
}

/// The forms of a request-target (RFC 9112 §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form<'t> {
    /// `absolute-path [ "?" query ]`.
    Origin,
    /// An http or https `absolute-URI`, and its authority.
    Absolute(&'t [u8]),
    /// `uri-host ":" port`, for CONNECT only.
    Authority,
    /// `*`, for a server-wide OPTIONS only.
    Asterisk,
}

/// The form of `target`, if it is one `method` may use (RFC 9112 §3.2): origin-form or
/// absolute-form for every method but CONNECT, which uses authority-form only; asterisk-form for
/// OPTIONS only. A target that is both `host:port` and an absolute URI (`a:80`) is read as
/// authority-form, as a recipient that does not know the scheme would.
pub(crate) fn target_form<'t>(method: &str, target: &'t str) -> Result<Form<'t>, Step> {
    let t = target.as_bytes();
    let form = if t == b"*" {
        Form::Asterisk
    } else if t.first() == Some(&b'/') {
        Form::Origin
    } else if !t.starts_with(b":") && is_host_port(t, true) {
        Form::Authority
    } else if let Some(authority) = http_authority(t) {
        Form::Absolute(authority)
    } else if is_absolute_uri(t) {
        return Err(Step::AbsoluteTargetIsNotHttp);
    } else {
        return Err(Step::TargetIsNeitherPathNorUri);
    };
    match (method, form) {
        ("CONNECT", Form::Authority) => Ok(form),
        ("CONNECT", _) => Err(Step::ConnectNeedsAnAuthority),
        (_, Form::Authority) => Err(Step::AuthorityIsOnlyForConnect),
        ("OPTIONS", _) | (_, Form::Origin | Form::Absolute(_)) => Ok(form),
        (_, Form::Asterisk) => Err(Step::AsteriskIsOnlyForOptions),
    }
}

/// `absolute-URI = scheme ":" hier-part [ "?" query ]` (RFC 3986 §4.3), its scheme
/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`; the rest only has to be target bytes.
fn is_absolute_uri(t: &[u8]) -> bool {
    let Some(colon) = t.iter().position(|&b| b == b':') else {
        return false;
    };
    let scheme = t.get(..colon).unwrap_or_default();
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The authority of an absolute-form target an HTTP server takes: an `http` or `https` URI (RFC
/// 9112 §3.2.2; RFC 6455 §4.2.1 item 1 asks for an absolute HTTP/HTTPS URI) with a host (RFC 9110
/// §4.2.1: one with an empty host MUST be rejected) and no userinfo (§4.2.4), its authority valid.
fn http_authority(t: &[u8]) -> Option<&[u8]> {
    let scheme = |s: &[u8]| t.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
    let rest = if scheme(b"http://") {
        t.get(7..)?
    } else if scheme(b"https://") {
        t.get(8..)?
    } else {
        return None;
    };
    // The authority runs to the path, the query or the fragment (RFC 3986 §3.2).
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    let valid =
        !authority.is_empty() && !authority.starts_with(b":") && is_host_port(authority, false);
    valid.then_some(authority)
}

/// Content-Length other than 0, or any Transfer-Encoding, means a body (RFC 9112 §6.3).
fn has_body(head: &Head<'_, '_>) -> bool {
    head.count(Field::TransferEncoding) > 0
        || head
            .values(Field::ContentLength)
            .any(|v| !trim_ows(v).iter().all(|&b| b == b'0'))
}

/// What parsing a response head gave (RFC 9112 §4).
#[derive(Debug)]
pub(crate) enum ParsedResponse<'b> {
    Complete { status: u16, fields: Fields<'b, 'b> },
    Incomplete,
    Invalid,
}

/// Parses a response head with at most `max_headers` field lines, by the rules of the request
/// parser: the client's replacement for `httparse::Response` (which accepts the same heads).
/// The differential tests check it against httparse.
pub(crate) fn parse_response(buf: &[u8], max_headers: usize) -> ParsedResponse<'_> {
    // A user agent reads line ends leniently (RFC 9112 §2.2).
    let mut c = Cursor::new(buf, true);
    let mut index = Index::default();
    let parsed = status_line(&mut c)
        .and_then(|status| Ok((status, field_lines(&mut c, max_headers, &mut index)?)));
    match parsed {
        Ok((status, section)) => ParsedResponse::Complete {
            status,
            fields: Fields::Raw(section),
        },
        Err(Stop::Partial) => ParsedResponse::Incomplete,
        Err(Stop::Invalid(_) | Stop::BareLf(_)) => ParsedResponse::Invalid,
    }
}

/// A copy of a response head in which each obs-fold (a line break followed by SP or HTAB, between
/// the first field line and the empty line) is replaced by as many spaces, as RFC 9112 §5.2 tells
/// a user agent to do "prior to interpreting the field value"; `None` when the head has none.
/// Whitespace right after the status line folds no field and is left for the parser to refuse.
pub(crate) fn unfold(buf: &[u8]) -> Option<Vec<u8>> {
    let mut copy: Option<Vec<u8>> = None;
    let mut start = 0;
    let mut status_line = true;
    for (i, &b) in buf.iter().enumerate() {
        if b != b'\n' {
            continue;
        }
        let line = buf.get(start..i).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            if status_line {
                // An empty line before the status line (skipped by the parser).
                start = i + 1;
                continue;
            }
            break;
        }
        if !status_line && matches!(buf.get(i + 1), Some(b' ' | b'\t')) {
            let from = if i > 0 && buf.get(i - 1) == Some(&b'\r') {
                i - 1
            } else {
                i
            };
            let copy = copy.get_or_insert_with(|| buf.to_vec());
            for byte in copy.get_mut(from..=i).into_iter().flatten() {
                *byte = b' ';
            }
            // The next line continues this one.
            continue;
        }
        status_line = false;
        start = i + 1;
    }
    copy
}

/// `status-line = HTTP-version SP status-code SP [ reason-phrase ]` and its line end
/// (RFC 9112 §4); as with httparse, the SP before an absent reason-phrase may be left out.
fn status_line(c: &mut Cursor<'_>) -> Result<u16, Stop> {
    let bad = || Stop::Invalid(Step::ResponseIsMalformed);
    c.skip_empty_lines(Step::ResponseIsMalformed)?;
    if c.version()?.is_none() || c.next()? != b' ' {
        return Err(bad());
    }
    // status-code = 3DIGIT
    let mut status = 0;
    for _ in 0..3 {
        let d = c.next()?;
        if !d.is_ascii_digit() {
            return Err(bad());
        }
        status = status * 10 + u16::from(d - b'0');
    }
    // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
    if c.peek()? == b' ' {
        c.take_while(is_field_vchar);
    }
    c.line_end(Step::ResponseIsMalformed)?;
    Ok(status)
}

/// Validates parts from a caller-side parser, applying the same rules and limits as the raw
/// path.
pub(crate) fn check_parts(
    parts: &RequestParts<'_>,
    policy: &Policy,
    trail: &mut Trail,
) -> Result<(), Step> {
    let (max_head_bytes, max_headers) = (policy.max_head_bytes, policy.max_headers);
    if parts.target.len() >= max_head_bytes {
        return Err(Step::TargetIsTooLong);
    }
    if parts.headers.len() > max_headers {
        return Err(Step::HeadHasTooManyFields);
    }
    let size = parts
        .headers
        .iter()
        .fold(parts.method.len() + parts.target.len() + 12, |n, (k, v)| {
            n.saturating_add(k.len() + v.len() + 4)
        });
    if size > max_head_bytes {
        return Err(Step::HeadIsTooLarge);
    }
    if !is_token(parts.method.as_bytes()) || !is_target(parts.target.as_bytes()) {
        return Err(Step::RequestLineIsMalformed);
    }
    for (name, value) in parts.headers {
        if !is_token(name.as_bytes()) {
            return Err(Step::FieldNameIsNotAToken);
        }
        if !value.iter().all(|&b| is_field_vchar(b)) {
            return Err(Step::FieldValueHasAControl);
        }
    }
    trail.step(Step::HeadFitsTheLimits);
    trail.step(Step::HeadIsWellFormed);
    Ok(())
}

/// Builds the engine's view of already-checked parts; `index` (empty) records where the known
/// fields are.
pub(crate) fn from_parts<'h, 'p>(
    parts: &RequestParts<'p>,
    index: &'h mut Index<'p>,
) -> Head<'h, 'p> {
    for (i, (name, value)) in parts.headers.iter().enumerate() {
        index.add(name.as_bytes(), value, i + 1);
    }
    Head {
        method: parts.method,
        target: parts.target,
        version: parts.version,
        has_body: parts.has_body,
        absolute: parts.target.as_bytes().windows(3).any(|w| w == b"://"),
        fields: Fields::Parts(parts.headers),
        index,
    }
}

/// The values of the fields named `name` (ASCII case-insensitive), in order.
pub(crate) fn values<'h, 'b: 'h>(
    fields: impl Into<Fields<'h, 'b>>,
    name: &'static str,
) -> Values<'h, 'b> {
    Values {
        first: None,
        rest: fields.into(),
        name,
        left: usize::MAX,
    }
}

/// The elements of the list field `name` across all its field lines (RFC 9110 §5.6.1).
pub(crate) fn list<'h, 'b: 'h>(
    fields: impl Into<Fields<'h, 'b>>,
    name: &'static str,
) -> List<'h, 'b> {
    List::new(values(fields, name))
}

/// How many field lines are named `name`.
pub(crate) fn count<'h, 'b: 'h>(fields: impl Into<Fields<'h, 'b>>, name: &'static str) -> usize {
    values(fields, name).count()
}

/// Whether the list field `name` holds `token` (ASCII case-insensitive).
pub(crate) fn has_token<'h, 'b: 'h>(
    fields: impl Into<Fields<'h, 'b>>,
    name: &'static str,
    token: &[u8],
) -> bool {
    list(fields, name).any(|e| e.eq_ignore_ascii_case(token))
}

// The differential tests of both parsers against httparse and a reference of their own. They live
// under tests/ but are compiled as children of this module: they call the parsers' private items
// (the cursor, the field index, `parse_response`), which a crate under tests/ could reach only if
// they were public.
#[cfg(test)]
use crate::error::ErrorCode;
#[cfg(test)]
#[path = "../tests/head/differential.rs"]
mod differential;
#[cfg(test)]
#[path = "../tests/head/reference.rs"]
mod reference;
