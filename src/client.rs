//! The client side of RFC 6455: building the opening handshake (§4.1) and verifying the
//! server's answer, step by step as §4.1 numbers them, plus the field rules of §11.3.

use alloc::string::String;
use alloc::vec::Vec;

use crate::accept::accept_key_into;
use crate::authority::is_host_port;
use crate::check::{Check, Step, Trail};
use crate::deflate;
use crate::error::{BuildError, ErrorCode, Failure};
use crate::head::{count, has_token, list, parse_response, unfold, values, Fields, ParsedResponse};
use crate::list::{is_authority_char, is_token, trim_ows, with_params, Elements};
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

/// The result of checking a server's response: the verdict, and the checks that led there.
///
/// ```
/// use upgrade_handshake::{verify_response, ClientOffer, Verdict};
/// let v = verify_response(b"HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\n\r\n",
///     &ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ=="));
/// match &v.verdict {
///     Verdict::Refused(r) => assert_eq!(r.versions, vec![13, 8]),
///     other => panic!("{other:?}"),
/// }
/// assert!(!v.ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// What the client must do.
    pub verdict: Verdict,
    /// Every check, in order.
    pub checks: Vec<Check>,
}

/// The three possible verdicts on a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The handshake succeeded: the connection now speaks WebSocket.
    Accepted(Accepted),
    /// The response is not a valid answer to the offer: the client fails the connection.
    Refused(Refused),
    /// The response head is not complete yet: read more and call again.
    Incomplete,
}

/// A 101 the client accepts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accepted {
    /// The subprotocol the server chose.
    pub protocol: Option<String>,
    /// The extensions the server accepted: the `Sec-WebSocket-Extensions` elements, empty ones
    /// dropped, joined with ", ".
    pub extensions: Option<String>,
}

/// A response the client rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// Why the response was not accepted.
    pub error: Failure,
    /// The versions a 426 listed in `Sec-WebSocket-Version` (RFC 6455 §4.4), for a retry.
    pub versions: Vec<u16>,
}

impl Verification {
    /// Whether the handshake succeeded.
    pub fn ok(&self) -> bool {
        matches!(self.verdict, Verdict::Accepted(_))
    }

    /// Whether more of the response head is needed.
    pub fn is_incomplete(&self) -> bool {
        matches!(self.verdict, Verdict::Incomplete)
    }

    /// The subprotocol the server chose, on success.
    pub fn protocol(&self) -> Option<&str> {
        match &self.verdict {
            Verdict::Accepted(a) => a.protocol.as_deref(),
            _ => None,
        }
    }

    /// The extensions the server accepted, on success.
    pub fn extensions(&self) -> Option<&str> {
        match &self.verdict {
            Verdict::Accepted(a) => a.extensions.as_deref(),
            _ => None,
        }
    }

    /// Why the response was refused.
    pub fn error(&self) -> Option<&Failure> {
        match &self.verdict {
            Verdict::Refused(r) => Some(&r.error),
            _ => None,
        }
    }

    /// The versions a 426 listed (empty otherwise).
    pub fn versions(&self) -> &[u16] {
        match &self.verdict {
            Verdict::Refused(r) => &r.versions,
            _ => &[],
        }
    }
}

/// Verifies a raw response head against the offer (RFC 6455 §4.1).
///
/// ```
/// use upgrade_handshake::{verify_response, ClientOffer};
/// let offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
/// let v = verify_response(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
///     Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", &offer);
/// assert!(v.ok());
/// let bad = verify_response(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
///     Connection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n", &offer);
/// assert_eq!(bad.error().unwrap().code.as_str(), "response-accept");
/// ```
pub fn verify_response(head: &[u8], offer: &ClientOffer) -> Verification {
    let mut trail = Trail::new(true);
    let unfolded = unfold(head);
    let checked = match parse_response(unfolded.as_deref().unwrap_or(head), 100) {
        ParsedResponse::Complete { status, mut fields } => {
            trail.step(Step::ResponseIsWellFormed);
            if unfolded.is_some() {
                trail.step(Step::ResponseFieldIsUnfolded);
            }
            // The field lines once, as name and value pairs: the steps look fields up a dozen
            // times, and each lookup in the raw section would re-read every line.
            let mut parts = Vec::new();
            while let Some((name, value)) = fields.next_field() {
                // A checked field name is a token: ASCII.
                parts.push((core::str::from_utf8(name).unwrap_or_default(), value));
            }
            verify(status, Fields::Parts(&parts), offer, &mut trail)
        }
        ParsedResponse::Incomplete => {
            trail.step(Step::ResponseIsIncomplete);
            return Verification {
                verdict: Verdict::Incomplete,
                checks: trail.into_checks(),
            };
        }
        ParsedResponse::Invalid => Err((Step::ResponseIsMalformed, Vec::new())),
    };
    conclude(trail, checked)
}

