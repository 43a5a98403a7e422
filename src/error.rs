//! Errors as data: what the peer got wrong ([`ErrorCode`], [`Failure`]) and what the caller got
//! wrong ([`BuildError`], [`PolicyError`], [`BufferTooSmall`]).
//!
//! Each [`ErrorCode`] knows, in one table below, its stable id, the RFC clause it enforces, the
//! status a server answers with and the sentence a person reads. The rows of `check.rs` that end a
//! handshake name a code and take its section, status and sentence from here; where one code
//! covers several rules (the Host field, HTTP2-Settings, the response's extensions), the code's
//! sentence says what they share and each row says which one broke.

use alloc::string::String;
use core::fmt;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => ($id:literal, $status:literal, $section:literal, $desc:literal), )*) => {
        /// Why a handshake was refused (server side) or a response was not accepted (client side).
        ///
        /// Fieldless and `Copy`, like `httparse::Error`; `#[non_exhaustive]` so codes can be added.
        ///
        /// ```
        /// use upgrade_handshake::ErrorCode;
        /// let code = ErrorCode::BadWebSocketVersion;
        /// assert_eq!(code.as_str(), "bad-websocket-version");
        /// assert_eq!(code.status(), 426);
        /// assert_eq!(code.section(), "RFC 6455 §4.2.2 item 4");
        /// ```
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable kebab-case id (what JSON, the vectors and the inspector use).
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $id,)* }
            }

            /// The RFC clause this code enforces, e.g. `"RFC 6455 §4.2.1 item 5"`.
            pub fn section(self) -> &'static str {
                match self { $(ErrorCode::$variant => $section,)* }
            }

            /// The status a server answers with. Client-side codes (a response the client
            /// rejects) have nothing to answer and return 0.
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// The sentence a person reads when this rule is broken.
            pub fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $desc,)* }
            }

            /// The code whose [`as_str`](Self::as_str) is `id`.
            ///
            /// ```
            /// use upgrade_handshake::ErrorCode;
            /// assert_eq!(ErrorCode::from_id("origin-forbidden"), Some(ErrorCode::OriginForbidden));
            /// assert_eq!(ErrorCode::from_id("nope"), None);
            /// ```
            pub fn from_id(id: &str) -> Option<ErrorCode> {
                match id { $($id => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    // ---- RFC 9112 / RFC 9110 message syntax and limits (server side) ----
    /// The request head is larger than `Policy::max_head_bytes`.
    HeadTooLarge => ("head-too-large", 431, "RFC 6585 §5", "The request head is larger than this endpoint accepts."),
    /// The request has more header fields than `Policy::max_headers`.
    TooManyHeaders => ("too-many-headers", 431, "RFC 6585 §5", "The request has more header fields than this endpoint accepts."),
    /// The request line does not end within `Policy::max_head_bytes`: the target is too long.
    TargetTooLong => ("target-too-long", 414, "RFC 9112 §3", "The request-target is longer than this endpoint accepts."),
    /// The request line is not `method SP request-target SP HTTP-version`.
    BadRequestLine => ("bad-request-line", 400, "RFC 9112 §3", "The request line is not method, target and HTTP version separated by single spaces."),
    /// A line of the head ends in a bare LF instead of CR LF.
    BareLf => ("bare-lf", 400, "RFC 9112 §2.2", "A line of the request head ends in a bare LF instead of CR LF; parsers that disagree on line ends are how requests get smuggled."),
    /// The request-target is not in a form the method allows.
    BadRequestTarget => ("bad-request-target", 400, "RFC 9112 §3.2", "The request-target is not in a form this method allows: a path or an absolute URI, * only for OPTIONS, host:port only for CONNECT."),
    /// The HTTP version is not HTTP/1.x.
    UnsupportedHttpVersion => ("unsupported-http-version", 505, "RFC 9112 §2.3", "Only HTTP/1.0 and HTTP/1.1 request heads can be parsed here."),
    /// A field name holds a character outside `token`.
    BadFieldName => ("bad-field-name", 400, "RFC 9110 §5.1", "A field name holds a character that is not allowed in a token."),
    /// Whitespace between a field name and its colon.
    WhitespaceBeforeColon => ("whitespace-before-colon", 400, "RFC 9112 §5.1", "A field line has whitespace between the field name and the colon, which a server must reject."),
    /// A field value holds a control character (other than HTAB).
    BadFieldValue => ("bad-field-value", 400, "RFC 9110 §5.5", "A field value holds a control character such as CR, LF or NUL."),
    /// A field line continued onto the next line (obs-fold). This crate rejects it.
    ObsFold => ("obs-fold", 400, "RFC 9112 §5.2", "A field value is folded over several lines (obs-fold), which this server rejects."),
    /// An HTTP/1.1 request without exactly one `Host` field.
    BadHost => ("bad-host", 400, "RFC 9112 §3.2", "An HTTP/1.1 request must carry exactly one Host field, whose value is a host and an optional port."),
    /// The request names an authority (its `Host`, or an absolute-form target's) that is not in
    /// `Policy::hosts`.
    MisdirectedRequest => ("misdirected-request", 421, "RFC 9110 §15.5.20", "This server does not answer for the authority the request names."),
    /// A request's `Transfer-Encoding` that does not end in one `chunked`.
    BadTransferEncoding => ("bad-transfer-encoding", 400, "RFC 9112 §6.3", "A request's Transfer-Encoding must end in chunked, applied once; otherwise its framing is invalid."),
    /// A `Content-Length` that is not one decimal number.
    BadContentLength => ("bad-content-length", 400, "RFC 9112 §6.3", "A request's Content-Length must be one field holding one decimal number; otherwise its framing is invalid."),
    /// Both `Content-Length` and `Transfer-Encoding`: ambiguous framing, a request-smuggling
    /// signal. RFC 9112 §6.1 lets a server reject it and makes it close the connection.
    ConflictingFraming => ("conflicting-framing", 400, "RFC 9112 §6.1", "The request carries both Content-Length and Transfer-Encoding, so its framing is ambiguous (a request-smuggling signal)."),
    /// The `Upgrade` field is not a list of `protocol-name ["/" protocol-version]`.
    BadUpgrade => ("bad-upgrade", 400, "RFC 9110 §7.8", "The Upgrade field is not a comma-separated list of protocol tokens."),

    // ---- RFC 6455 server side ----
    /// A WebSocket handshake with a method other than GET.
    WebSocketMethod => ("websocket-method", 405, "RFC 6455 §4.2.1 item 1", "A WebSocket handshake must use GET; this request used another method."),
    /// A WebSocket handshake in HTTP/1.0.
    WebSocketHttpVersion => ("websocket-http-version", 400, "RFC 6455 §4.2.1 item 1", "A WebSocket handshake must be HTTP/1.1 or higher; this request is HTTP/1.0."),
    /// A WebSocket handshake with content (`Content-Length` > 0 or `Transfer-Encoding`).
    WebSocketBody => ("websocket-body", 400, "RFC 6455 §4.2.1", "The handshake carries content (Content-Length above 0 or Transfer-Encoding); after a 101 those bytes would be read as WebSocket frames."),
    /// WebSocket handshake fields without `Upgrade: websocket`.
    MissingUpgradeWebSocket => ("missing-upgrade-websocket", 400, "RFC 6455 §4.2.1 item 3", "The request carries WebSocket fields but its Upgrade field does not contain websocket."),
    /// A WebSocket handshake whose `Connection` lacks the `upgrade` token.
    MissingConnectionUpgrade => ("missing-connection-upgrade", 400, "RFC 6455 §4.2.1 item 4", "Connection lacks the upgrade token: a proxy probably stripped hop-by-hop headers."),
    /// No `Sec-WebSocket-Key`.
    MissingWebSocketKey => ("missing-websocket-key", 400, "RFC 6455 §4.2.1 item 5", "The request has no Sec-WebSocket-Key field."),
    /// More than one `Sec-WebSocket-Key`.
    DuplicateWebSocketKey => ("duplicate-websocket-key", 400, "RFC 6455 §11.3.1", "The request carries Sec-WebSocket-Key more than once."),
    /// A `Sec-WebSocket-Key` that is not the base64 of exactly 16 bytes.
    BadWebSocketKey => ("bad-websocket-key", 400, "RFC 6455 §4.2.1 item 5", "Sec-WebSocket-Key is not the base64 encoding of exactly 16 bytes."),
    /// No `Sec-WebSocket-Version`.
    MissingWebSocketVersion => ("missing-websocket-version", 400, "RFC 6455 §4.2.1 item 6", "The request has no Sec-WebSocket-Version field; this server speaks version 13."),
    /// A `Sec-WebSocket-Version` other than 13.
    BadWebSocketVersion => ("bad-websocket-version", 426, "RFC 6455 §4.2.2 item 4", "Sec-WebSocket-Version is not 13, the only version this server speaks."),
    /// An `Origin` not in the policy's allowed list.
    OriginForbidden => ("origin-forbidden", 403, "RFC 6455 §10.2", "The Origin is not in this endpoint's allowed list."),
    /// A `Sec-WebSocket-Protocol` element that is not a token.
    BadWebSocketProtocol => ("bad-websocket-protocol", 400, "RFC 6455 §4.1 item 10", "Sec-WebSocket-Protocol holds something that is not a token."),

    // ---- RFC 7540 h2c ----
    /// `HTTP2-Settings` is not base64url without padding, or not a multiple of 6 bytes
    /// ([`Settings::decode`](crate::Settings::decode); `negotiate` does not perform h2c then).
    BadHttp2Settings => ("bad-http2-settings", 400, "RFC 7540 §3.2.1", "HTTP2-Settings must be base64url without padding of a SETTINGS payload (a multiple of 6 bytes)."),
    /// A SETTINGS value out of its range ([`Settings::decode`](crate::Settings::decode)).
    BadHttp2SettingsValue => ("bad-http2-settings-value", 400, "RFC 7540 §6.5.2", "A value in HTTP2-Settings is outside the range RFC 7540 allows."),

    // ---- RFC 2817 ----
    /// This endpoint requires TLS before anything else.
    TlsRequired => ("tls-required", 426, "RFC 2817 §4.2", "This endpoint requires TLS: upgrade this connection with Upgrade: TLS/1.0 or reconnect over https."),

    // ---- RFC 9110 §15.5.22 ----
    /// The endpoint serves only upgraded connections and the request offers none it performs.
    UpgradeRequired => ("upgrade-required", 426, "RFC 9110 §15.5.22", "This endpoint serves only upgraded connections; the request offers no protocol it performs."),

    // ---- client side: RFC 6455 §4.1 response steps, §11.3 ----
    /// The response head is not valid HTTP/1.1.
    BadResponse => ("bad-response", 0, "RFC 9112 §4", "The response head is not valid HTTP/1.1."),
    /// The server answered 426 with the versions it speaks.
    VersionNotSupported => ("version-not-supported", 0, "RFC 6455 §4.4", "The server answered 426: it does not speak version 13; retry with a version it lists."),
    /// The status is not 101.
    BadStatus => ("bad-status", 0, "RFC 6455 §4.1 response step 1", "The server did not answer 101 Switching Protocols, so the handshake failed."),
    /// The response's `Upgrade` is not `websocket`.
    ResponseUpgrade => ("response-upgrade", 0, "RFC 6455 §4.1 response step 2", "The response's Upgrade field is missing or is not websocket."),
    /// The response's `Connection` lacks `upgrade`.
    ResponseConnection => ("response-connection", 0, "RFC 6455 §4.1 response step 3", "The response's Connection field lacks the upgrade token."),
    /// `Sec-WebSocket-Accept` is missing or wrong.
    ResponseAccept => ("response-accept", 0, "RFC 6455 §4.1 response step 4", "Sec-WebSocket-Accept must be the base64 SHA-1 of the key and the WebSocket GUID."),
    /// An extension the client did not offer, or with invalid parameters.
    ResponseExtensions => ("response-extensions", 0, "RFC 6455 §4.1 response step 5", "The response accepted an extension the client did not offer, or with invalid parameters."),
    /// A subprotocol the client did not offer.
    ResponseProtocol => ("response-protocol", 0, "RFC 6455 §4.1 response step 6", "The server chose a subprotocol this client did not offer."),
    /// A field that must appear once appears more than once.
    DuplicateResponseField => ("duplicate-response-field", 0, "RFC 6455 §11.3", "Sec-WebSocket-Accept, -Protocol and -Extensions must not appear more than once in a response."),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.description(), self.section())
    }
}

