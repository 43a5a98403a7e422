//! RFC 6455 §4.2.1 (reading the client's opening handshake) and §4.2.2 (answering it).
//!
//! The checks run in the order of §4.2.1's numbered items; the first failure ends the
//! handshake with the response the RFC asks for. A wrong version is never answered with 101:
//! a proxy that sees a 101 opens a tunnel.

use alloc::borrow::Cow;
use alloc::string::String;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::accept::{accept_key_into, ACCEPT_KEY_LEN};
use crate::check::{Step, Trail};
use crate::deflate;
use crate::head::{Field, Head, Version};
use crate::list::{is_token, trim_ows};
use crate::outcome::{reject, Close, Decision, Switch};
use crate::policy::{is_origin, Policy};
use crate::response::Response;

/// Whether the request is a WebSocket handshake attempt on an endpoint that performs WebSocket:
/// it carries `Sec-WebSocket-Key` or `Sec-WebSocket-Version`, or its `Upgrade` names websocket.
pub(crate) fn is_attempt(head: &Head<'_, '_>, policy: &Policy) -> bool {
    policy.performs(b"websocket")
        && (head.count(Field::Key) > 0
            || head.count(Field::Version) > 0
            || head.has_token(Field::Upgrade, b"websocket"))
}

/// Decodes a `Sec-WebSocket-Key`: the base64 of exactly 16 bytes (RFC 6455 §4.1 item 7,
/// §4.2.1 item 5), padded, with the unused bits of its last character zero (RFC 4648 §3.5).
pub(crate) fn decode_key(key: &[u8]) -> Option<[u8; 16]> {
    // Room for the 18 bytes 24 characters could hold; only 16 may be decoded.
    let mut out = [0u8; 18];
    match STANDARD.decode_slice(key, &mut out) {
        Ok(16) => out.first_chunk().copied(),
        _ => None,
    }
}

/// The base64 of a 16-byte key, as `Sec-WebSocket-Key` carries it.
pub(crate) fn encode_key(key: &[u8; 16]) -> String {
    STANDARD.encode(key)
}