/// Verifies an already-parsed response (e.g. a Fetch `Response`) against the offer.
///
/// ```
/// use upgrade_handshake::{verify_response_parts, ClientOffer};
/// let offer = ClientOffer::new("dGhlIHNhbXBsZSBub25jZQ==");
/// let v = verify_response_parts(426, &[("Sec-WebSocket-Version", b"13, 8")], &offer);
/// assert!(!v.ok());
/// assert_eq!(v.versions(), [13, 8]);
/// ```
pub fn verify_response_parts(
    status: u16,
    headers: &[(&str, &[u8])],
    offer: &ClientOffer,
) -> Verification {
    let mut trail = Trail::new(true);
    let checked = verify(status, Fields::Parts(headers), offer, &mut trail);
    conclude(trail, checked)
}

/// What the steps found: the accepted 101, or the rejection row that failed (with the versions
/// of a 426).
type Checked = Result<Accepted, (Step, Vec<u16>)>;

/// The verification once the steps are done: accepted, or refused by the failing row.
fn conclude(mut trail: Trail, checked: Checked) -> Verification {
    let verdict = match checked {
        Ok(accepted) => Verdict::Accepted(accepted),
        Err((step, versions)) => {
            trail.step(step);
            match step.failure("") {
                Some(error) => Verdict::Refused(Refused { error, versions }),
                // Every row the steps fail with is a rejection row (`check.rs` tests them).
                None => Verdict::Refused(Refused {
                    error: Failure::new(ErrorCode::BadResponse, None),
                    versions,
                }),
            }
        }
    };
    Verification {
        verdict,
        checks: trail.into_checks(),
    }
}

/// The value of a field that may appear at most once in a response (RFC 6455 §11.3), OWS
/// trimmed: `Ok(None)` when it is absent, `Err(())` when it appears more than once.
fn single<'b>(headers: Fields<'_, 'b>, name: &'static str) -> Result<Option<&'b [u8]>, ()> {
    match count(headers, name) {
        0 => Ok(None),
        1 => Ok(values(headers, name).next().map(trim_ows)),
        _ => Err(()),
    }
}

/// The steps of RFC 6455 §4.1 for the response, in order: the accepted subprotocol and
/// extensions, or the step that failed.
fn verify(status: u16, headers: Fields<'_, '_>, offer: &ClientOffer, t: &mut Trail) -> Checked {
    // Step 1: 101.
    if status == 426 {
        let versions = list(headers, "sec-websocket-version")
            .filter_map(parse_u16)
            .collect();
        return Err((Step::StatusIs426, versions));
    }
    let fail = |step| Err((step, Vec::new()));
    if status != 101 {
        return fail(Step::StatusIsNot101);
    }
    t.step(Step::StatusIs101);

    // Step 2: Upgrade is websocket.
    let mut up = list(headers, "upgrade");
    if !(up
        .next()
        .is_some_and(|u| u.eq_ignore_ascii_case(b"websocket"))
        && up.next().is_none())
    {
        return fail(Step::ResponseUpgradeIsNotWebSocket);
    }
    t.step(Step::ResponseUpgradeIsWebSocket);

    // Step 3: Connection contains upgrade.
    if !has_token(headers, "connection", b"upgrade") {
        return fail(Step::ResponseConnectionLacksUpgrade);
    }
    t.step(Step::ResponseConnectionHasUpgrade);

    // Step 4: exactly one Sec-WebSocket-Accept (§11.3.3) with the expected value.
    let got = match single(headers, "sec-websocket-accept") {
        Ok(Some(got)) => got,
        Ok(None) => return fail(Step::AcceptIsMissing),
        Err(()) => return fail(Step::AcceptIsRepeated),
    };
    let mut expected = [0; crate::accept::ACCEPT_KEY_LEN];
    accept_key_into(trim_whitespace(&offer.key).as_bytes(), &mut expected);
    if got != expected {
        return fail(Step::AcceptDoesNotMatchTheKey);
    }
    t.step(Step::AcceptMatchesTheKey);

    // Step 5: extensions only among those offered, with valid parameters; §11.3.2: once.
    let extensions = match single(headers, "sec-websocket-extensions") {
        Ok(None) => {
            t.step(Step::NoExtensionIsAccepted);
            None
        }
        Ok(Some(value)) => {
            if let Err(step) = check_extensions(value, offer.extensions.as_deref()) {
                return fail(step);
            }
            t.step(Step::ExtensionsWereOffered);
            Some(value)
        }
        Err(()) => return fail(Step::ExtensionsAreRepeated),
    };

    // Step 6: a subprotocol among those offered, present only if some were; §11.3.4: once.
    let protocol = match single(headers, "sec-websocket-protocol") {
        Ok(None) if !offer.protocols.is_empty() => {
            // RFC 6455 lets the server select none of them, but browsers fail the connection.
            t.step(Step::OfferedSubprotocolsGotNone);
            None
        }
        Ok(None) => {
            t.step(Step::NoSubprotocolIsChosen);
            None
        }
        Ok(Some(value)) => {
            let Some(chosen) = offer.protocols.iter().find(|p| p.as_bytes() == value) else {
                return fail(Step::SubprotocolWasNotOffered);
            };
            t.step(Step::SubprotocolWasOffered);
            Some(chosen)
        }
        Err(()) => return fail(Step::SubprotocolIsRepeated),
    };
    Ok(Accepted {
        protocol: protocol.cloned(),
        extensions: extensions.map(list_text),
    })
}

