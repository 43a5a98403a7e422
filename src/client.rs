//! The client side of RFC 6455: building the opening handshake (§4.1) and verifying the
//! server's answer, step by step as §4.1 numbers them, plus the field rules of §11.3.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use httparse::{Header, EMPTY_HEADER};

use crate::accept::accept_key;
use crate::check::{Check, Trail};
use crate::deflate;
use crate::error::{BuildError, ErrorCode, Failure};
use crate::head::{count, has_token, list, values};
use crate::list::{is_token, trim_ows, with_params, Elements};
use crate::policy::is_origin;

/// What the client offered, to check the response against.
///
/// ```
/// use upgrade_handshake::ClientOffer;
/// let offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
/// assert!(offer.protocols.is_empty() && offer.extensions.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientOffer {
    /// The `Sec-WebSocket-Key` sent.
    pub key: String,
    /// The subprotocols offered, in order.
    pub protocols: Vec<String>,
    /// The `Sec-WebSocket-Extensions` value offered.
    pub extensions: Option<String>,
}

impl ClientOffer {
    /// An offer with this key, no subprotocols and no extensions.
    pub fn new(key: &str) -> ClientOffer {
        ClientOffer {
            key: key.into(),
            ..ClientOffer::default()
        }
    }
}

/// The result of checking a server's response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// The handshake succeeded: the connection now speaks WebSocket.
    pub ok: bool,
    /// The response head is not complete yet: read more and call again.
    pub incomplete: bool,
    /// The subprotocol the server chose.
    pub protocol: Option<String>,
    /// The extensions the server accepted (the `Sec-WebSocket-Extensions` value).
    pub extensions: Option<String>,
    /// The versions a 426 listed in `Sec-WebSocket-Version` (RFC 6455 §4.4), for a retry.
    pub versions: Vec<u16>,
    /// Why the response was not accepted.
    pub error: Option<Failure>,
    /// Every check, in order.
    pub checks: Vec<Check>,
}

/// Verifies a raw response head against the offer (RFC 6455 §4.1).
///
/// ```
/// use upgrade_handshake::{verify_response, ClientOffer};
/// let offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
/// let v = verify_response(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
///     Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", &offer);
/// assert!(v.ok);
/// let bad = verify_response(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
///     Connection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n", &offer);
/// assert_eq!(bad.error.unwrap().code.as_str(), "response-accept");
/// ```
pub fn verify_response(head: &[u8], offer: &ClientOffer) -> Verification {
    let mut trail = Trail::new(true);
    let mut slots = [EMPTY_HEADER; 100];
    let mut resp = httparse::Response::new(&mut slots);
    let status = match resp.parse(head) {
        Ok(httparse::Status::Complete(_)) => resp.code.unwrap_or(0),
        Ok(httparse::Status::Partial) => {
            trail.skip(
                "response-head",
                "RFC 9112 §4",
                None,
                "The response head is not complete yet: more bytes are needed.",
            );
            return Verification {
                incomplete: true,
                checks: trail.checks,
                ..Verification::default()
            };
        }
        Err(_) => {
            let msg = "The response head is not valid HTTP/1.1.";
            trail.fail("response-head", "RFC 9112 §4", None, msg);
            return failed(
                Failure::with_message(ErrorCode::BadResponse, None, msg),
                trail,
            );
        }
    };
    trail.pass(
        "response-head",
        "RFC 9112 §4",
        None,
        "The response head is well formed.",
    );
    verify(status, resp.headers, offer, trail)
}

/// Verifies an already-parsed response (e.g. a Fetch `Response`) against the offer.
///
/// ```
/// use upgrade_handshake::{verify_response_parts, ClientOffer};
/// let offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
/// let v = verify_response_parts(426, &[("Sec-WebSocket-Version", b"13, 8")], &offer);
/// assert!(!v.ok);
/// assert_eq!(v.versions, vec![13, 8]);
/// ```
pub fn verify_response_parts(
    status: u16,
    headers: &[(&str, &[u8])],
    offer: &ClientOffer,
) -> Verification {
    let headers: Vec<Header<'_>> = headers
        .iter()
        .map(|&(name, value)| Header { name, value })
        .collect();
    verify(status, &headers, offer, Trail::new(true))
}

fn failed(error: Failure, trail: Trail) -> Verification {
    Verification {
        error: Some(error),
        checks: trail.checks,
        ..Verification::default()
    }
}

fn step(
    trail: &mut Trail,
    id: &'static str,
    code: ErrorCode,
    header: Option<&'static str>,
    msg: &'static str,
) -> Failure {
    trail.fail(id, code.section(), header, msg);
    Failure::with_message(code, header, msg)
}