/// A failed check: which rule, which header, and a plain sentence for a person.
///
/// ```
/// use upgrade_handshake::{negotiate, ErrorCode, Policy};
/// let out = negotiate(b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", &Policy::default());
/// let err = out.error().unwrap();
/// assert_eq!(err.code, ErrorCode::MissingWebSocketKey);
/// assert_eq!(err.header, Some("Sec-WebSocket-Key"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The rule broken.
    pub code: ErrorCode,
    /// The header involved, if any.
    pub header: Option<&'static str>,
    /// One plain sentence.
    pub message: String,
}

impl Failure {
    /// A failure with the code's own description as its message.
    pub fn new(code: ErrorCode, header: Option<&'static str>) -> Failure {
        Failure {
            code,
            header,
            message: String::from(code.description()),
        }
    }

    /// A failure with a specific message.
    pub fn with_message(
        code: ErrorCode,
        header: Option<&'static str>,
        message: impl Into<String>,
    ) -> Failure {
        Failure {
            code,
            header,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code.section())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Failure {}

/// Misuse of a builder: the caller handed in something that cannot go on the wire.
///
/// ```
/// use upgrade_handshake::{Response, BuildError};
/// assert_eq!(Response::new(200, "OK").header("X-A", "a\r\nb").unwrap_err(), BuildError::HeaderValue);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuildError {
    /// The URL is not `ws://`, `wss://`, `http://` or `https://` with a host, or has a fragment or userinfo.
    Url,
    /// A header name is not a token.
    HeaderName,
    /// A header value holds CR, LF, NUL or another control character (HTAB excepted).
    HeaderValue,
    /// A reason phrase holds a control character.
    Reason,
    /// A status outside 100..=999.
    Status,
    /// A subprotocol is not a token, or is repeated.
    Protocol,
    /// The extensions value is not a valid `Sec-WebSocket-Extensions` list.
    Extensions,
    /// The origin holds characters that cannot be sent.
    Origin,
}

impl BuildError {
    /// Every kind, in declaration order.
    pub const ALL: &'static [BuildError] = &[
        BuildError::Url,
        BuildError::HeaderName,
        BuildError::HeaderValue,
        BuildError::Reason,
        BuildError::Status,
        BuildError::Protocol,
        BuildError::Extensions,
        BuildError::Origin,
    ];