/// RFC 6455 §4.1 response step 5 and RFC 7692 §7: each accepted extension was offered, none is
/// accepted twice, and permessage-deflate's response parameters are valid for the offers.
fn check_extensions(value: &[u8], offered: Option<&str>) -> Result<(), Step> {
    let offered = offered.unwrap_or("").as_bytes();
    let mut seen_deflate = false;
    let mut any = false;
    for element in Elements::new(value) {
        any = true;
        let (name, params) = with_params(element);
        if !is_token(name) {
            return Err(Step::ExtensionsAreNotAList);
        }
        if !was_offered(offered, name) {
            return Err(Step::ExtensionWasNotOffered);
        }
        if name == b"permessage-deflate" {
            if seen_deflate {
                return Err(Step::DeflateIsAcceptedTwice);
            }
            seen_deflate = true;
            let Ok(d) = deflate::parse(params, true) else {
                return Err(Step::DeflateParametersAreInvalid);
            };
            answers_a_deflate_offer(offered, &d)?;
        }
    }
    if !any {
        return Err(Step::ExtensionsAreEmpty);
    }
    Ok(())
}

/// Whether the extension `name` is among those `offered`.
#[inline(never)]
fn was_offered(offered: &[u8], name: &[u8]) -> bool {
    Elements::new(offered).any(|o| with_params(o).0 == name)
}

/// RFC 7692 §7.1.2: the accepted permessage-deflate parameters answer one of the offers of it.
/// `server_max_window_bits` is the same as or smaller than an offer's (§7.1.2.1: a server that
/// accepts such an offer MUST answer one); `client_max_window_bits` appears only if the offer
/// carried it, and is the same as or smaller than the offer's value when it had one (§7.1.2.2).
/// The error is the first offer's reason (an offer that is not valid is answered by none).
fn answers_a_deflate_offer(offered: &[u8], got: &deflate::Deflate) -> Result<(), Step> {
    let mut first = None;
    for offer in Elements::new(offered) {
        let (name, params) = with_params(offer);
        if name != b"permessage-deflate" {
            continue;
        }
        let Ok(o) = deflate::parse(params, false) else {
            first.get_or_insert(Step::DeflateOffersAreInvalid);
            continue;
        };
        let server = match (o.server_max_window_bits, got.server_max_window_bits) {
            (Some(cap), Some(bits)) if bits > cap => Err(Step::ServerWindowBitsExceedTheOffer),
            (Some(_), None) => Err(Step::ServerWindowBitsExceedTheOffer),
            _ => Ok(()),
        };
        let client = match (o.client_max_window_bits, got.client_max_window_bits) {
            (None, Some(_)) => Err(Step::ClientWindowBitsWereNotOffered),
            (Some(Some(cap)), Some(Some(bits))) if bits > cap => {
                Err(Step::ClientWindowBitsExceedTheOffer)
            }
            _ => Ok(()),
        };
        match server.and(client) {
            Ok(()) => return Ok(()),
            Err(step) => {
                first.get_or_insert(step);
            }
        }
    }
    Err(first.unwrap_or(Step::ExtensionWasNotOffered))
}