fn verify(
    status: u16,
    headers: &[Header<'_>],
    offer: &ClientOffer,
    mut trail: Trail,
) -> Verification {
    let t = &mut trail;
    // Step 1: 101.
    if status == 426 {
        let versions: Vec<u16> = list(headers, "sec-websocket-version")
            .filter_map(|v| core::str::from_utf8(v).ok()?.parse().ok())
            .collect();
        let f = step(
            t,
            "response-status",
            ErrorCode::VersionNotSupported,
            Some("Sec-WebSocket-Version"),
            "The server answered 426: it does not speak version 13; retry with a version it lists.",
        );
        let mut v = failed(f, trail);
        v.versions = versions;
        return v;
    }
    if status != 101 {
        let f = step(
            t,
            "response-status",
            ErrorCode::BadStatus,
            None,
            "The server did not answer 101 Switching Protocols, so the handshake failed.",
        );
        return failed(f, trail);
    }
    t.pass(
        "response-status",
        "RFC 6455 §4.1 response step 1",
        None,
        "The status is 101.",
    );

    // Step 2: Upgrade is websocket.
    let mut up = list(headers, "upgrade");
    if !(up
        .next()
        .is_some_and(|u| u.eq_ignore_ascii_case(b"websocket"))
        && up.next().is_none())
    {
        let f = step(
            t,
            "response-upgrade",
            ErrorCode::ResponseUpgrade,
            Some("Upgrade"),
            "The response's Upgrade field is missing or is not websocket.",
        );
        return failed(f, trail);
    }
    t.pass(
        "response-upgrade",
        "RFC 6455 §4.1 response step 2",
        Some("Upgrade"),
        "Upgrade is websocket.",
    );

    // Step 3: Connection contains upgrade.
    if !has_token(headers, "connection", b"upgrade") {
        let f = step(
            t,
            "response-connection",
            ErrorCode::ResponseConnection,
            Some("Connection"),
            "The response's Connection field lacks the upgrade token.",
        );
        return failed(f, trail);
    }
    t.pass(
        "response-connection",
        "RFC 6455 §4.1 response step 3",
        Some("Connection"),
        "Connection contains upgrade.",
    );

    // Step 4: exactly one Sec-WebSocket-Accept (§11.3.3) with the expected value.
    const ACCEPT: Option<&str> = Some("Sec-WebSocket-Accept");
    match count(headers, "sec-websocket-accept") {
        0 => {
            let f = step(
                t,
                "response-accept",
                ErrorCode::ResponseAccept,
                ACCEPT,
                "The response has no Sec-WebSocket-Accept field.",
            );
            return failed(f, trail);
        }
        1 => {}
        _ => {
            let f = step(
                t,
                "response-accept",
                ErrorCode::DuplicateResponseField,
                ACCEPT,
                "Sec-WebSocket-Accept appears more than once.",
            );
            return failed(f, trail);
        }
    }
    let expected = accept_key(offer.key.trim());
    let got = values(headers, "sec-websocket-accept")
        .next()
        .map(trim_ows)
        .unwrap_or(b"");
    if got != expected.as_bytes() {
        let f = step(
            t,
            "response-accept",
            ErrorCode::ResponseAccept,
            ACCEPT,
            "Sec-WebSocket-Accept does not match the key this client sent.",
        );
        return failed(f, trail);
    }
    t.pass(
        "response-accept",
        "RFC 6455 §4.1 response step 4",
        ACCEPT,
        "Sec-WebSocket-Accept matches the key.",
    );

    // Step 5: extensions only among those offered, with valid parameters; §11.3.2: once.
    const EXT: Option<&str> = Some("Sec-WebSocket-Extensions");
    let extensions = match count(headers, "sec-websocket-extensions") {
        0 => {
            t.skip(
                "response-extensions",
                "RFC 6455 §4.1 response step 5",
                EXT,
                "The server accepted no extension.",
            );
            None
        }
        1 => {
            let value = values(headers, "sec-websocket-extensions")
                .next()
                .map(trim_ows)
                .unwrap_or(b"");
            if let Err(msg) = check_extensions(value, offer.extensions.as_deref()) {
                let f = step(
                    t,
                    "response-extensions",
                    ErrorCode::ResponseExtensions,
                    EXT,
                    msg,
                );
                return failed(f, trail);
            }
            t.pass(
                "response-extensions",
                "RFC 6455 §4.1 response step 5",
                EXT,
                "Every extension in the response was offered, with valid parameters.",
            );
            Some(String::from_utf8_lossy(value).into_owned())
        }
        _ => {
            let f = step(
                t,
                "response-extensions",
                ErrorCode::DuplicateResponseField,
                EXT,
                "Sec-WebSocket-Extensions appears more than once.",
            );
            return failed(f, trail);
        }
    };

    // Step 6: a subprotocol among those offered, present only if some were; §11.3.4: once.
    const PROTO: Option<&str> = Some("Sec-WebSocket-Protocol");
    let protocol = match count(headers, "sec-websocket-protocol") {
        0 if !offer.protocols.is_empty() => {
            // RFC 6455 lets the server select none of them, but browsers fail the connection.
            t.warn(
                "response-protocol-absent",
                "RFC 6455 §4.1 response step 6",
                PROTO,
                "The client offered subprotocols and the server selected none: RFC 6455 allows that, but browsers fail such a connection (Chromium: \"Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received\").",
            );
            None
        }
        0 => {
            t.skip(
                "response-protocol",
                "RFC 6455 §4.1 response step 6",
                PROTO,
                "The server chose no subprotocol.",
            );
            None
        }
        1 => {
            let value = values(headers, "sec-websocket-protocol")
                .next()
                .map(trim_ows)
                .unwrap_or(b"");
            if !offer.protocols.iter().any(|p| p.as_bytes() == value) {
                let f = step(
                    t,
                    "response-protocol",
                    ErrorCode::ResponseProtocol,
                    PROTO,
                    "The server chose a subprotocol this client did not offer.",
                );
                return failed(f, trail);
            }
            t.pass(
                "response-protocol",
                "RFC 6455 §4.1 response step 6",
                PROTO,
                "The subprotocol is one this client offered.",
            );
            Some(String::from_utf8_lossy(value).into_owned())
        }
        _ => {
            let f = step(
                t,
                "response-protocol",
                ErrorCode::DuplicateResponseField,
                PROTO,
                "Sec-WebSocket-Protocol appears more than once.",
            );
            return failed(f, trail);
        }
    };
    Verification {
        ok: true,
        incomplete: false,
        protocol,
        extensions,
        versions: Vec::new(),
        error: None,
        checks: trail.checks,
    }
}

/// RFC 6455 §4.1 response step 5 and RFC 7692 §7: each accepted extension was offered, none is
/// accepted twice, and permessage-deflate's response parameters are valid for the offers.
fn check_extensions(value: &[u8], offered: Option<&str>) -> Result<(), &'static str> {
    let offered = offered.unwrap_or("").as_bytes();
    let mut seen_deflate = false;
    let mut any = false;
    for element in Elements::new(value) {
        any = true;
        let (name, params) = with_params(element);
        if !is_token(name) {
            return Err("The response's Sec-WebSocket-Extensions is not a valid list.");
        }
        let mut offers = Elements::new(offered)
            .map(with_params)
            .filter(|(n, _)| *n == name)
            .peekable();
        if offers.peek().is_none() {
            return Err("The server accepted an extension this client did not offer.");
        }
        if name == b"permessage-deflate" {
            if seen_deflate {
                return Err("The server accepted permessage-deflate twice.");
            }
            seen_deflate = true;
            let d = deflate::parse(params, true).map_err(|_| {
                "The server's permessage-deflate parameters are invalid (RFC 7692 §7)."
            })?;
            // client_max_window_bits only if some offer carried it (RFC 7692 §7.1.2.2).
            if d.client_max_window_bits.is_some()
                && !offers.any(|(_, p)| {
                    deflate::parse(p, false).is_ok_and(|o| o.client_max_window_bits.is_some())
                })
            {
                return Err(
                    "The server sent client_max_window_bits, which this client did not offer.",
                );
            }
        }
    }
    if !any {
        return Err("The response's Sec-WebSocket-Extensions is empty.");
    }
    Ok(())
}