    /// A stable id, e.g. `"header-value"`.
    pub fn as_str(self) -> &'static str {
        match self {
            BuildError::Url => "url",
            BuildError::HeaderName => "header-name",
            BuildError::HeaderValue => "header-value",
            BuildError::Reason => "reason",
            BuildError::Status => "status",
            BuildError::Protocol => "protocol",
            BuildError::Extensions => "extensions",
            BuildError::Origin => "origin",
        }
    }

    /// One sentence saying what was wrong.
    pub fn description(self) -> &'static str {
        match self {
            BuildError::Url => "the URL must be ws://, wss://, http:// or https:// with a host and no fragment or userinfo",
            BuildError::HeaderName => "a header name must be a non-empty token",
            BuildError::HeaderValue => "a header value must not contain CR, LF, NUL or other control characters",
            BuildError::Reason => "a reason phrase must not contain control characters",
            BuildError::Status => "a status code must be three digits",
            BuildError::Protocol => "subprotocols must be distinct non-empty tokens",
            BuildError::Extensions => "extensions must be a valid Sec-WebSocket-Extensions list",
            BuildError::Origin => "an origin must be visible ASCII without spaces",
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for BuildError {}

/// The caller's buffer is too small for [`Response::write_to`](crate::Response::write_to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// Bytes needed.
    pub needed: usize,
}

impl fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "buffer too small: {} bytes needed", self.needed)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for BufferTooSmall {}

/// A policy entry that cannot be honoured (a local misuse, not the peer's fault).
///
/// [`negotiate`](crate::negotiate) never fails because of it: invalid entries are treated as
/// not supported. Call [`Policy::validate`](crate::Policy::validate) at start-up to learn of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// The policy field, e.g. `"protocols"`.
    pub field: &'static str,
    /// The index in that list (0 for scalar fields).
    pub index: usize,
    /// What is wrong.
    pub reason: &'static str,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy.{}[{}]: {}", self.field, self.index, self.reason)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::{BuildError, ErrorCode};

    #[test]
    fn all_lists_every_code_once_in_declaration_order() {
        // `ErrorCode::ALL` is generated with the enum; `BuildError::ALL` is written by hand, and
        // this is what keeps it complete.
        for (i, &code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code as usize, i, "{}", code.as_str());
        }
        for (i, &e) in BuildError::ALL.iter().enumerate() {
            assert_eq!(e as usize, i, "{}", e.as_str());
        }
        assert_eq!(BuildError::ALL.len(), BuildError::Origin as usize + 1);
    }
}