/// Runs the WebSocket checks and builds the 101 or the rejection. The caller has already read
/// whether `Connection` holds `upgrade` and `Upgrade` holds `websocket` (one scan of each list).
pub(crate) fn negotiate(
    head: &Head<'_, '_>,
    policy: &Policy,
    trail: &mut Trail,
    conn_upgrade: bool,
    upgrade_websocket: bool,
) -> Decision {
    // Item 1: an HTTP/1.1 or higher GET request.
    if head.method != "GET" {
        let allow = [("Allow", Cow::Borrowed("GET"))];
        return reject(trail, Step::MethodIsNotGet, &allow, Close::Yes);
    }
    trail.step(Step::MethodIsGet);
    if head.version != Version::Http11 {
        return reject(trail, Step::RequestIsHttp10, &[], Close::Yes);
    }
    trail.step(Step::RequestIsHttp11);
    // The opening handshake is a GET with no content (RFC 6455 §4.2.1; RFC 9112 §6 frames a
    // body by Content-Length or Transfer-Encoding): after a 101 every byte that follows the
    // head is read as WebSocket frames, so a body would be smuggled into the new protocol.
    if head.has_body {
        return reject(trail, Step::HandshakeHasContent, &[], Close::Yes);
    }

    // Item 2 (Host) was checked for every request.

    // Item 3: Upgrade contains "websocket" (ASCII case-insensitive).
    if !upgrade_websocket {
        return reject(trail, Step::UpgradeLacksWebSocket, &[], Close::Yes);
    }
    trail.step(Step::UpgradeHasWebSocket);

    // Item 4: Connection contains "upgrade".
    if conn_upgrade {
        trail.step(Step::ConnectionHasUpgradeForWebSocket);
    } else if policy.edge {
        trail.step(Step::ConnectionLacksUpgradeForWebSocketAtTheEdge);
    } else {
        return reject(
            trail,
            Step::ConnectionLacksUpgradeForWebSocket,
            &[],
            Close::Yes,
        );
    }

    // Item 5: exactly one Sec-WebSocket-Key, base64 of 16 bytes (§11.3.1: not repeated).
    let key = match head.count(Field::Key) {
        0 => return reject(trail, Step::KeyIsMissing, &[], Close::Yes),
        1 => head.first(Field::Key).unwrap_or(b""),
        _ => return reject(trail, Step::KeyIsRepeated, &[], Close::Yes),
    };
    if decode_key(key).is_none() {
        return reject(trail, Step::KeyIsNotSixteenBytes, &[], Close::Yes);
    }
    trail.step(Step::KeyIsSixteenBytes);

    // Item 6: Sec-WebSocket-Version: 13, else 426 with the version we speak (§4.2.2 item 4).
    let version_headers: [(&'static str, Cow<'static, str>); 3] = [
        ("Sec-WebSocket-Version", Cow::Borrowed("13")),
        ("Upgrade", Cow::Borrowed("websocket")),
        ("Connection", Cow::Borrowed("Upgrade")),
    ];
    if head.count(Field::Version) == 0 {
        let version = version_headers.get(..1).unwrap_or(&[]);
        return reject(trail, Step::VersionIsMissing, version, Close::Yes);
    }
    // One field, one value (RFC 6455 §11.3.5: `1*DIGIT`, not a list).
    let is_13 =
        head.count(Field::Version) == 1 && head.first(Field::Version).map(trim_ows) == Some(b"13");
    if !is_13 {
        return reject(trail, Step::VersionIsNot13, &version_headers, Close::Yes);
    }
    trail.step(Step::VersionIs13);

    // Item 7 and §10.2: Origin.
    if let Some(d) = check_origin(head, policy, trail) {
        return d;
    }

    // Item 8: Sec-WebSocket-Protocol, a list of tokens; the first the client offers that we support.
    // One pass: every element must be a token; the first the policy supports wins.
    let mut chosen: Option<&[u8]> = None;
    for offered in head.list(Field::Protocol) {
        if !is_token(offered) {
            return reject(trail, Step::SubprotocolIsNotAToken, &[], Close::Yes);
        }
        if chosen.is_none() && policy.protocols.iter().any(|p| p.as_bytes() == offered) {
            chosen = Some(offered);
        }
    }
    // A token is ASCII, so this is never lossy.
    let subprotocol = chosen.map(|p| String::from(core::str::from_utf8(p).unwrap_or_default()));
    match &subprotocol {
        Some(p) => trail.step_with(Step::SubprotocolIsChosen, || p.as_str()),
        None if head.count(Field::Protocol) > 0 => {
            trail.step(Step::NoOfferedSubprotocolIsSupported)
        }
        None => trail.step(Step::NoSubprotocolIsOffered),
    }

    // Item 9: Sec-WebSocket-Extensions; only permessage-deflate is known (RFC 7692).
    let extensions = deflate::negotiate(
        head.list(Field::Extensions),
        policy.permessage_deflate.as_ref(),
        trail,
    );

    // §4.2.2 item 5: the 101.
    let mut accept = [0u8; ACCEPT_KEY_LEN];
    accept_key_into(key, &mut accept);
    let mut response = Response::standard(101);
    response.add("Upgrade", "websocket");
    response.add("Connection", "Upgrade");
    // base64 is ASCII, so this is never lossy.
    response.add_copy(
        "Sec-WebSocket-Accept",
        core::str::from_utf8(&accept).unwrap_or_default(),
    );
    if let Some(p) = &subprotocol {
        response.add_copy("Sec-WebSocket-Protocol", p);
    }
    if let Some(e) = &extensions {
        response.add("Sec-WebSocket-Extensions", Cow::Owned(e.clone()));
    }
    Decision::Switch(Switch {
        protocol: String::from("websocket"),
        response,
        subprotocol,
        extensions,
        settings: None,
    })
}

/// RFC 6455 §10.2: a browser's Origin against the allowed list. `Some` is a rejection.
fn check_origin(head: &Head<'_, '_>, policy: &Policy, trail: &mut Trail) -> Option<Decision> {
    if policy.origins.is_empty() {
        trail.step(Step::OriginPolicyIsOff);
        return None;
    }
    let n = head.count(Field::Origin);
    if n == 0 {
        trail.step(Step::OriginIsAbsent);
        return None;
    }
    let origin = head.first(Field::Origin).unwrap_or(b"");
    let allowed = n == 1
        && policy
            .origins
            .iter()
            .any(|o| is_origin(o.as_bytes()) && o.as_bytes().eq_ignore_ascii_case(origin));
    if allowed {
        trail.step(Step::OriginIsAllowed);
        None
    } else {
        Some(reject(trail, Step::OriginIsForbidden, &[], Close::Yes))
    }
}
