//! The server entry points: one pure function from a request head and a policy to an
//! [`Outcome`]. Everything that decides lives in the modules it calls, one per RFC concern.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::check::{Step, Trail};
use crate::error::{ErrorCode, Failure};
use crate::head::{self, Field, Head, Index, Parsed, RequestParts, Version};
use crate::outcome::{Decision, Outcome, Pass, Reject};
use crate::policy::{is_protocol, Policy};
use crate::response::Response;
use crate::upgrade::{self, Choice};
use crate::{h2c, tls, websocket};

/// Decides a request from its raw head bytes.
///
/// `head` may be a prefix of the stream: while the blank line that ends the head has not
/// arrived the outcome is `Incomplete`. Bytes after the head are ignored. Lines may end in CRLF
/// or a bare LF (RFC 9112 §2.2). With `policy.trail == false`, parsing and checking allocate
/// nothing; only the response of a switch or a rejection does.
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
    match head::parse(
        buf,
        policy.max_head_bytes,
        policy.max_headers,
        &mut index,
        trail,
    ) {
        Parsed::Incomplete => Decision::Incomplete,
        Parsed::Error(failure) => reject(failure, &[], Close::Yes),
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
    let decision =
        match head::check_parts(req, policy.max_head_bytes, policy.max_headers, &mut trail) {
            Err(failure) => reject(failure, &[], Close::Yes),
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
    if let Err(f) = check_host(head, trail) {
        return reject(f, &[], Close::Yes);
    }
    // RFC 9112 §6.1: Content-Length with Transfer-Encoding is ambiguous framing, the classic
    // request-smuggling signal; a server MAY reject it and MUST close the connection after
    // responding. Rejected whatever the request is, so it can never reach a 101.
    if head.count(Field::ContentLength) > 0 && head.count(Field::TransferEncoding) > 0 {
        let message = "The request carries both Content-Length and Transfer-Encoding, so its framing is ambiguous (a request-smuggling signal).";
        trail.fail(
            "message-framing",
            ErrorCode::ConflictingFraming.section(),
            Some("Transfer-Encoding"),
            message,
        );
        return reject(
            Failure::with_message(
                ErrorCode::ConflictingFraming,
                Some("Transfer-Encoding"),
                message,
            ),
            &[],
            Close::Yes,
        );
    }
    let http11 = head.version == Version::Http11;
    let upgrade_present = head.count(Field::Upgrade) > 0;

    // RFC 9110 §7.8: Upgrade = #protocol. Only meaningful in HTTP/1.1.
    if http11 && upgrade_present {
        if head.list(Field::Upgrade).all(is_protocol) {
            trail.step(Step::UpgradeIsAListOfProtocol);
        } else {
            trail.fail(
                "upgrade-syntax",
                upgrade::SECTION,
                Some("Upgrade"),
                ErrorCode::BadUpgrade.description(),
            );
            return reject(
                Failure::new(ErrorCode::BadUpgrade, Some("Upgrade")),
                &[],
                Close::Yes,
            );
        }
    }

    let conn_upgrade = head.has_token(Field::Connection, b"upgrade");
    let chosen = if !upgrade_present {
        trail.step(Step::TheRequestHasNoUpgradeField);
        None
    } else if !http11 {
        trail.step(Step::UpgradeIsIgnoredInAnHttp);
        None
    } else if !conn_upgrade && !policy.edge {
        trail.fail(
            "connection-upgrade-token",
            upgrade::SECTION,
            Some("Connection"),
            "Connection lacks the upgrade token: a proxy probably stripped hop-by-hop headers, so Upgrade is not an offer.",
        );
        None
    } else {
        if conn_upgrade {
            trail.step(Step::ConnectionCarriesTheUpgradeToken);
        } else {
            trail.step(Step::ConnectionLacksTheUpgradeTokenEdge);
        }
        upgrade::choose(head, policy, trail)
    };

    if policy.require_tls && !matches!(chosen, Some(Choice::Tls(_))) {
        return tls::required(policy, trail);
    }

    match chosen {
        // choose() matched the token "websocket" in Upgrade.
        Some(Choice::WebSocket) => websocket::negotiate(head, policy, trail, conn_upgrade, true),
        Some(Choice::H2c) => h2c::negotiate(head, policy, trail),
        Some(Choice::Tls(token)) => tls::switch(head, token, trail),
        Some(Choice::Other(token)) => upgrade::switch_generic(token),
        None if websocket::is_attempt(head, policy) => {
            trail.record(
                "websocket-attempt",
                crate::CheckResult::Warn,
                websocket::SECTION,
                None,
                || "The request carries WebSocket handshake fields, so it is checked as a handshake.",
            );
            let upgrade_websocket = head.has_token(Field::Upgrade, b"websocket");
            websocket::negotiate(head, policy, trail, conn_upgrade, upgrade_websocket)
        }
        None if policy.require_upgrade => upgrade_required(policy, trail),
        None => Decision::Pass(Pass {
            headers: tls::advertisement(policy),
        }),
    }
}

/// RFC 9112 §3.2: exactly one Host in HTTP/1.1, never more than one, and a valid value.
fn check_host(head: &Head<'_, '_>, trail: &mut Trail) -> Result<(), Failure> {
    const SECTION: &str = "RFC 9112 §3.2";
    let n = head.count(Field::Host);
    let bad = |trail: &mut Trail, msg: &'static str| {
        trail.fail("host", SECTION, Some("Host"), msg);
        Err(Failure::with_message(ErrorCode::BadHost, Some("Host"), msg))
    };
    if n > 1 {
        return bad(trail, "The request carries more than one Host field.");
    }
    if n == 0 {
        if head.version == Version::Http10 {
            trail.step(Step::Http10DoesNotRequire);
            return Ok(());
        }
        if head.absolute {
            trail.step(Step::NoHostFieldTheAbsoluteForm);
            return Ok(());
        }
        return bad(trail, "An HTTP/1.1 request must carry a Host field.");
    }
    let valid = head.values(Field::Host).all(|v| {
        crate::list::trim_ows(v)
            .iter()
            .all(|&b| crate::list::is_authority_char(b))
    });
    if !valid {
        return bad(trail, "The Host field is not a valid host and port.");
    }
    trail.step(Step::TheRequestCarriesExactlyOneValid);
    Ok(())
}