/// Options for [`create_request`].
#[derive(Clone, Copy, Debug)]
pub struct RequestOptions<'a> {
    /// `ws://`, `wss://`, `http://` or `https://` URL (no fragment, no userinfo).
    pub url: &'a str,
    /// Subprotocols to offer, in order of preference (distinct tokens).
    pub protocols: &'a [&'a str],
    /// A `Sec-WebSocket-Extensions` value to offer, e.g. `"permessage-deflate; client_max_window_bits"`.
    pub extensions: Option<&'a str>,
    /// The `Origin` to send (browsers send one; other clients may).
    pub origin: Option<&'a str>,
    /// 16 random bytes chosen by the caller for this connection (RFC 6455 §4.1 item 7).
    pub key: [u8; 16],
}

/// A built opening handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRequest {
    /// The `Sec-WebSocket-Key` (base64 of the 16 bytes).
    pub key: String,
    /// The header fields, in order (Host first).
    pub headers: Vec<(String, String)>,
    /// The whole request head, ready to send.
    pub request: String,
    /// What was offered, for [`verify_response`].
    pub offer: ClientOffer,
}

/// Builds a WebSocket opening handshake (RFC 6455 §4.1). Misuse (a bad URL, CR/LF in a value,
/// a subprotocol that is not a token) is an `Err`, never a broken request.
///
/// ```
/// use upgrade_handshake::{create_request, RequestOptions, BuildError};
/// let req = create_request(&RequestOptions {
///     url: "ws://server.example.com/chat", protocols: &["chat", "superchat"],
///     extensions: None, origin: Some("http://example.com"), key: *b"the sample nonce",
/// }).unwrap();
/// assert_eq!(req.key, "dGhlIHNhbXBsZSBub25jZQ==");
/// assert!(req.request.starts_with("GET /chat HTTP/1.1\r\nHost: server.example.com\r\n"));
/// let bad = RequestOptions { url: "ws://h/\r\nX: y", protocols: &[], extensions: None, origin: None, key: [0; 16] };
/// assert_eq!(create_request(&bad).unwrap_err(), BuildError::Url);
/// ```
pub fn create_request(opts: &RequestOptions<'_>) -> Result<ClientRequest, BuildError> {
    let (host, path) = parse_url(opts.url)?;
    for (i, p) in opts.protocols.iter().enumerate() {
        if !is_token(p.as_bytes()) || opts.protocols.iter().take(i).any(|q| q == p) {
            return Err(BuildError::Protocol);
        }
    }
    if let Some(e) = opts.extensions {
        if !extensions_valid(e) {
            return Err(BuildError::Extensions);
        }
    }
    if let Some(o) = opts.origin {
        if !is_origin(o.as_bytes()) {
            return Err(BuildError::Origin);
        }
    }
    let mut encoded = [0u8; 24];
    crate::base64::encode_into(&opts.key, &mut encoded);
    // base64 is ASCII by construction.
    let key = String::from(core::str::from_utf8(&encoded).unwrap_or_default());
    let mut headers: Vec<(String, String)> = vec![
        ("Host".into(), host.into()),
        ("Upgrade".into(), "websocket".into()),
        ("Connection".into(), "Upgrade".into()),
        ("Sec-WebSocket-Key".into(), key.clone()),
        ("Sec-WebSocket-Version".into(), "13".into()),
    ];
    if let Some(o) = opts.origin {
        headers.push(("Origin".into(), o.into()));
    }
    if !opts.protocols.is_empty() {
        headers.push(("Sec-WebSocket-Protocol".into(), opts.protocols.join(", ")));
    }
    if let Some(e) = opts.extensions {
        headers.push(("Sec-WebSocket-Extensions".into(), e.trim().into()));
    }
    let mut request = String::from("GET ");
    request.push_str(&path);
    request.push_str(" HTTP/1.1\r\n");
    for (n, v) in &headers {
        request.push_str(n);
        request.push_str(": ");
        request.push_str(v);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    Ok(ClientRequest {
        offer: ClientOffer {
            key: key.clone(),
            protocols: opts.protocols.iter().map(|&p| p.into()).collect(),
            extensions: opts.extensions.map(|e| e.trim().into()),
        },
        key,
        headers,
        request,
    })
}

fn extensions_valid(e: &str) -> bool {
    let b = e.as_bytes();
    if !b.iter().all(|&c| crate::list::is_field_vchar(c)) {
        return false;
    }
    let mut any = false;
    for element in Elements::new(b) {
        any = true;
        let (name, mut params) = with_params(element);
        if !is_token(name) || !params.all(|p| p.is_well_formed()) {
            return false;
        }
    }
    any
}

/// Splits a ws/wss/http/https URL into the Host value and the request-target (RFC 6455 §3).
fn parse_url(url: &str) -> Result<(Cow<'_, str>, Cow<'_, str>), BuildError> {
    let (scheme, rest) = url.split_once("://").ok_or(BuildError::Url)?;
    let default_port = if scheme.eq_ignore_ascii_case("ws") || scheme.eq_ignore_ascii_case("http") {
        "80"
    } else if scheme.eq_ignore_ascii_case("wss") || scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        return Err(BuildError::Url);
    };
    if !rest.bytes().all(|b| (0x21..0x7f).contains(&b)) || rest.contains('#') {
        return Err(BuildError::Url);
    }
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    if authority.is_empty() || authority.contains('@') {
        return Err(BuildError::Url);
    }
    if !authority
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:[]".contains(&b))
    {
        return Err(BuildError::Url);
    }
    // host [":" port]; the port (after the last ':' outside brackets) must be digits.
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority.get(i..).unwrap_or("").contains(']') => {
            (authority.get(..i).unwrap_or(""), authority.get(i + 1..))
        }
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(BuildError::Url);
    }
    let host_value = match port {
        Some(p) if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(BuildError::Url)
        }
        Some(p) if p == default_port => Cow::Borrowed(host),
        _ => Cow::Borrowed(authority),
    };
    let target = if target.is_empty() {
        Cow::Borrowed("/")
    } else if target.starts_with('?') {
        let mut t = String::from("/");
        t.push_str(target);
        Cow::Owned(t)
    } else {
        Cow::Borrowed(target)
    };
    Ok((host_value, target))
}
