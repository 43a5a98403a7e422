//! The trail of checks: what was verified, in order, and what came of it.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{ErrorCode, Failure};

/// The result of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckResult {
    /// The rule held.
    Pass,
    /// The rule was broken; the decision names this check.
    Fail,
    /// The rule did not apply.
    Skip,
    /// Allowed, but worth a look (e.g. edge mode skipping the Connection token).
    Warn,
}

impl CheckResult {
    /// `"pass"`, `"fail"`, `"skip"` or `"warn"`.
    ///
    /// ```
    /// assert_eq!(upgrade_handshake::CheckResult::Warn.as_str(), "warn");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Pass => "pass",
            CheckResult::Fail => "fail",
            CheckResult::Skip => "skip",
            CheckResult::Warn => "warn",
        }
    }
}

/// One recorded check.
///
/// ```
/// use upgrade_handshake::{negotiate, CheckResult, Policy};
/// let out = negotiate(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", &Policy::default());
/// assert!(out.checks.iter().any(|c| c.id == "host" && c.result == CheckResult::Pass));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable kebab-case id, e.g. `"websocket-version"`.
    pub id: &'static str,
    /// What came of it.
    pub result: CheckResult,
    /// The RFC clause, e.g. `"RFC 6455 §4.2.1 item 6"`.
    pub section: &'static str,
    /// The header involved, if any.
    pub header: Option<&'static str>,
    /// One plain sentence.
    pub message: Cow<'static, str>,
}