/// Whether a rejection closes the connection.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Close {
    Yes,
    No,
}

/// The 426 of an endpoint that serves only upgraded connections (RFC 9110 §15.5.22): `Upgrade`
/// lists every valid protocol token the policy performs, and `Sec-WebSocket-Version: 13` tells a
/// WebSocket client which version to use.
fn upgrade_required(policy: &Policy, trail: &mut Trail) -> Decision {
    let code = ErrorCode::UpgradeRequired;
    trail.fail(
        "upgrade-required",
        code.section(),
        Some("Upgrade"),
        code.description(),
    );
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
    reject(Failure::new(code, Some("Upgrade")), &extra, Close::No)
}

/// Builds a rejection: the error's status, `extra` headers, `Connection: close` (unless `Close::No`,
/// or merged into an existing `Connection`), and a short plain-text body naming the section.
pub(crate) fn reject(
    error: Failure,
    extra: &[(&'static str, Cow<'static, str>)],
    close: Close,
) -> Decision {
    let mut response = Response::standard(error.code.status());
    let mut has_connection = false;
    for (name, value) in extra {
        if name.eq_ignore_ascii_case("connection") {
            has_connection = true;
            if close == Close::Yes {
                let mut v = String::from(&**value);
                v.push_str(", close");
                response.add(name, v);
                continue;
            }
        }
        response.add(name, value.clone());
    }
    if close == Close::Yes && !has_connection {
        response.add("Connection", "close");
    }
    let section = error.code.section();
    let mut body = String::with_capacity(error.message.len() + section.len() + 4);
    body.push_str(&error.message);
    body.push_str(" (");
    body.push_str(section);
    body.push_str(")\n");
    response.set_text_body(Cow::Owned(body));
    Decision::Reject(Reject { error, response })
}
