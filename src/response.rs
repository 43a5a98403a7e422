//! A validated HTTP/1.1 response (status line, fields, body) and its serializer.
//!
//! A [`Response`] that exists is valid: every header name is a token and no header value or
//! reason phrase holds CR, LF, NUL or any other control character except HTAB (RFC 9110 §5.5),
//! whatever strings the caller or a policy handed in. Serializing needs no allocation
//! ([`Response::write_to`]).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

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
    headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    body: Cow<'static, str>,
}

/// Whether `v` may be a header value: no CTL except HTAB, no leading or trailing whitespace.
pub(crate) fn valid_value(v: &str) -> bool {
    let b = v.as_bytes();
    b.iter().all(|&c| is_field_vchar(c))
        && !matches!(b.first(), Some(b' ' | b'\t'))
        && !matches!(b.last(), Some(b' ' | b'\t'))
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
        self.headers.push((name, value));
        Ok(())
    }

    /// Internal: adds a header the engine built from validated parts; an invalid one is
    /// dropped (it cannot happen, and a response must never carry it).
    pub(crate) fn add(&mut self, name: &'static str, value: impl Into<Cow<'static, str>>) {
        let _ = self.push_header(Cow::Borrowed(name), value.into());
    }

    /// Sets a plain-text body and its `Content-Type` and `Content-Length` fields.
    pub fn text_body(mut self, body: impl Into<Cow<'static, str>>) -> Response {
        self.set_text_body(body.into());
        self
    }

    pub(crate) fn set_text_body(&mut self, body: Cow<'static, str>) {
        self.add("Content-Type", "text/plain; charset=utf-8");
        let mut len = String::new();
        let _ = write!(len, "{}", body.len());
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
        self.write_fmt(&mut w)
            .map_err(|_| BufferTooSmall { needed })?;
        Ok(w.pos)
    }

    /// The serialized response as bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        self.to_string().into_bytes()
    }

    fn write_fmt(&self, w: &mut impl fmt::Write) -> fmt::Result {
        write!(w, "HTTP/1.1 {:03} {}\r\n", self.status, self.reason)?;
        for (name, value) in &self.headers {
            w.write_str(name)?;
            w.write_str(": ")?;
            w.write_str(value)?;
            w.write_str("\r\n")?;
        }
        w.write_str("\r\n")?;
        w.write_str(&self.body)
    }
}

impl fmt::Display for Response {
    /// The full head and body, as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_fmt(f)
    }
}

struct SliceWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.pos.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.pos..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.pos = end;
        Ok(())
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
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
