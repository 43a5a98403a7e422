//! The server entry points: one pure function from a request head and a policy to an
//! [`Outcome`]. Everything that decides lives in the modules it calls, one per RFC concern.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::authority::{is_allowed, is_host_port};
use crate::check::{Step, Trail};
use crate::head::{self, Field, Form, Head, Index, Parsed, RequestParts, Version};
use crate::list::{trim_ows, with_params};
use crate::outcome::{reject, reject_naming, Close, Decision, Outcome, Pass};
use crate::policy::{is_protocol, Policy};
use crate::upgrade::{self, Choice};
use crate::{h2c, tls, websocket};

/// Decides a request from its raw head bytes.
///
/// `head` may be a prefix of the stream: while the blank line that ends the head has not
/// arrived the outcome is `Incomplete`. Bytes after the head are ignored. Lines end in CRLF; a
/// bare LF is answered 400 unless `policy.lenient_line_ends` (RFC 9112 §2.2). With
/// `policy.trail == false`, parsing and checking allocate nothing; only the response of a switch
/// or a rejection does.
///
/// A request of a higher HTTP/1 minor version (`HTTP/1.2`) is processed as HTTP/1.1, as RFC
/// 9110 §2.5 says it SHOULD be, and answered in HTTP/1.1.
///
/// ```
/// use upgrade_handshake::{negotiate, Policy};
/// let req = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\
///             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
///             Sec-WebSocket-Version: 13\r\n\r\n";
/// let out = negotiate(req, &Policy::default());
/// assert_eq!(out.kind(), "switch");
/// assert_eq!(out.response().unwrap().header_value("Sec-WebSocket-Accept"), Some("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
///
/// // A wrong version is never a 101 (RFC 6455 §4.2.2): 426 with the version we speak.
/// let old = negotiate(&[&req[..req.len() - 6], b"8\r\n\r\n"].concat(), &Policy::default());
/// assert_eq!(old.status(), Some(426));
/// assert_eq!(old.response().unwrap().header_value("Sec-WebSocket-Version"), Some("13"));
/// ```
pub fn negotiate(head: &[u8], policy: &Policy) -> Outcome {
    let mut trail = Trail::new(policy.trail);
    let decision = run_raw(head, policy, &mut trail);
    Outcome {
        decision,
        checks: trail.into_checks(),
    }
}

fn run_raw(buf: &[u8], policy: &Policy, trail: &mut Trail) -> Decision {
    let mut index = Index::default();
    match head::parse(buf, policy, &mut index, trail) {
        Parsed::Incomplete => Decision::Incomplete,
        Parsed::Error(step) => reject(trail, step, &[], Close::Yes),
        Parsed::BareLf(line) => reject_naming(
            trail,
            Step::LineEndsInBareLf,
            &head::decimal(line),
            &[],
            Close::Yes,
        ),
        Parsed::Complete(head) => decide(&head, policy, trail),
    }
}

/// Decides a request someone else already parsed (e.g. a Fetch `Request`).
///
/// The same syntax rules and limits apply to the parts as to raw bytes.
///
/// ```
/// use upgrade_handshake::{negotiate_parts, Policy, RequestParts, Version};
/// let headers: &[(&str, &[u8])] = &[("Host", b"a"), ("Accept", b"*/*")];
/// let req = RequestParts { method: "GET", target: "/", version: Version::Http11, headers, has_body: false };
/// assert_eq!(negotiate_parts(&req, &Policy::default()).kind(), "pass");
/// ```
pub fn negotiate_parts(req: &RequestParts<'_>, policy: &Policy) -> Outcome {
    let mut trail = Trail::new(policy.trail);
    let decision = match head::check_parts(req, policy, &mut trail) {
        Err(step) => reject(&mut trail, step, &[], Close::Yes),
        Ok(()) => {
            let mut index = Index::default();
            decide(&head::from_parts(req, &mut index), policy, &mut trail)
        }
    };
    Outcome {
        decision,
        checks: trail.into_checks(),
    }
}