/// A list value as the client read it (RFC 9110 §5.6.1): its elements, empty ones dropped, joined
/// with ", ".
fn list_text(value: &[u8]) -> String {
    let mut out = String::with_capacity(value.len().min(256));
    for element in Elements::new(value) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&lossy(element));
    }
    out
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
    let (host, target) = parse_url(opts.url)?;
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
    let key = crate::websocket::encode_key(&opts.key);
    let offered = opts.protocols.join(", ");
    // The request-target: the path and query, `/` when the URL has no path (RFC 6455 §3).
    let mut request = String::from("GET ");
    if !target.starts_with('/') {
        request.push('/');
    }
    request.push_str(target);
    request.push_str(" HTTP/1.1\r\n");
    let mut headers = Vec::new();
    let mut field = |name: &str, value: &str| {
        request.push_str(name);
        request.push_str(": ");
        request.push_str(value);
        request.push_str("\r\n");
        headers.push((String::from(name), String::from(value)));
    };
    field("Host", host);
    field("Upgrade", "websocket");
    field("Connection", "Upgrade");
    field("Sec-WebSocket-Key", &key);
    field("Sec-WebSocket-Version", "13");
    if let Some(o) = opts.origin {
        field("Origin", o);
    }
    if !offered.is_empty() {
        field("Sec-WebSocket-Protocol", &offered);
    }
    if let Some(e) = opts.extensions.map(trim_str) {
        field("Sec-WebSocket-Extensions", e);
    }
    request.push_str("\r\n");
    Ok(ClientRequest {
        key: key.clone(),
        headers,
        request,
        offer: ClientOffer {
            key,
            protocols: opts.protocols.iter().map(|p| String::from(*p)).collect(),
            extensions: opts.extensions.map(trim_str).map(String::from),
        },
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

/// `e` with OWS removed from both ends. For a value `extensions_valid` accepts this is what
/// `str::trim` gives: its only whitespace bytes are SP and HTAB (RFC 9110 §5.5 excludes the other
/// controls), and a non-ASCII character at either end would have made it invalid.
fn trim_str(e: &str) -> &str {
    // Cutting OWS (ASCII) off a str leaves a str; `from_utf8` just says so.
    core::str::from_utf8(trim_ows(e.as_bytes())).unwrap_or_default()
}

/// `str::trim`: removes the characters `char::is_whitespace` accepts (Unicode White_Space) from
/// both ends, decoding only the characters at the ends.
fn trim_whitespace(s: &str) -> &str {
    let mut b = s.as_bytes();
    loop {
        let n = space_len(b);
        if n == 0 {
            break;
        }
        b = b.get(n..).unwrap_or_default();
    }
    // The last character starts at the last byte that is not a continuation byte.
    while let Some(start) = b.iter().rposition(|&c| c & 0xc0 != 0x80) {
        let (rest, last) = b.split_at_checked(start).unwrap_or_default();
        if space_len(last) == 0 {
            break;
        }
        b = rest;
    }
    // Whole characters were cut from whole characters, so this is a `str`.
    core::str::from_utf8(b).unwrap_or_default()
}

/// The length of the character `b` starts with when it is White_Space, else 0: the UTF-8
/// encodings of `char::is_whitespace`'s characters (U+0009..U+000D, U+0020, U+0085, U+00A0,
/// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; the tests compare them on
/// every char), matched on the bytes without decoding characters. In a `str` a lead byte
/// starts a character, so a match is that whole character.
fn space_len(b: &[u8]) -> usize {
    match b {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// `String::from_utf8_lossy(bytes).into_owned()`: each maximal invalid subsequence becomes
/// U+FFFD, written over `core::str::from_utf8` as its documentation shows.
fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match core::str::from_utf8(bytes) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                match e.error_len() {
                    Some(n) => bytes = bytes.get(e.valid_up_to() + n..).unwrap_or(&[]),
                    None => return out,
                }
            }
        }
    }
}

