//! A validated HTTP/1.1 response (status line, fields, body) and its serializer.
//!
//! A [`Response`] that exists is valid: every header name is a token and no header value or
//! reason phrase holds CR, LF, NUL or any other control character except HTAB (RFC 9110 §5.5),
//! whatever strings the caller or a policy handed in. Serializing needs no allocation
//! ([`Response::write_to`]).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{BufferTooSmall, BuildError};
use crate::list::{is_field_vchar, is_token};

/// An HTTP/1.1 response head plus a (short, plain-text) body.
///
/// ```
/// use upgrade_handshake::Response;
/// let r = Response::new(404, "Not Found").header("Content-Length", "0").unwrap();
/// assert_eq!(r.to_string(), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
/// let mut buf = [0u8; 64];
/// let n = r.write_to(&mut buf).unwrap();
/// assert_eq!(&buf[..n], r.to_vec().as_slice());
/// // Invalid output cannot be built:
/// assert!(Response::new(200, "OK").header("X", "a\nb").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    status: u16,
    reason: Cow<'static, str>,
    headers: Vec<(Cow<'static, str>, Value)>,
    body: Cow<'static, str>,
}

/// Whether `v` may be a header value: no CTL except HTAB, no leading or trailing whitespace.
/// A header value: one of the engine's literals, a short value kept inline, or an owned string.
/// The 101's `Sec-WebSocket-Accept` and a chosen subprotocol go inline, so building the 101
/// allocates for neither.
#[derive(Clone)]
enum Value {
    Static(&'static str),
    Inline { len: u8, bytes: [u8; INLINE] },
    Owned(String),
}

/// Long enough for a `Sec-WebSocket-Accept` (28 characters) and most subprotocols.
const INLINE: usize = 30;

impl Value {
    fn copy(v: &str) -> Value {
        if v.len() > INLINE {
            return Value::Owned(String::from(v));
        }
        let mut bytes = [0u8; INLINE];
        for (d, s) in bytes.iter_mut().zip(v.bytes()) {
            *d = s;
        }
        // At most INLINE (30) bytes, so the length fits in a u8.
        Value::Inline {
            len: v.len() as u8,
            bytes,
        }
    }
}

impl From<Cow<'static, str>> for Value {
    fn from(v: Cow<'static, str>) -> Value {
        match v {
            Cow::Borrowed(s) => Value::Static(s),
            Cow::Owned(s) => Value::Owned(s),
        }
    }
}

impl core::ops::Deref for Value {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Value::Static(s) => s,
            Value::Owned(s) => s,
            Value::Inline { len, bytes } => {
                let bytes = bytes.get(..usize::from(*len)).unwrap_or_default();
                // SAFETY: `Value::copy` is the only constructor of `Inline`: it copies a whole
                // `&str` (at most INLINE bytes, all of them, so no sequence is cut) and records
                // its length, and nothing mutates the bytes afterwards, so they need no second
                // validation on every read.
                unsafe { core::str::from_utf8_unchecked(bytes) }
            }
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        **self == **other
    }
}

impl Eq for Value {}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

pub(crate) fn valid_value(v: &str) -> bool {
    let b = v.as_bytes();
    // A fold without early exit: the compiler vectorizes it, and values are short.
    b.iter().fold(true, |ok, &c| ok & is_field_vchar(c))
        && !matches!(b.first(), Some(b' ' | b'\t'))
        && !matches!(b.last(), Some(b' ' | b'\t'))
}

/// Appends the decimal digits of `n` (no `core::fmt`: it stays out of the wasm build).
pub(crate) fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            // `n % 10` is below 10, so the cast cannot truncate.
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}