/// The decision proper, shared by both entry points.
pub(crate) fn decide(head: &Head<'_, '_>, policy: &Policy, trail: &mut Trail) -> Decision {
    // RFC 9112 §3.2: the request-target's form must be one the method allows.
    let form = match head::target_form(head.method, head.target) {
        Ok(form) => form,
        Err(step) => return reject(trail, step, &[], Close::Yes),
    };
    if let Err(step) = check_host(head, trail) {
        return reject(trail, step, &[], Close::Yes);
    }
    // RFC 9112 §3.2.2: an absolute-form target's authority stands for the request, Host or not;
    // RFC 6455 §4.2.1 item 2: it names this server.
    let authority = authority(head, form, trail);
    if !policy.hosts.is_empty() {
        let shown = || String::from(core::str::from_utf8(authority).unwrap_or("?"));
        if is_allowed(authority, &policy.hosts) {
            trail.step_with(Step::AuthorityIsAllowed, shown);
        } else {
            return reject_naming(
                trail,
                Step::AuthorityIsNotAllowed,
                &shown(),
                &[],
                Close::Yes,
            );
        }
    }
    // RFC 9112 §6.1: Content-Length with Transfer-Encoding is ambiguous framing, the classic
    // request-smuggling signal; a server MAY reject it and MUST close the connection after
    // responding. Rejected whatever the request is, so it can never reach a 101.
    if head.count(Field::ContentLength) > 0 && head.count(Field::TransferEncoding) > 0 {
        return reject(trail, Step::FramingIsAmbiguous, &[], Close::Yes);
    }
    // RFC 9112 §6.3 item 5: an invalid Content-Length makes the framing invalid; a server MUST
    // answer 400 and close. Content-Length = 1*DIGIT (RFC 9110 §8.6), one field.
    match head.count(Field::ContentLength) {
        0 => {}
        1 => {
            let value = trim_ows(head.first(Field::ContentLength).unwrap_or_default());
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return reject(trail, Step::ContentLengthIsNotANumber, &[], Close::Yes);
            }
        }
        _ => return reject(trail, Step::ContentLengthIsRepeated, &[], Close::Yes),
    }
    // RFC 9112 §6.3 item 4: a request whose Transfer-Encoding does not end in chunked has no
    // length a recipient can find; RFC 9112 §6.1: chunked is applied once. 400 and close.
    if head.count(Field::TransferEncoding) > 0 {
        let mut codings = head.list(Field::TransferEncoding);
        let mut chunked = 0;
        let mut last_is_chunked = false;
        for coding in codings.by_ref() {
            // transfer-coding = token *( OWS ";" OWS transfer-parameter ) (RFC 9112 §7).
            last_is_chunked = with_params(coding).0.eq_ignore_ascii_case(b"chunked");
            chunked += usize::from(last_is_chunked);
        }
        if chunked > 1 {
            return reject(trail, Step::ChunkedIsRepeated, &[], Close::Yes);
        }
        if !last_is_chunked {
            return reject(trail, Step::ChunkedIsNotFinal, &[], Close::Yes);
        }
    }
    // RFC 9110 §9.3.6: CONNECT asks for a tunnel to the target's authority; what answers it is
    // the proxy's business, not an upgrade.
    if head.method == "CONNECT" {
        trail.step(Step::ConnectIsNotAnUpgrade);
        return Decision::Pass(Pass::default());
    }
    let http11 = head.version == Version::Http11;
    let upgrade_present = head.count(Field::Upgrade) > 0;

    // RFC 9110 §7.8: Upgrade = #protocol. Only meaningful in HTTP/1.1.
    if http11 && upgrade_present {
        if !head.list(Field::Upgrade).all(is_protocol) {
            return reject(trail, Step::UpgradeIsNotAProtocolList, &[], Close::Yes);
        }
        trail.step(Step::UpgradeIsAProtocolList);
    }

    let conn_upgrade = head.has_token(Field::Connection, b"upgrade");
    let chosen = if !upgrade_present {
        trail.step(Step::UpgradeIsAbsent);
        None
    } else if !http11 {
        trail.step(Step::UpgradeIsIgnoredInHttp10);
        None
    } else if !conn_upgrade && !policy.edge {
        trail.step(Step::ConnectionLacksUpgrade);
        None
    } else {
        if conn_upgrade {
            trail.step(Step::ConnectionHasUpgrade);
        } else {
            trail.step(Step::ConnectionLacksUpgradeAtTheEdge);
        }
        upgrade::choose(head, policy, trail)
    };

    if policy.require_tls && !matches!(chosen, Some(Choice::Tls(_))) {
        return tls::required(policy, trail);
    }

    match chosen {
        // choose() matched the token "websocket" in Upgrade.
        Some(Choice::WebSocket) => websocket::negotiate(head, policy, trail, conn_upgrade, true),
        Some(Choice::H2c(settings)) => h2c::switch(settings),
        Some(Choice::Tls(token)) => tls::switch(head, token, trail),
        Some(Choice::Other(token)) => upgrade::switch_generic(token),
        None if websocket::is_attempt(head, policy) => {
            trail.step(Step::WebSocketFieldsMakeAHandshake);
            let upgrade_websocket = head.has_token(Field::Upgrade, b"websocket");
            websocket::negotiate(head, policy, trail, conn_upgrade, upgrade_websocket)
        }
        None if policy.require_upgrade => upgrade_required(policy, trail),
        None => Decision::Pass(Pass {
            headers: tls::advertisement(policy),
        }),
    }
}

