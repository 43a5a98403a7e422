//! The trail of checks: what was verified, in order, and what came of it.

use alloc::borrow::Cow;
use alloc::vec::Vec;

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

/// Declares [`Step`]: every check the engine records with a fixed id, result, section, header
/// and sentence, in one table, numbered in order.
macro_rules! steps {
    ($($(#[$doc:meta])* $name:ident => ($id:literal, $result:ident, $section:expr, $header:expr, $message:literal),)*) => {
        /// A check with a fixed sentence. The trail records only its number: the texts are
        /// looked up when a [`Check`] is built ([`Step::check`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Step {
            $($(#[$doc])* $name,)*
        }

        impl Step {
            /// Every step, in the order of their numbers.
            pub(crate) const ALL: &'static [Step] = &[$(Step::$name,)*];

            /// The check this step stands for.
            pub(crate) fn check(self) -> Check {
                let (id, result, section, header, message) = match self {
                    $(Step::$name => ($id, CheckResult::$result, $section, $header, $message),)*
                };
                Check {
                    id,
                    result,
                    section,
                    header,
                    message: Cow::Borrowed(message),
                }
            }
        }
    };
}

steps! {
    // head
    TheHeadIsNotCompleteYet => ("head-size", Skip, "RFC 9112 §2", None,
        "The head is not complete yet: more bytes are needed."),
    // head.rs
    TheHeadFitsWithinTheSize => ("head-size", Pass, "RFC 6585 §5", None,
        "The head fits within the size and field-count limits."),
    // head.rs
    TheRequestLineAndFieldLines => ("head-syntax", Pass, "RFC 9112 §5", None,
        "The request line and field lines are well formed."),
    // server.rs
    UpgradeIsAListOfProtocol => ("upgrade-syntax", Pass, "RFC 9110 §7.8", Some("Upgrade"),
        "Upgrade is a list of protocol tokens."),
    // server
    TheRequestHasNoUpgradeField => ("upgrade-offer", Skip, "RFC 9110 §7.8", Some("Upgrade"),
        "The request has no Upgrade field: it is not an upgrade offer."),
    UpgradeIsIgnoredInAnHttp => ("upgrade-offer", Skip, "RFC 9110 §7.8", Some("Upgrade"),
        "Upgrade is ignored in an HTTP/1.0 request."),
    ConnectionCarriesTheUpgradeToken => ("connection-upgrade-token", Pass, "RFC 9110 §7.8", Some("Connection"),
        "Connection carries the upgrade token."),
    ConnectionLacksTheUpgradeTokenEdge => ("connection-upgrade-token", Warn, "RFC 9110 §7.8", Some("Connection"),
        "Connection lacks the upgrade token; edge mode accepts that because the proxy in front rewrites Connection."),
    Http10DoesNotRequire => ("host", Skip, "RFC 9112 §3.2", Some("Host"),
        "HTTP/1.0 does not require Host."),
    NoHostFieldTheAbsoluteForm => ("host", Warn, "RFC 9112 §3.2", Some("Host"),
        "No Host field; the absolute-form target carries the authority."),
    TheRequestCarriesExactlyOneValid => ("host", Pass, "RFC 9112 §3.2", Some("Host"),
        "The request carries exactly one valid Host field."),
    // upgrade
    TheClientOfferedH2WhichIs => ("h2-cleartext", Warn, "RFC 7540 §3.2", Some("Upgrade"),
        "The client offered h2, which is never negotiated over cleartext HTTP/1.1; it is ignored."),
    TheRequestHasContentSoIt => ("h2c-body", Warn, "RFC 7540 §3.2", Some("Upgrade"),
        "The request has content, so it is not upgraded to h2c; it is served over HTTP/1.1."),
    NoneOfTheProtocolsInUpgrade => ("upgrade-choice", Skip, "RFC 9110 §7.8", Some("Upgrade"),
        "None of the protocols in Upgrade is one this endpoint performs."),
    // websocket
    TheMethodIsGet => ("websocket-method", Pass, "RFC 6455 §4.2.1 item 1", None,
        "The method is GET."),
    // websocket.rs
    TheRequestIsHttp11 => ("websocket-http-version", Pass, "RFC 6455 §4.2.1 item 1", None,
        "The request is HTTP/1.1 or higher."),
    // websocket.rs
    UpgradeContainsWebsocket => ("websocket-upgrade-token", Pass, "RFC 6455 §4.2.1 item 3", Some("Upgrade"),
        "Upgrade contains websocket."),
    ConnectionContainsUpgrade => ("websocket-connection-token", Pass, "RFC 6455 §4.2.1 item 4", Some("Connection"),
        "Connection contains upgrade."),
    WebSocketConnectionTokenEdge => ("websocket-connection-token", Warn, "RFC 6455 §4.2.1 item 4", Some("Connection"),
        "Connection lacks the upgrade token; edge mode accepts that because the proxy in front rewrites Connection."),
    SecWebsocketKeyIsBase64Of => ("websocket-key", Pass, "RFC 6455 §4.2.1 item 5", Some("Sec-WebSocket-Key"),
        "Sec-WebSocket-Key is base64 of 16 bytes."),
    SecWebsocketVersionIs13 => ("websocket-version", Pass, "RFC 6455 §4.2.1 item 6", Some("Sec-WebSocket-Version"),
        "Sec-WebSocket-Version is 13."),
    NoneOfTheOfferedSubprotocolsIs => ("websocket-protocol", Warn, "RFC 6455 §4.2.2 item 4", Some("Sec-WebSocket-Protocol"),
        "None of the offered subprotocols is supported, so the 101 carries no Sec-WebSocket-Protocol."),
    NoSubprotocolWasOffered => ("websocket-protocol", Skip, "RFC 6455 §4.2.2 item 4", Some("Sec-WebSocket-Protocol"),
        "No subprotocol was offered."),
    ThisEndpointHasNoOriginPolicy => ("origin", Skip, "RFC 6455 §10.2", Some("Origin"),
        "This endpoint has no origin policy."),
    NoOriginFieldTheClientIs => ("origin", Skip, "RFC 6455 §10.2", Some("Origin"),
        "No Origin field: the client is not a browser, so the origin policy does not apply."),
    TheOriginIsInTheAllowed => ("origin", Pass, "RFC 6455 §10.2", Some("Origin"),
        "The Origin is in the allowed list."),
    // deflate
    NoExtensionWasOffered => ("permessage-deflate", Skip, "RFC 7692 §7", Some("Sec-WebSocket-Extensions"),
        "No extension was offered."),
    PermessageDeflateIsOffForThis => ("permessage-deflate", Skip, "RFC 7692 §7", Some("Sec-WebSocket-Extensions"),
        "permessage-deflate is off for this endpoint, so no extension is accepted."),
    NoAcceptablePermessageDeflateOfferSo => ("permessage-deflate", Skip, "RFC 7692 §7", Some("Sec-WebSocket-Extensions"),
        "No acceptable permessage-deflate offer, so the 101 carries no Sec-WebSocket-Extensions."),
    // h2c
    ConnectionListsHttp2Settings => ("h2c-connection-settings", Pass, "RFC 7540 §3.2.1", Some("Connection"),
        "Connection lists HTTP2-Settings."),
    ConnectionDoesNotListHttp2Settings => ("h2c-connection-settings", Warn, "RFC 7540 §3.2.1", Some("Connection"),
        "Connection does not list HTTP2-Settings; edge mode accepts that because the proxy in front rewrites Connection."),
    ExactlyOneHttp2SettingsField => ("http2-settings-count", Pass, "RFC 7540 §3.2.1", Some("HTTP2-Settings"),
        "Exactly one HTTP2-Settings field."),
    // tls
    OptionsIsTheMandatoryUpgradeForm => ("tls-form", Pass, "RFC 2817 §3.2", None,
        "OPTIONS * is the mandatory-upgrade form."),
    // tls.rs
    AnOptionalUpgradeAfterTheTls => ("tls-form", Skip, "RFC 2817 §3.1", None,
        "An optional upgrade: after the TLS handshake the server answers this request over TLS."),
    // client.rs
    TheResponseHeadIsNotComplete => ("response-head", Skip, "RFC 9112 §4", None,
        "The response head is not complete yet: more bytes are needed."),
    // client.rs
    TheResponseHeadIsWellFormed => ("response-head", Pass, "RFC 9112 §4", None,
        "The response head is well formed."),
    // client.rs
    TheStatusIs101 => ("response-status", Pass, "RFC 6455 §4.1 response step 1", None,
        "The status is 101."),
    // client.rs
    UpgradeIsWebsocket => ("response-upgrade", Pass, "RFC 6455 §4.1 response step 2", Some("Upgrade"),
        "Upgrade is websocket."),
    // client
    ResponseConnectionContainsUpgrade => ("response-connection", Pass, "RFC 6455 §4.1 response step 3", Some("Connection"),
        "Connection contains upgrade."),
    SecWebsocketAcceptMatchesTheKey => ("response-accept", Pass, "RFC 6455 §4.1 response step 4", Some("Sec-WebSocket-Accept"),
        "Sec-WebSocket-Accept matches the key."),
    TheServerAcceptedNoExtension => ("response-extensions", Skip, "RFC 6455 §4.1 response step 5", Some("Sec-WebSocket-Extensions"),
        "The server accepted no extension."),
    EveryExtensionInTheResponseWas => ("response-extensions", Pass, "RFC 6455 §4.1 response step 5", Some("Sec-WebSocket-Extensions"),
        "Every extension in the response was offered, with valid parameters."),
    TheClientOfferedSubprotocolsAndThe => ("response-protocol-absent", Warn, "RFC 6455 §4.1 response step 6", Some("Sec-WebSocket-Protocol"),
        "The client offered subprotocols and the server selected none: RFC 6455 allows that, but browsers fail such a connection (Chromium: \"Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received\")."),
    TheServerChoseNoSubprotocol => ("response-protocol", Skip, "RFC 6455 §4.1 response step 6", Some("Sec-WebSocket-Protocol"),
        "The server chose no subprotocol."),
    TheSubprotocolIsOneThisClient => ("response-protocol", Pass, "RFC 6455 §4.1 response step 6", Some("Sec-WebSocket-Protocol"),
        "The subprotocol is one this client offered."),
}

/// Every check the engine can record with a fixed sentence, in a stable order (the order of
/// [`Step`]). Checks whose sentence names something from the request (a chosen subprotocol, the
/// decoded settings, the reason of a failure) are not in it.
///
/// ```
/// let catalog = upgrade_handshake::check_catalog();
/// assert!(catalog.iter().any(|c| c.id == "websocket-method" && c.message == "The method is GET."));
/// ```
pub fn check_catalog() -> Vec<Check> {
    Step::ALL.iter().map(|s| s.check()).collect()
}

/// One recorded check: a step of the table, or a check with its own texts.
#[derive(Clone, Debug)]
pub(crate) enum Entry {
    Step(Step),
    Text(Check),
}

impl Entry {
    pub(crate) fn check(self) -> Check {
        match self {
            Entry::Step(s) => s.check(),
            Entry::Text(c) => c,
        }
    }
}

/// Collects checks when asked to, and costs nothing otherwise.
pub(crate) struct Trail {
    on: bool,
    pub(crate) entries: Vec<Entry>,
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

    /// Records a step of the table (its number only).
    #[inline(never)]
    pub(crate) fn step(&mut self, step: Step) {
        if self.on {
            self.entries.push(Entry::Step(step));
        }
    }

    /// Records a check whose message is built only when the trail is on.
    pub(crate) fn record<M: Into<Cow<'static, str>>>(
        &mut self,
        id: &'static str,
        result: CheckResult,
        section: &'static str,
        header: Option<&'static str>,
        message: impl FnOnce() -> M,
    ) {
        if self.on {
            self.push(id, result, section, header, message().into());
        }
    }

    /// One copy of the recording, however many call sites.
    #[inline(never)]
    fn push(
        &mut self,
        id: &'static str,
        result: CheckResult,
        section: &'static str,
        header: Option<&'static str>,
        message: Cow<'static, str>,
    ) {
        self.entries.push(Entry::Text(Check {
            id,
            result,
            section,
            header,
            message,
        }));
    }

    pub(crate) fn fail(
        &mut self,
        id: &'static str,
        section: &'static str,
        header: Option<&'static str>,
        message: &str,
    ) {
        if self.on {
            self.push(
                id,
                CheckResult::Fail,
                section,
                header,
                Cow::Owned(message.into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step's number is its row in `Step::ALL` and in `check_catalog()`: the numberings are one.
    #[test]
    fn step_numbers_are_catalog_rows() {
        for (i, step) in Step::ALL.iter().enumerate() {
            assert_eq!(*step as usize, i);
        }
        assert_eq!(check_catalog().len(), Step::ALL.len());
    }

    #[test]
    fn a_trail_that_is_off_records_nothing() {
        let mut t = Trail::new(false);
        t.step(Step::TheMethodIsGet);
        t.fail("x", "RFC 1", None, "m");
        assert!(t.into_checks().is_empty());
    }

    #[test]
    fn steps_become_their_checks_in_order() {
        let mut t = Trail::new(true);
        t.step(Step::TheMethodIsGet);
        t.fail(
            "websocket-key",
            "RFC 6455 §4.2.1 item 5",
            Some("Sec-WebSocket-Key"),
            "bad",
        );
        let checks = t.into_checks();
        assert_eq!(checks[0].id, "websocket-method");
        assert_eq!(checks[0].message, "The method is GET.");
        assert_eq!(checks[1].result, CheckResult::Fail);
        assert_eq!(checks[1].message, "bad");
    }
}