impl Response {
    /// A response with no headers and an empty body. A status outside 100..=999 becomes 500,
    /// and a reason phrase with control characters is replaced by the standard one; use
    /// [`Response::try_new`] to be told instead.
    pub fn new(status: u16, reason: &str) -> Response {
        Response::try_new(status, reason).unwrap_or_else(|_| {
            let status = if (100..=999).contains(&status) {
                status
            } else {
                500
            };
            Response {
                status,
                reason: Cow::Borrowed(reason_phrase(status)),
                headers: Vec::new(),
                body: Cow::Borrowed(""),
            }
        })
    }

    /// A response, or the reason it cannot be built.
    ///
    /// ```
    /// use upgrade_handshake::{Response, BuildError};
    /// assert_eq!(Response::try_new(42, "x").unwrap_err(), BuildError::Status);
    /// assert_eq!(Response::try_new(200, "O\rK").unwrap_err(), BuildError::Reason);
    /// ```
    pub fn try_new(status: u16, reason: &str) -> Result<Response, BuildError> {
        if !(100..=999).contains(&status) {
            return Err(BuildError::Status);
        }
        if !reason.bytes().all(is_field_vchar) {
            return Err(BuildError::Reason);
        }
        Ok(Response {
            status,
            reason: Cow::Owned(reason.into()),
            headers: Vec::new(),
            body: Cow::Borrowed(""),
        })
    }

    pub(crate) fn standard(status: u16) -> Response {
        Response {
            status,
            reason: Cow::Borrowed(reason_phrase(status)),
            headers: Vec::with_capacity(6),
            body: Cow::Borrowed(""),
        }
    }

    /// Appends a header after validating it.
    pub fn header(mut self, name: &str, value: &str) -> Result<Response, BuildError> {
        self.push_header(Cow::Owned(name.into()), Cow::Owned(value.into()))?;
        Ok(self)
    }

    /// Appends a header after validating it (in place).
    pub fn push_header(
        &mut self,
        name: Cow<'static, str>,
        value: Cow<'static, str>,
    ) -> Result<(), BuildError> {
        if !is_token(name.as_bytes()) {
            return Err(BuildError::HeaderName);
        }
        if !valid_value(&value) {
            return Err(BuildError::HeaderValue);
        }
        self.headers.push((name, value.into()));
        Ok(())
    }

    /// Internal: adds a header the engine built from validated parts; an invalid one is
    /// dropped (it cannot happen, and a response must never carry it). The name is one of the
    /// engine's own literals (a token); the value is checked all the same.
    pub(crate) fn add(&mut self, name: &'static str, value: impl Into<Cow<'static, str>>) {
        let value = value.into();
        debug_assert!(is_token(name.as_bytes()));
        // A borrowed value is one of the engine's own literals; built values are checked.
        debug_assert!(valid_value(&value));
        if matches!(value, Cow::Borrowed(_)) || valid_value(&value) {
            self.headers.push((Cow::Borrowed(name), value.into()));
        }
    }

    /// Adds a built value without taking ownership: a short one is copied inline (no
    /// allocation). Checked like any built value.
    pub(crate) fn add_copy(&mut self, name: &'static str, value: &str) {
        debug_assert!(is_token(name.as_bytes()));
        debug_assert!(valid_value(value));
        if valid_value(value) {
            self.headers.push((Cow::Borrowed(name), Value::copy(value)));
        }
    }

    /// Sets a plain-text body and its `Content-Type` and `Content-Length` fields, replacing any
    /// earlier ones (a message carries one of each, RFC 9110 §8.3, §8.6).
    ///
    /// ```
    /// use upgrade_handshake::Response;
    /// let r = Response::new(400, "Bad Request").text_body("first").text_body("second");
    /// assert_eq!(r.headers().filter(|(n, _)| *n == "Content-Length").count(), 1);
    /// assert_eq!(r.to_string(), "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\nsecond");
    /// ```
    pub fn text_body(mut self, body: impl Into<Cow<'static, str>>) -> Response {
        self.set_text_body(body.into());
        self
    }