/// Declares [`Step`]: every check the engine records, one row each, numbered in order.
///
/// A row is one of two kinds:
/// - `check(id, result, section, header, sentence)`: a check that does not end the handshake.
///   A sentence with `{}` names something from the message (a chosen subprotocol, a count), filled
///   in when the check is recorded ([`Trail::step_with`]).
/// - `reject(code, id, header[, sentence])`: a broken rule that ends the handshake (or, for the
///   rules of `HTTP2-Settings`, the value [`Settings::decode`](crate::Settings::decode) refuses).
///   Its [`ErrorCode`] gives the section and the status; the sentence is the code's own
///   description unless the code covers several rules and the row narrows it, and may name a
///   value with `{}` too.
///
/// The trail, the error a caller sees and [`check_catalog`] all read these rows; the modules that
/// decide only name them.
macro_rules! steps {
    ($($(#[$doc:meta])* $name:ident => $kind:ident($($row:tt)*),)*) => {
        /// One row of the table of checks: what the engine asserted, and its texts.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Step {
            $($(#[$doc])* $name,)*
        }

        impl Step {
            /// Every step, in the order of their numbers.
            pub(crate) const ALL: &'static [Step] = &[$(Step::$name,)*];

            /// The row of this step.
            pub(crate) fn row(self) -> Row {
                match self {
                    $(Step::$name => row!($kind($($row)*)),)*
                }
            }
        }
    };
}

/// Builds a [`Row`] from one row of the `steps!` table.
macro_rules! row {
    (check($id:literal, $result:ident, $section:literal, $header:expr, $message:literal)) => {
        Row {
            id: $id,
            result: CheckResult::$result,
            section: $section,
            header: $header,
            message: $message,
            code: None,
        }
    };
    (reject($code:ident, $id:literal, $header:expr)) => {
        Row {
            id: $id,
            result: CheckResult::Fail,
            section: ErrorCode::$code.section(),
            header: $header,
            message: ErrorCode::$code.description(),
            code: Some(ErrorCode::$code),
        }
    };
    (reject($code:ident, $id:literal, $header:expr, $message:literal)) => {
        Row {
            id: $id,
            result: CheckResult::Fail,
            section: ErrorCode::$code.section(),
            header: $header,
            message: $message,
            code: Some(ErrorCode::$code),
        }
    };
}

/// The texts of one [`Step`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub(crate) id: &'static str,
    pub(crate) result: CheckResult,
    pub(crate) section: &'static str,
    pub(crate) header: Option<&'static str>,
    /// The sentence; `{}` marks where a value from the message goes.
    pub(crate) message: &'static str,
    /// For a rejection, the rule broken.
    pub(crate) code: Option<ErrorCode>,
}

const UPGRADE: Option<&str> = Some("Upgrade");
const CONNECTION: Option<&str> = Some("Connection");
const HOST: Option<&str> = Some("Host");
const KEY: Option<&str> = Some("Sec-WebSocket-Key");
const VERSION: Option<&str> = Some("Sec-WebSocket-Version");
const PROTOCOL: Option<&str> = Some("Sec-WebSocket-Protocol");
const EXTENSIONS: Option<&str> = Some("Sec-WebSocket-Extensions");
const ACCEPT: Option<&str> = Some("Sec-WebSocket-Accept");
const SETTINGS: Option<&str> = Some("HTTP2-Settings");

steps! {
    // ---- the head: RFC 9112, RFC 6585 (head.rs) ----
    HeadIsIncomplete => check("head-size", Skip, "RFC 9112 §2", None,
        "The head is not complete yet: more bytes are needed."),
    HeadFitsTheLimits => check("head-size", Pass, "RFC 6585 §5", None,
        "The head fits within the size and field-count limits."),
    HeadIsWellFormed => check("head-syntax", Pass, "RFC 9112 §5", None,
        "The request line and field lines are well formed."),
    HeadIsTooLarge => reject(HeadTooLarge, "head-size", None),
    TargetIsTooLong => reject(TargetTooLong, "head-size", None),
    HeadHasTooManyFields => reject(TooManyHeaders, "header-count", None),
    RequestLineIsMalformed => reject(BadRequestLine, "head-syntax", None),
    VersionIsNotHttp1 => reject(UnsupportedHttpVersion, "head-syntax", None),
    FieldNameIsNotAToken => reject(BadFieldName, "head-syntax", None),
    WhitespaceBeforeColon => reject(WhitespaceBeforeColon, "head-syntax", None),
    FieldValueHasAControl => reject(BadFieldValue, "head-syntax", None),
    FieldIsFolded => reject(ObsFold, "head-syntax", None),
    LineEndsInBareLf => reject(BareLf, "head-syntax", None,
        "Line {} of the request head ends in a bare LF; HTTP/1.1 lines end in CR LF."),
    BareLfIsAccepted => check("head-syntax", Warn, "RFC 9112 §2.2", None,
        "Line {} of the request head ends in a bare LF, accepted because lenientLineEnds is on; a parser in front that reads line ends otherwise may see another request."),
    AsteriskIsOnlyForOptions => reject(BadRequestTarget, "request-target", None,
        "The request-target * (asterisk-form) is only for a server-wide OPTIONS request."),
    AuthorityIsOnlyForConnect => reject(BadRequestTarget, "request-target", None,
        "The request-target is host:port (authority-form), which only CONNECT uses."),
    ConnectNeedsAnAuthority => reject(BadRequestTarget, "request-target", None,
        "A CONNECT request-target must be host:port (authority-form)."),
    TargetIsNeitherPathNorUri => reject(BadRequestTarget, "request-target", None,
        "The request-target is neither a path (origin-form) nor an absolute URI (absolute-form)."),
    AbsoluteTargetIsNotHttp => reject(BadRequestTarget, "request-target", None,
        "An absolute-form request-target must be an http or https URI with a host (RFC 9110 §4.2.1)."),

    // ---- every request: RFC 9112 §3.2, §6.1, RFC 9110 §7.8 (server.rs) ----
    HostIsRepeated => reject(BadHost, "host", HOST,
        "The request carries more than one Host field."),
    HostIsMissing => reject(BadHost, "host", HOST,
        "An HTTP/1.1 request must carry a Host field."),
    HostIsNotAnAuthority => reject(BadHost, "host", HOST,
        "The Host field is not a valid host and port: a registered name, an IPv4 address or a bracketed IP literal, then optionally a colon and digits."),
    HostIsOptionalInHttp10 => check("host", Skip, "RFC 9112 §3.2", HOST,
        "HTTP/1.0 does not require Host."),
    AbsoluteTargetStandsForHost => check("host", Warn, "RFC 9112 §3.2", HOST,
        "No Host field; the absolute-form target carries the authority."),
    HostIsOneValidField => check("host", Pass, "RFC 9112 §3.2", HOST,
        "The request carries exactly one valid Host field."),
    TargetAuthorityOverridesHost => check("host", Warn, "RFC 9112 §3.2.2", HOST,
        "The absolute-form target names the authority {}, which stands for the request instead of the Host field."),
    AuthorityIsAllowed => check("allowed-host", Pass, "RFC 6455 §4.2.1 item 2", HOST,
        "The authority {} is one this server answers for."),
    AuthorityIsNotAllowed => reject(MisdirectedRequest, "allowed-host", HOST,
        "The request names the authority {}, which is not one this server answers for (a DNS-rebinding page or a misrouted request)."),
    FramingIsAmbiguous => reject(ConflictingFraming, "message-framing", Some("Transfer-Encoding")),
    ContentLengthIsRepeated => reject(BadContentLength, "message-framing", Some("Content-Length"),
        "The request carries Content-Length more than once."),
    ContentLengthIsNotANumber => reject(BadContentLength, "message-framing", Some("Content-Length"),
        "Content-Length is not a decimal number."),
    ChunkedIsNotFinal => reject(BadTransferEncoding, "message-framing", Some("Transfer-Encoding"),
        "Transfer-Encoding does not end in chunked, so the length of the content cannot be determined."),
    ChunkedIsRepeated => reject(BadTransferEncoding, "message-framing", Some("Transfer-Encoding"),
        "Transfer-Encoding applies chunked more than once (RFC 9112 §6.1)."),
    ConnectIsNotAnUpgrade => check("connect", Skip, "RFC 9110 §9.3.6", None,
        "CONNECT asks for a tunnel, not an upgrade: this engine does not decide it, and the request passes."),
    UpgradeIsAProtocolList => check("upgrade-syntax", Pass, "RFC 9110 §7.8", UPGRADE,
        "Upgrade is a list of protocol tokens."),
    UpgradeIsNotAProtocolList => reject(BadUpgrade, "upgrade-syntax", UPGRADE),
    UpgradeIsAbsent => check("upgrade-offer", Skip, "RFC 9110 §7.8", UPGRADE,
        "The request has no Upgrade field: it is not an upgrade offer."),
    UpgradeIsIgnoredInHttp10 => check("upgrade-offer", Skip, "RFC 9110 §7.8", UPGRADE,
        "Upgrade is ignored in an HTTP/1.0 request."),
    ConnectionHasUpgrade => check("connection-upgrade-token", Pass, "RFC 9110 §7.8", CONNECTION,
        "Connection carries the upgrade token."),
    ConnectionLacksUpgradeAtTheEdge => check("connection-upgrade-token", Warn, "RFC 9110 §7.8", CONNECTION,
        "Connection lacks the upgrade token; edge mode accepts that because the proxy in front rewrites Connection."),
    ConnectionLacksUpgrade => check("connection-upgrade-token", Fail, "RFC 9110 §7.8", CONNECTION,
        "Connection lacks the upgrade token: a proxy probably stripped hop-by-hop headers, so Upgrade is not an offer."),
    WebSocketFieldsMakeAHandshake => check("websocket-attempt", Warn, "RFC 6455 §4.2.1", None,
        "The request carries WebSocket handshake fields, so it is checked as a handshake."),
    UpgradeIsRequired => reject(UpgradeRequired, "upgrade-required", UPGRADE),

    // ---- the choice: RFC 9110 §7.8, RFC 7540 §3.2 (upgrade.rs) ----
    H2IsNotCleartext => check("h2-cleartext", Warn, "RFC 7540 §3.2", UPGRADE,
        "The client offered h2, which is never negotiated over cleartext HTTP/1.1; it is ignored."),
    H2cIsNotForContent => check("h2c-body", Warn, "RFC 7540 §3.2", UPGRADE,
        "The request has content, so it is not upgraded to h2c; it is served over HTTP/1.1."),
    ProtocolIsChosen => check("upgrade-choice", Pass, "RFC 9110 §7.8", UPGRADE,
        "Chose {}, the client's most preferred protocol that this endpoint performs."),
    NoOfferedProtocolIsPerformed => check("upgrade-choice", Skip, "RFC 9110 §7.8", UPGRADE,
        "None of the protocols in Upgrade is one this endpoint performs."),

    // ---- WebSocket, server side: RFC 6455 §4.2.1, §4.2.2, §10.2 (websocket.rs) ----
    MethodIsGet => check("websocket-method", Pass, "RFC 6455 §4.2.1 item 1", None,
        "The method is GET."),
    MethodIsNotGet => reject(WebSocketMethod, "websocket-method", None),
    RequestIsHttp11 => check("websocket-http-version", Pass, "RFC 6455 §4.2.1 item 1", None,
        "The request is HTTP/1.1 or higher."),
    RequestIsHttp10 => reject(WebSocketHttpVersion, "websocket-http-version", None),
    HandshakeHasContent => reject(WebSocketBody, "websocket-body", None),
    UpgradeHasWebSocket => check("websocket-upgrade-token", Pass, "RFC 6455 §4.2.1 item 3", UPGRADE,
        "Upgrade contains websocket."),
    UpgradeLacksWebSocket => reject(MissingUpgradeWebSocket, "websocket-upgrade-token", UPGRADE),
    ConnectionHasUpgradeForWebSocket => check("websocket-connection-token", Pass, "RFC 6455 §4.2.1 item 4", CONNECTION,
        "Connection contains upgrade."),
    ConnectionLacksUpgradeForWebSocketAtTheEdge => check("websocket-connection-token", Warn, "RFC 6455 §4.2.1 item 4", CONNECTION,
        "Connection lacks the upgrade token; edge mode accepts that because the proxy in front rewrites Connection."),
    ConnectionLacksUpgradeForWebSocket => reject(MissingConnectionUpgrade, "websocket-connection-token", CONNECTION),
    KeyIsMissing => reject(MissingWebSocketKey, "websocket-key", KEY),
    KeyIsRepeated => reject(DuplicateWebSocketKey, "websocket-key", KEY),
    KeyIsNotSixteenBytes => reject(BadWebSocketKey, "websocket-key", KEY),
    KeyIsSixteenBytes => check("websocket-key", Pass, "RFC 6455 §4.2.1 item 5", KEY,
        "Sec-WebSocket-Key is base64 of 16 bytes."),
    VersionIsMissing => reject(MissingWebSocketVersion, "websocket-version", VERSION),
    VersionIsNot13 => reject(BadWebSocketVersion, "websocket-version", VERSION),
    VersionIs13 => check("websocket-version", Pass, "RFC 6455 §4.2.1 item 6", VERSION,
        "Sec-WebSocket-Version is 13."),
    OriginPolicyIsOff => check("origin", Skip, "RFC 6455 §10.2", Some("Origin"),
        "This endpoint has no origin policy."),
    OriginIsAbsent => check("origin", Skip, "RFC 6455 §10.2", Some("Origin"),
        "No Origin field: the client is not a browser, so the origin policy does not apply."),
    OriginIsAllowed => check("origin", Pass, "RFC 6455 §10.2", Some("Origin"),
        "The Origin is in the allowed list."),
    OriginIsForbidden => reject(OriginForbidden, "origin", Some("Origin")),
    SubprotocolIsNotAToken => reject(BadWebSocketProtocol, "websocket-protocol", PROTOCOL),
    SubprotocolIsChosen => check("websocket-protocol", Pass, "RFC 6455 §4.2.2 item 4", PROTOCOL,
        "Chose subprotocol {}, the first offered that this endpoint supports."),
    NoOfferedSubprotocolIsSupported => check("websocket-protocol", Warn, "RFC 6455 §4.2.2 item 4", PROTOCOL,
        "None of the offered subprotocols is supported, so the 101 carries no Sec-WebSocket-Protocol."),
    NoSubprotocolIsOffered => check("websocket-protocol", Skip, "RFC 6455 §4.2.2 item 4", PROTOCOL,
        "No subprotocol was offered."),

    // ---- permessage-deflate, server side: RFC 7692 (deflate.rs) ----
    NoExtensionIsOffered => check("permessage-deflate", Skip, "RFC 7692 §7", EXTENSIONS,
        "No extension was offered."),
    DeflateIsOff => check("permessage-deflate", Skip, "RFC 7692 §7", EXTENSIONS,
        "permessage-deflate is off for this endpoint, so no extension is accepted."),
    DeflateOfferIsDeclined => check("permessage-deflate", Warn, "RFC 7692 §5", EXTENSIONS,
        "Declined a permessage-deflate offer: {}; the next offer is considered."),
    DeflateIsAccepted => check("permessage-deflate", Pass, "RFC 7692 §7", EXTENSIONS,
        "Accepted {}."),
    NoDeflateOfferIsAcceptable => check("permessage-deflate", Skip, "RFC 7692 §7", EXTENSIONS,
        "No acceptable permessage-deflate offer, so the 101 carries no Sec-WebSocket-Extensions."),

    // ---- h2c: RFC 7540 §3.2.1, §6.5 (h2c.rs, settings.rs) ----
    ConnectionListsHttp2Settings => check("h2c-connection-settings", Pass, "RFC 7540 §3.2.1", CONNECTION,
        "Connection lists HTTP2-Settings."),
    ConnectionLacksHttp2SettingsAtTheEdge => check("h2c-connection-settings", Warn, "RFC 7540 §3.2.1", CONNECTION,
        "Connection does not list HTTP2-Settings; edge mode accepts that because the proxy in front rewrites Connection."),
    ConnectionLacksHttp2Settings => check("h2c-connection-settings", Warn, "RFC 7540 §3.2.1", CONNECTION,
        "Connection does not list HTTP2-Settings, which an h2c upgrade requires, so h2c is not performed; the next protocol offered is considered."),
    Http2SettingsIsMissing => check("http2-settings-count", Warn, "RFC 7540 §3.2.1", SETTINGS,
        "The request has no HTTP2-Settings field, so h2c is not performed; the next protocol offered is considered."),
    Http2SettingsIsRepeated => check("http2-settings-count", Warn, "RFC 7540 §3.2.1", SETTINGS,
        "The request carries HTTP2-Settings more than once, so h2c is not performed; the next protocol offered is considered."),
    Http2SettingsIsOneField => check("http2-settings-count", Pass, "RFC 7540 §3.2.1", SETTINGS,
        "Exactly one HTTP2-Settings field."),
    Http2SettingsIsEmpty => reject(BadHttp2Settings, "http2-settings", SETTINGS,
        "HTTP2-Settings is empty; token68 needs at least one character."),
    Http2SettingsIsPadded => reject(BadHttp2Settings, "http2-settings", SETTINGS,
        "HTTP2-Settings must be base64url without padding, but it ends with '='."),
    Http2SettingsIsOutsideTheAlphabet => reject(BadHttp2Settings, "http2-settings", SETTINGS,
        "HTTP2-Settings holds a character outside the base64url alphabet."),
    Http2SettingsIsNotBase64url => reject(BadHttp2Settings, "http2-settings", SETTINGS,
        "HTTP2-Settings is not valid base64url."),
    Http2SettingsIsNotWholeSettings => reject(BadHttp2Settings, "http2-settings", SETTINGS,
        "HTTP2-Settings does not decode to a whole number of 6-byte settings."),
    EnablePushIsNotABoolean => reject(BadHttp2SettingsValue, "http2-settings", SETTINGS,
        "SETTINGS_ENABLE_PUSH must be 0 or 1."),
    InitialWindowSizeIsTooLarge => reject(BadHttp2SettingsValue, "http2-settings", SETTINGS,
        "SETTINGS_INITIAL_WINDOW_SIZE must not exceed 2^31-1."),
    MaxFrameSizeIsOutOfRange => reject(BadHttp2SettingsValue, "http2-settings", SETTINGS,
        "SETTINGS_MAX_FRAME_SIZE must be between 2^14 and 2^24-1."),
    EnableConnectProtocolIsNotABoolean => reject(BadHttp2SettingsValue, "http2-settings", SETTINGS,
        "SETTINGS_ENABLE_CONNECT_PROTOCOL must be 0 or 1."),
    NoRfc7540PrioritiesIsNotABoolean => reject(BadHttp2SettingsValue, "http2-settings", SETTINGS,
        "SETTINGS_NO_RFC7540_PRIORITIES must be 0 or 1."),
    Http2SettingsIsValid => check("http2-settings", Pass, "RFC 7540 §3.2.1", SETTINGS,
        "HTTP2-Settings decodes to {} valid settings."),
    Http2SettingsIsInvalid => check("http2-settings", Warn, "RFC 7540 §3.2.1", SETTINGS,
        "{} So h2c is not performed; the next protocol offered is considered."),

    // ---- TLS within HTTP/1.1: RFC 2817 (tls.rs) ----
    OptionsStarIsAMandatoryUpgrade => check("tls-form", Pass, "RFC 2817 §3.2", None,
        "OPTIONS * is the mandatory-upgrade form."),
    UpgradeToTlsIsOptional => check("tls-form", Skip, "RFC 2817 §3.1", None,
        "An optional upgrade: after the TLS handshake the server answers this request over TLS."),
    TlsIsRequired => reject(TlsRequired, "tls-required", UPGRADE),

    // ---- WebSocket, client side: RFC 6455 §4.1 response steps, §11.3 (client.rs) ----
    ResponseIsIncomplete => check("response-head", Skip, "RFC 9112 §4", None,
        "The response head is not complete yet: more bytes are needed."),
    ResponseIsMalformed => reject(BadResponse, "response-head", None),
    ResponseIsWellFormed => check("response-head", Pass, "RFC 9112 §4", None,
        "The response head is well formed."),
    ResponseFieldIsUnfolded => check("response-head", Warn, "RFC 9112 §5.2", None,
        "A field value of the response is folded over several lines (obs-fold); each fold is read as spaces, as a user agent must."),
    StatusIs426 => reject(VersionNotSupported, "response-status", VERSION),
    StatusIsNot101 => reject(BadStatus, "response-status", None),
    StatusIs101 => check("response-status", Pass, "RFC 6455 §4.1 response step 1", None,
        "The status is 101."),
    ResponseUpgradeIsNotWebSocket => reject(ResponseUpgrade, "response-upgrade", UPGRADE),
    ResponseUpgradeIsWebSocket => check("response-upgrade", Pass, "RFC 6455 §4.1 response step 2", UPGRADE,
        "Upgrade is websocket."),
    ResponseConnectionLacksUpgrade => reject(ResponseConnection, "response-connection", CONNECTION),
    ResponseConnectionHasUpgrade => check("response-connection", Pass, "RFC 6455 §4.1 response step 3", CONNECTION,
        "Connection contains upgrade."),
    AcceptIsMissing => reject(ResponseAccept, "response-accept", ACCEPT,
        "The response has no Sec-WebSocket-Accept field."),
    AcceptIsRepeated => reject(DuplicateResponseField, "response-accept", ACCEPT,
        "Sec-WebSocket-Accept appears more than once."),
    AcceptDoesNotMatchTheKey => reject(ResponseAccept, "response-accept", ACCEPT,
        "Sec-WebSocket-Accept does not match the key this client sent."),
    AcceptMatchesTheKey => check("response-accept", Pass, "RFC 6455 §4.1 response step 4", ACCEPT,
        "Sec-WebSocket-Accept matches the key."),
    ExtensionsAreRepeated => reject(DuplicateResponseField, "response-extensions", EXTENSIONS,
        "Sec-WebSocket-Extensions appears more than once."),
    ExtensionsAreNotAList => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The response's Sec-WebSocket-Extensions is not a valid list."),
    ExtensionsAreEmpty => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The response's Sec-WebSocket-Extensions is empty."),
    ExtensionWasNotOffered => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server accepted an extension this client did not offer."),
    DeflateIsAcceptedTwice => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server accepted permessage-deflate twice."),
    DeflateParametersAreInvalid => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server's permessage-deflate parameters are invalid (RFC 7692 §7)."),
    ClientWindowBitsWereNotOffered => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server sent client_max_window_bits, which this client did not offer."),
    ClientWindowBitsExceedTheOffer => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server's client_max_window_bits is larger than this client offered (RFC 7692 §7.1.2.2)."),
    DeflateOffersAreInvalid => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server accepted permessage-deflate, but this client's offer of it is not valid (RFC 7692 §7), so no answer to it is."),
    ServerWindowBitsExceedTheOffer => reject(ResponseExtensions, "response-extensions", EXTENSIONS,
        "The server's server_max_window_bits is missing or larger than this client offered (RFC 7692 §7.1.2.1)."),
    NoExtensionIsAccepted => check("response-extensions", Skip, "RFC 6455 §4.1 response step 5", EXTENSIONS,
        "The server accepted no extension."),
    ExtensionsWereOffered => check("response-extensions", Pass, "RFC 6455 §4.1 response step 5", EXTENSIONS,
        "Every extension in the response was offered, with valid parameters."),
    SubprotocolIsRepeated => reject(DuplicateResponseField, "response-protocol", PROTOCOL,
        "Sec-WebSocket-Protocol appears more than once."),
    SubprotocolWasNotOffered => reject(ResponseProtocol, "response-protocol", PROTOCOL),
    OfferedSubprotocolsGotNone => check("response-protocol-absent", Warn, "RFC 6455 §4.1 response step 6", PROTOCOL,
        "The client offered subprotocols and the server selected none: RFC 6455 allows that, but browsers fail such a connection (Chromium: \"Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received\")."),
    NoSubprotocolIsChosen => check("response-protocol", Skip, "RFC 6455 §4.1 response step 6", PROTOCOL,
        "The server chose no subprotocol."),
    SubprotocolWasOffered => check("response-protocol", Pass, "RFC 6455 §4.1 response step 6", PROTOCOL,
        "The subprotocol is one this client offered."),
}

impl Step {
    /// The check this step records, its sentence as written (a `{}` left in place).
    pub(crate) fn check(self) -> Check {
        let row = self.row();
        Check {
            id: row.id,
            result: row.result,
            section: row.section,
            header: row.header,
            message: Cow::Borrowed(row.message),
        }
    }

    /// The error of a rejection row (`None` for a check that does not end the handshake), its
    /// `{}` filled with `value`.
    pub(crate) fn failure(self, value: &str) -> Option<Failure> {
        let row = self.row();
        let code = row.code?;
        Some(Failure::with_message(
            code,
            row.header,
            fill(row.message, value),
        ))
    }
}

/// A row's sentence with its `{}` replaced by `value` (unchanged when it has none).
fn fill(sentence: &str, value: &str) -> String {
    match sentence.split_once("{}") {
        Some((before, after)) => {
            let mut m = String::with_capacity(before.len() + value.len() + after.len());
            m.push_str(before);
            m.push_str(value);
            m.push_str(after);
            m
        }
        None => String::from(sentence),
    }
}

/// Every check the engine can record with a fixed sentence, rejections included, in a stable
/// order (the order of the table in `check.rs`). Checks whose sentence names something from the
/// message (a chosen subprotocol, the number of settings, a declined offer) are not in it.
///
/// ```
/// let catalog = upgrade_handshake::check_catalog();
/// assert!(catalog.iter().any(|c| c.id == "websocket-method" && c.message == "The method is GET."));
/// ```
pub fn check_catalog() -> Vec<Check> {
    Step::ALL
        .iter()
        .map(|s| s.check())
        .filter(|c| !c.message.contains("{}"))
        .collect()
}

/// One recorded check: a step, with the value its sentence names if it names one.
#[derive(Clone, Debug)]
enum Entry {
    Step(Step),
    Filled(Step, String),
}

impl Entry {
    fn check(self) -> Check {
        match self {
            Entry::Step(s) => s.check(),
            Entry::Filled(s, value) => {
                let mut check = s.check();
                check.message = Cow::Owned(fill(&check.message, &value));
                check
            }
        }
    }
}

/// Collects checks when asked to, and costs nothing otherwise.
pub(crate) struct Trail {
    on: bool,
    entries: Vec<Entry>,
}

impl Trail {
    pub(crate) fn new(on: bool) -> Trail {
        // Room for a whole WebSocket handshake's trail (about twenty checks) at once, rather
        // than growing four times on the way; nothing when off.
        let room = if on { 24 } else { 0 };
        Trail {
            on,
            entries: Vec::with_capacity(room),
        }
    }

    /// The checks, their texts filled in.
    pub(crate) fn into_checks(self) -> Vec<Check> {
        self.entries.into_iter().map(Entry::check).collect()
    }

    /// Records a step (its number only).
    #[inline(never)]
    pub(crate) fn step(&mut self, step: Step) {
        if self.on {
            self.entries.push(Entry::Step(step));
        }
    }

    /// Records a step whose sentence names a value (its `{}`); the value is built only when the
    /// trail is on.
    pub(crate) fn step_with<V: Into<String>>(&mut self, step: Step, value: impl FnOnce() -> V) {
        if self.on {
            self.entries.push(Entry::Filled(step, value().into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step's number is its row in `Step::ALL`.
    #[test]
    fn step_numbers_are_table_rows() {
        for (i, step) in Step::ALL.iter().enumerate() {
            assert_eq!(*step as usize, i);
        }
    }

    /// A rejection row carries its code, and its section is the code's; other rows carry none.
    #[test]
    fn rejection_rows_carry_their_code() {
        for step in Step::ALL {
            let row = step.row();
            match row.code {
                Some(code) => {
                    assert_eq!(row.result, CheckResult::Fail, "{step:?}");
                    assert_eq!(row.section, code.section(), "{step:?}");
                    assert_eq!(step.failure("").map(|f| f.code), Some(code));
                }
                None => assert!(step.failure("").is_none(), "{step:?}"),
            }
            assert!(row.section.starts_with("RFC "), "{step:?}");
            assert!(row.message.matches("{}").count() <= 1, "{step:?}");
        }
    }

    /// No two rows say the same thing: each sentence is written once.
    #[test]
    fn every_sentence_is_written_once() {
        for (i, a) in Step::ALL.iter().enumerate() {
            for b in Step::ALL.iter().skip(i + 1) {
                let (ra, rb) = (a.row(), b.row());
                assert!(
                    !(ra.id == rb.id && ra.message == rb.message && ra.result == rb.result),
                    "{a:?} and {b:?} are the same row"
                );
            }
        }
    }

    #[test]
    fn a_trail_that_is_off_records_nothing() {
        let mut t = Trail::new(false);
        t.step(Step::MethodIsGet);
        t.step_with(Step::SubprotocolIsChosen, || "chat");
        assert!(t.into_checks().is_empty());
    }

    #[test]
    fn steps_become_their_checks_in_order() {
        let mut t = Trail::new(true);
        t.step(Step::MethodIsGet);
        t.step_with(Step::SubprotocolIsChosen, || "chat");
        t.step(Step::KeyIsNotSixteenBytes);
        let checks = t.into_checks();
        assert_eq!(checks[0].id, "websocket-method");
        assert_eq!(checks[0].message, "The method is GET.");
        assert_eq!(
            checks[1].message,
            "Chose subprotocol chat, the first offered that this endpoint supports."
        );
        assert_eq!(checks[2].result, CheckResult::Fail);
        assert_eq!(checks[2].section, "RFC 6455 §4.2.1 item 5");
    }

    #[test]
    fn the_catalog_holds_fixed_sentences_only() {
        let catalog = check_catalog();
        assert!(catalog.iter().all(|c| !c.message.contains("{}")));
        assert!(catalog
            .iter()
            .any(|c| c.id == "origin" && c.result == CheckResult::Fail));
    }
}