/// The authority the request names: an absolute-form target's (RFC 9112 §3.2.2, recorded when it
/// differs from Host), else the Host field's (empty when there is none).
fn authority<'b>(head: &Head<'_, 'b>, form: Form<'b>, trail: &mut Trail) -> &'b [u8] {
    let host = head.first(Field::Host).map(trim_ows).unwrap_or_default();
    match form {
        Form::Absolute(a) => {
            if !a.eq_ignore_ascii_case(host) {
                trail.step_with(Step::TargetAuthorityOverridesHost, || {
                    String::from(core::str::from_utf8(a).unwrap_or("?"))
                });
            }
            a
        }
        _ => host,
    }
}

/// RFC 9112 §3.2: exactly one Host in HTTP/1.1, never more than one, and a valid value.
fn check_host(head: &Head<'_, '_>, trail: &mut Trail) -> Result<(), Step> {
    let n = head.count(Field::Host);
    if n > 1 {
        return Err(Step::HostIsRepeated);
    }
    if n == 0 {
        if head.version == Version::Http10 {
            trail.step(Step::HostIsOptionalInHttp10);
            return Ok(());
        }
        if head.absolute {
            trail.step(Step::AbsoluteTargetStandsForHost);
            return Ok(());
        }
        return Err(Step::HostIsMissing);
    }
    // RFC 9112 §3.2: Host = uri-host [ ":" port ].
    let valid = head
        .values(Field::Host)
        .all(|v| is_host_port(trim_ows(v), false));
    if !valid {
        return Err(Step::HostIsNotAnAuthority);
    }
    trail.step(Step::HostIsOneValidField);
    Ok(())
}

/// The 426 of an endpoint that serves only upgraded connections (RFC 9110 §15.5.22): `Upgrade`
/// lists every valid protocol token the policy performs, and `Sec-WebSocket-Version: 13` tells a
/// WebSocket client which version to use.
fn upgrade_required(policy: &Policy, trail: &mut Trail) -> Decision {
    let mut tokens = String::new();
    for u in policy
        .upgrades
        .iter()
        .filter(|u| policy.performs(u.as_bytes()))
    {
        if !tokens.is_empty() {
            tokens.push_str(", ");
        }
        tokens.push_str(u);
    }
    let mut extra = alloc::vec::Vec::with_capacity(3);
    if !tokens.is_empty() {
        extra.push(("Upgrade", Cow::Owned(tokens)));
        extra.push(("Connection", Cow::Borrowed("Upgrade")));
    }
    if policy.performs(b"websocket") {
        extra.push(("Sec-WebSocket-Version", Cow::Borrowed("13")));
    }
    reject(trail, Step::UpgradeIsRequired, &extra, Close::No)
}