/// A decimal `u16` as `str::parse` reads one: an optional `+`, then one or more ASCII digits,
/// without overflow.
fn parse_u16(v: &[u8]) -> Option<u16> {
    // A slice pattern, not `strip_prefix`, whose `split_at` brings its panic path along.
    let digits = match v {
        [b'+', digits @ ..] => digits,
        _ => v,
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &d in digits {
        let d = u32::from(d.wrapping_sub(b'0'));
        if d > 9 {
            return None;
        }
        // At most 65,535 before this digit, so no u32 overflow.
        n = n * 10 + d;
        if n > u32::from(u16::MAX) {
            return None;
        }
    }
    u16::try_from(n).ok()
}

/// Splits a ws/wss/http/https URL into the Host value and the path and query (RFC 6455 §3),
/// the latter as written: empty, or starting with `/` or `?`.
/// Byte positions throughout: every byte examined is ASCII, so each is a character boundary.
fn parse_url(url: &str) -> Result<(&str, &str), BuildError> {
    let b = url.as_bytes();
    let sep = b
        .windows(3)
        .position(|w| w == b"://")
        .ok_or(BuildError::Url)?;
    let scheme = b.get(..sep).unwrap_or_default();
    let default_port: &[u8] =
        if scheme.eq_ignore_ascii_case(b"ws") || scheme.eq_ignore_ascii_case(b"http") {
            b"80"
        } else if scheme.eq_ignore_ascii_case(b"wss") || scheme.eq_ignore_ascii_case(b"https") {
            b"443"
        } else {
            return Err(BuildError::Url);
        };
    // The authority runs to the first '/' or '?'. No userinfo: '@' is not an authority
    // character here. Its port follows the last ':' that no ']' follows (an IPv6 literal's
    // colons are inside the brackets).
    let start = sep + 3;
    let mut end = start;
    let mut colon = None;
    while let Some(&c) = b.get(end).filter(|&&c| c != b'/' && c != b'?') {
        if !is_authority_char(c) {
            return Err(BuildError::Url);
        }
        if c == b':' {
            colon = Some(end);
        } else if c == b']' {
            colon = None;
        }
        end += 1;
    }
    // The authority is a host and an optional port, as a server reads Host (RFC 9112 §3.2).
    if !is_host_port(b.get(start..end).unwrap_or_default(), false) {
        return Err(BuildError::Url);
    }
    // No fragment, no whitespace or controls.
    let target = b.get(end..).unwrap_or_default();
    if end == start
        || !target
            .iter()
            .all(|&c| (0x21..0x7f).contains(&c) && c != b'#')
    {
        return Err(BuildError::Url);
    }
    // host [":" port]: the port must be digits, and the Host value leaves out the default one.
    let mut host_end = end;
    if let Some(i) = colon {
        let port = b.get(i + 1..end).unwrap_or_default();
        if i == start || port.is_empty() || !port.iter().all(u8::is_ascii_digit) {
            return Err(BuildError::Url);
        }
        if port == default_port {
            host_end = i;
        }
    }
    // All ASCII, so `from_utf8` only says so.
    let text = |from: usize, to: usize| core::str::from_utf8(b.get(from..to).unwrap_or_default());
    match (text(start, host_end), text(end, b.len())) {
        (Ok(host), Ok(target)) => Ok((host, target)),
        _ => Err(BuildError::Url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::borrow::Cow;
    use proptest::prelude::*;

    /// `parse_url` with the request-target `create_request` makes of its path and query.
    fn parse_url_target(url: &str) -> Result<(Cow<'_, str>, Cow<'_, str>), BuildError> {
        let (host, target) = parse_url(url)?;
        let target = if target.starts_with('/') {
            Cow::Borrowed(target)
        } else {
            Cow::Owned(format!("/{target}"))
        };
        Ok((Cow::Borrowed(host), target))
    }

    /// The `str`-pattern version `parse_url` replaced, kept as its reference.
    fn reference_parse_url(url: &str) -> Result<(Cow<'_, str>, Cow<'_, str>), BuildError> {
        let (scheme, rest) = url.split_once("://").ok_or(BuildError::Url)?;
        let default_port =
            if scheme.eq_ignore_ascii_case("ws") || scheme.eq_ignore_ascii_case("http") {
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
        // The host grammar itself is tested in authority.rs.
        if !crate::authority::is_host_port(authority.as_bytes(), false) {
            return Err(BuildError::Url);
        }
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => {
                (&authority[..i], Some(&authority[i + 1..]))
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
            Cow::Owned(format!("/{target}"))
        } else {
            Cow::Borrowed(target)
        };
        Ok((host_value, target))
    }

    /// Every character, alone and at both ends of another: `space_len` classifies each as
    /// `char::is_whitespace` does.
    #[test]
    fn trim_whitespace_matches_std_on_every_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("{c}x{c}");
            assert_eq!(trim_whitespace(&s), s.trim(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn parse_url_examples() {
        for url in [
            "ws://h/chat",
            "WSS://h:443/?q",
            "ws://h:80",
            "http://[::1]:8080/a",
            "https://[::1]/",
            "ws://[::1]",
            "ws://h:/",
            "ws://:80/",
            "ws://u@h/",
            "ws://h/#f",
            "wss//h",
            "ftp://h/",
            "ws://h/a b",
            "ws://ü/",
            "ws://h?x=1",
            "ws://h:8a/",
        ] {
            assert_eq!(parse_url_target(url), reference_parse_url(url), "{url}");
        }
    }

    /// A valid `Sec-WebSocket-Extensions` value (RFC 6455 §9.1) with OWS around its parts and
    /// ends, and how many extensions it lists.
    fn valid_extensions() -> impl Strategy<Value = (String, usize)> {
        let ows = "[ \t]{0,2}";
        let param = (
            "[a-c_]{1,4}",
            proptest::option::of(prop_oneof!["[a-c0-9]{1,3}", "\"[a-c ,;=]{0,3}\""]),
        )
            .prop_map(|(n, v)| v.map_or(n.clone(), |v| format!("{n}={v}")));
        let ext = (
            "[a-c-]{1,6}",
            proptest::collection::vec((ows, param, ows), 0..3),
        )
            .prop_map(|(name, params)| {
                let mut e = name;
                for (a, p, b) in params {
                    e.push_str(&format!("{a};{b}{p}"));
                }
                e
            });
        (ows, proptest::collection::vec((ext, ows), 1..4), ows).prop_map(|(lead, exts, trail)| {
            let n = exts.len();
            let body: Vec<String> = exts.into_iter().map(|(e, o)| format!("{e}{o}")).collect();
            (format!("{lead}{}{trail}", body.join(",")), n)
        })
    }

    proptest! {
        #[test]
        fn parse_url_matches_reference(
            url in "(ws|wss|http|https|WS|ftp|)(://|:/|)[a-z0-9:\\[\\]@#/?.%ü -]{0,16}"
        ) {
            prop_assert_eq!(parse_url_target(&url), reference_parse_url(&url));
        }

        #[test]
        fn lossy_matches_std(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            prop_assert_eq!(lossy(&bytes), String::from_utf8_lossy(&bytes).into_owned());
        }

        #[test]
        fn lossy_matches_std_near_utf8(s in "\\PC{0,8}", cut in 0usize..40, junk in any::<u8>()) {
            let mut bytes = s.into_bytes();
            let cut = cut.min(bytes.len());
            bytes.insert(cut, junk);
            prop_assert_eq!(lossy(&bytes), String::from_utf8_lossy(&bytes).into_owned());
        }

        #[test]
        fn trim_whitespace_matches_std(
            s in "[ \\t\\n\\x0b\\x0c\\r\\u{85}\\u{a0}\\u{1680}\\u{2000}-\\u{200b}\\u{2028}\\u{2029}\\u{202f}\\u{205f}\\u{3000}\\u{feff}a=é]{0,8}"
        ) {
            prop_assert_eq!(trim_whitespace(&s), s.trim());
        }

        #[test]
        fn trim_whitespace_matches_std_on_any_text(
            s in "\\PC{0,6}|[ \u{85}\u{2000}\u{3000}\u{10000}\u{10ffff}a\u{e9}]{0,6}"
        ) {
            prop_assert_eq!(trim_whitespace(&s), s.trim());
        }

        #[test]
        fn trim_str_matches_std_on_valid_extensions(
            (s, _) in valid_extensions()
        ) {
            // Built from the grammar, so always valid: the assertion runs for every input.
            prop_assert!(extensions_valid(&s), "{:?}", s);
            prop_assert_eq!(trim_str(&s), s.trim());
        }

        #[test]
        fn extensions_with_unicode_whitespace_at_an_end_are_invalid(
            (s, _) in valid_extensions(),
            space in proptest::sample::select(vec!['\u{a0}', '\u{2003}', '\u{3000}']),
            front in any::<bool>(),
        ) {
            // `str::trim` would cut these and `trim_str` would not; such a value is refused first.
            let s = if front { format!("{space}{s}") } else { format!("{s}{space}") };
            prop_assert!(!extensions_valid(&s), "{:?}", s);
        }

        #[test]
        fn parse_u16_matches_std(s in "[+-]?[0-9]{0,6}|[0-9 a+]{0,3}") {
            let reference: Option<u16> = s.parse().ok();
            prop_assert_eq!(parse_u16(s.as_bytes()), reference);
        }
    }
}