    pub(crate) fn set_text_body(&mut self, body: Cow<'static, str>) {
        self.headers.retain(|(n, _)| {
            !n.eq_ignore_ascii_case("Content-Type") && !n.eq_ignore_ascii_case("Content-Length")
        });
        self.add("Content-Type", "text/plain; charset=utf-8");
        let mut len = String::new();
        push_decimal(&mut len, body.len());
        self.add("Content-Length", len);
        self.body = body;
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reason phrase.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The header fields, in order.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.headers.iter().map(|(n, v)| (&**n, &**v))
    }

    /// The first value of the header `name` (ASCII case-insensitive).
    ///
    /// ```
    /// let r = upgrade_handshake::Response::new(200, "OK").header("Allow", "GET").unwrap();
    /// assert_eq!(r.header_value("allow"), Some("GET"));
    /// ```
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The body (empty for a 101).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The length of the serialized head and body in bytes.
    pub fn serialized_len(&self) -> usize {
        let mut n = "HTTP/1.1 000 ".len() + self.reason.len() + 2;
        for (name, value) in &self.headers {
            n += name.len() + 2 + value.len() + 2;
        }
        n + 2 + self.body.len()
    }

    /// Writes the serialized response into `buf` without allocating; returns the bytes written.
    pub fn write_to(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self.serialized_len();
        let Some(out) = buf.get_mut(..needed) else {
            return Err(BufferTooSmall { needed });
        };
        let mut w = SliceWriter { buf: out, pos: 0 };
        self.serialize(&mut w);
        if w.pos == needed {
            Ok(needed)
        } else {
            Err(BufferTooSmall { needed })
        }
    }

    /// The serialized response as bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.serialized_len());
        self.serialize(&mut out);
        out
    }

    /// Appends the serialized response to `out` (the head and body are UTF-8), without going
    /// through `core::fmt` as `to_string()` does.
    ///
    /// ```
    /// let r = upgrade_handshake::Response::new(204, "No Content");
    /// let mut s = String::from(">");
    /// r.append_to(&mut s);
    /// assert_eq!(s, ">HTTP/1.1 204 No Content\r\n\r\n");
    /// ```
    pub fn append_to(&self, out: &mut String) {
        out.reserve(self.serialized_len());
        self.serialize(out);
    }

    /// The status line, the fields and the body, copied slice by slice into `w`.
    fn serialize(&self, w: &mut impl Sink) {
        let code = [
            b'0' + (self.status / 100 % 10) as u8,
            b'0' + (self.status / 10 % 10) as u8,
            b'0' + (self.status % 10) as u8,
        ];
        w.put("HTTP/1.1 ");
        // Three ASCII digits are UTF-8.
        w.put(core::str::from_utf8(&code).unwrap_or("500"));
        w.put(" ");
        w.put(&self.reason);
        w.put("\r\n");
        for (name, value) in &self.headers {
            w.put(name);
            w.put(": ");
            w.put(value);
            w.put("\r\n");
        }
        w.put("\r\n");
        w.put(&self.body);
    }
}

impl fmt::Display for Response {
    /// The full head and body, as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sink = FmtSink { f, result: Ok(()) };
        self.serialize(&mut sink);
        sink.result
    }
}

struct FmtSink<'a, 'f> {
    f: &'a mut fmt::Formatter<'f>,
    result: fmt::Result,
}

impl Sink for FmtSink<'_, '_> {
    fn put(&mut self, s: &str) {
        if self.result.is_ok() {
            self.result = self.f.write_str(s);
        }
    }
}

/// Where [`Response::serialize`] copies its slices.
trait Sink {
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// Writes into a slice already checked to be exactly `serialized_len()` long; a write past its
/// end (which cannot happen) is dropped, and `write_to` then reports the shortfall.
struct SliceWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl Sink for SliceWriter<'_> {
    fn put(&mut self, s: &str) {
        let end = self.pos.saturating_add(s.len());
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.copy_from_slice(s.as_bytes());
            self.pos = end;
        }
    }
}

/// The standard reason phrase of RFC 9110 §15 (and RFC 6585 §5 for 431).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
