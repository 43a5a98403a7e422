//! The wasm-bindgen binding: converts between JavaScript values and the core, nothing more.
//!
//! Each function takes its arguments as a few flat strings and returns one flat string: fields
//! separated by NUL, in the fixed order documented on each function, which `pkg/api.js` turns
//! into the objects of `index.d.ts`. One string crosses as one copy, where building the objects
//! here costs a crossing per property. Measured in one Node 20 process on the RFC 6455 §1.3
//! request (the whole `negotiate`, trail on / off): this flat string 15.6 / 8.6 µs,
//! serde-wasm-bindgen 33.7 / 10.2 µs, `js_sys::Object` + `Reflect::set` 63.7 / 13.3 µs.
//!
//! No unwrap, no expect, no indexing: every number is parsed with a fallback, so bad input is an
//! outcome of the core, never a trap; wrong argument *types* are caught in `api.js`.

use crate::response::push_decimal;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use crate::{
    Check, ClientOffer, Decision, DeflatePolicy, Failure, Outcome, Policy, RequestOptions,
    RequestParts, Response, Settings, Verification, Version,
};

/// Separates the fields of an encoded value (in both directions).
const FIELD: char = '\0';
/// Separates the items of an encoded list (JS -> Rust).
const ITEM: char = '\x1f';
/// Marks an absent optional value (JS -> Rust).
const ABSENT: &str = "\x01";

/// The module's memory, from which `api.js` reads the static strings of the checks trail (see
/// [`Out::checks`]); the glue does not export it.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// `acceptKey(key: string): string` (RFC 6455 §4.2.2).
#[wasm_bindgen(js_name = acceptKey)]
pub fn accept_key_js(key: &str) -> String {
    crate::accept_key(key)
}

/// `negotiate` of a request head given as a string (UTF-8 encoded on the way in).
/// `policy` is encoded as described on [`decode_policy`]; the result as on [`encode_outcome`].
#[wasm_bindgen(js_name = negotiateText)]
pub fn negotiate_text(input: &str, policy: &str) -> String {
    encode_outcome(&crate::negotiate(input.as_bytes(), &decode_policy(policy)))
}

/// `negotiate` of a request head given as bytes.
#[wasm_bindgen(js_name = negotiateBytes)]
pub fn negotiate_bytes(input: &[u8], policy: &str) -> String {
    encode_outcome(&crate::negotiate(input, &decode_policy(policy)))
}

/// `negotiate` of a request parsed by a Fetch runtime. `headers` is `name NUL value NUL ...`;
/// values are Fetch ByteStrings (one code point per byte), turned back into those bytes here.
#[wasm_bindgen(js_name = negotiateParts)]
pub fn negotiate_parts(
    method: &str,
    target: &str,
    headers: &str,
    has_body: bool,
    policy: &str,
) -> String {
    let fields = decode_fields(headers);
    let pairs: Vec<(&str, &[u8])> = fields.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let parts = RequestParts {
        method,
        target,
        version: Version::Http11,
        headers: &pairs,
        has_body,
    };
    encode_outcome(&crate::negotiate_parts(&parts, &decode_policy(policy)))
}

/// `verifyResponse` of a response head given as a string. `offer` is `key NUL protocols NUL
/// extensions` (protocols separated by US, extensions ABSENT when not offered); the result as
/// on [`encode_verification`].
#[wasm_bindgen(js_name = verifyText)]
pub fn verify_text(input: &str, offer: &str) -> String {
    encode_verification(&crate::verify_response(
        input.as_bytes(),
        &decode_offer(offer),
    ))
}

/// `verifyResponse` of a response head given as bytes.
#[wasm_bindgen(js_name = verifyBytes)]
pub fn verify_bytes(input: &[u8], offer: &str) -> String {
    encode_verification(&crate::verify_response(input, &decode_offer(offer)))
}

/// `verifyResponse` of a Fetch `Response`: its status and `name NUL value ...` headers.
#[wasm_bindgen(js_name = verifyParts)]
pub fn verify_parts(status: u16, headers: &str, offer: &str) -> String {
    let fields = decode_fields(headers);
    let pairs: Vec<(&str, &[u8])> = fields.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    encode_verification(&crate::verify_response_parts(
        status,
        &pairs,
        &decode_offer(offer),
    ))
}

/// `createRequest`. `options` is `url NUL protocols NUL extensions NUL origin NUL key`
/// (protocols separated by US; extensions and origin ABSENT when not given; key in base64).
/// Returns `"ok" NUL key NUL request NUL n NUL (name NUL value){n}`, or
/// `"error" NUL id NUL description` for a value that cannot go on the wire.
#[wasm_bindgen(js_name = createRequest)]
pub fn create_request(options: &str) -> String {
    let mut f = options.split(FIELD);
    let url = f.next().unwrap_or_default();
    let protocols = list(f.next().unwrap_or_default());
    let extensions = optional(f.next());
    let origin = optional(f.next());
    let Some(key) = decode_key(f.next().unwrap_or_default()) else {
        let mut out = Out::new();
        out.put("error");
        out.put("key");
        out.put("the key must be the base64 encoding of exactly 16 bytes");
        return out.done();
    };
    let protocols: Vec<&str> = protocols.iter().map(String::as_str).collect();
    let opts = RequestOptions {
        url,
        protocols: &protocols,
        extensions,
        origin,
        key,
    };
    let mut out = Out::new();
    match crate::create_request(&opts) {
        Ok(req) => {
            out.put("ok");
            out.put(&req.key);
            out.put(&req.request);
            out.count(req.headers.len());
            for (name, value) in &req.headers {
                out.put(name);
                out.put(value);
            }
        }
        Err(e) => {
            out.put("error");
            out.put(e.as_str());
            out.put(e.description());
        }
    }
    out.done()
}

// ---- JS -> Rust ------------------------------------------------------------------------------

/// The policy, encoded by `api.js` as seven fields separated by NUL:
/// `upgrades` (items separated by US, or ABSENT for the default), `protocols`, `origins`,
/// `permessageDeflate` (empty = off, else `snct,cnct,smwb,cmwb` with 0/1 flags and window bits
/// or empty), flags (bit 0 requireTls, bit 1 edge, bit 2 trail off, bit 3 requireUpgrade), `maxHeadBytes`,
/// `maxHeaders` (empty = default). The empty string is `Policy::default()`.
fn decode_policy(s: &str) -> Policy {
    let mut policy = Policy::default();
    if s.is_empty() {
        return policy;
    }
    let mut f = s.split(FIELD);
    if let Some(upgrades) = optional(f.next()) {
        policy.upgrades = list(upgrades);
    }
    policy.protocols = list(f.next().unwrap_or_default());
    policy.origins = list(f.next().unwrap_or_default());
    policy.permessage_deflate = decode_deflate(f.next().unwrap_or_default());
    let flags: u32 = f.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    policy.require_tls = flags & 1 != 0;
    policy.edge = flags & 2 != 0;
    policy.trail = flags & 4 == 0;
    policy.require_upgrade = flags & 8 != 0;
    if let Some(n) = f.next().and_then(|v| v.parse().ok()) {
        policy.max_head_bytes = n;
    }
    if let Some(n) = f.next().and_then(|v| v.parse().ok()) {
        policy.max_headers = n;
    }
    policy
}

fn decode_deflate(s: &str) -> Option<DeflatePolicy> {
    if s.is_empty() {
        return None;
    }
    let mut f = s.split(',');
    let flag = |v: Option<&str>| v == Some("1");
    let bits = |v: Option<&str>| v.and_then(|v| v.parse::<u8>().ok());
    Some(DeflatePolicy {
        server_no_context_takeover: flag(f.next()),
        client_no_context_takeover: flag(f.next()),
        server_max_window_bits: bits(f.next()),
        client_max_window_bits: bits(f.next()),
    })
}

/// The client's offer: `key NUL protocols NUL extensions`.
fn decode_offer(s: &str) -> ClientOffer {
    let mut f = s.split(FIELD);
    let key = f.next().unwrap_or_default();
    let protocols = list(f.next().unwrap_or_default());
    let extensions = optional(f.next());
    ClientOffer {
        key: key.into(),
        protocols,
        extensions: extensions.map(String::from),
    }
}

fn optional(v: Option<&str>) -> Option<&str> {
    v.filter(|v| *v != ABSENT)
}

/// Items separated by US; the empty string is the empty list.
fn list(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split(ITEM).map(String::from).collect()
    }
}

/// `name NUL value NUL ...` with each value's code points (all <= U+00FF in a Fetch ByteString)
/// turned back into bytes; anything above U+00FF becomes DEL, which no field value may hold.
fn decode_fields(s: &str) -> Vec<(&str, Cow<'_, [u8]>)> {
    let mut out = Vec::new();
    if s.is_empty() {
        return out;
    }
    let mut f = s.split(FIELD);
    while let (Some(name), Some(value)) = (f.next(), f.next()) {
        let bytes = if value.is_ascii() {
            Cow::Borrowed(value.as_bytes())
        } else {
            Cow::Owned(
                value
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(0x7f))
                    .collect(),
            )
        };
        out.push((name, bytes));
    }
    out
}

fn decode_key(s: &str) -> Option<[u8; 16]> {
    crate::base64::decode_key(s.as_bytes())
}

// ---- Rust -> JS ------------------------------------------------------------------------------

/// Stands for `§` in the output (Rust -> JS): every section and most bodies hold one.
const SECTION: char = '\x01';

/// Starts a check sent as text rather than by the places of its static strings (see
/// [`Out::checks`] and [`places`], whose digits are `0x30..=0x6f`).
const TEXT: char = '\x02';

/// The length of [`places`]: for each string, its address in 6 digits and its length in 3.
const PLACES: usize = 4 * 9;

/// Where four `'static` strings lie in the module's static data: for each, its address and its
/// length as base-64 digits (6 bits each, most significant first, written as `'0' + value`, so
/// `0x30..=0x6f`). `None` when one holds a NUL or SECTION (it would not read as through
/// [`Out::push`]) or is 2^18 bytes or longer.
fn places(strings: [&'static str; 4]) -> Option<[u8; PLACES]> {
    let mut out = [0u8; PLACES];
    let mut digits = out.iter_mut();
    for s in strings {
        if s.len() >= 1 << 18 || s.bytes().any(|b| b < 0x02) {
            return None;
        }
        let ptr = u64::try_from(s.as_ptr() as usize).ok()?;
        let len = u64::try_from(s.len()).ok()?;
        for (n, count) in [(ptr, 6u32), (len, 3)] {
            for k in (0..count).rev() {
                // Six bits: below 64, so the cast cannot truncate.
                let d = b'0' + ((n >> (6 * k)) & 63) as u8;
                *digits.next()? = d;
            }
        }
    }
    Some(out)
}

/// Whether `b` goes out as it is: ASCII other than NUL and SECTION.
fn plain(b: u8) -> bool {
    (0x02..0x80).contains(&b)
}

/// Fields separated by NUL. `§` goes out as SECTION, which `api.js` turns back: the core's
/// strings are ASCII but for `§`, and an all-ASCII answer crosses faster (Node's TextDecoder
/// takes a slower path for any non-ASCII byte). A NUL or SECTION inside a value (which no valid
/// head, response or core message holds) becomes U+FFFD, so it cannot shift the fields.
struct Out {
    buf: String,
}

impl Out {
    fn new() -> Out {
        Out {
            buf: String::with_capacity(512),
        }
    }

    fn push(&mut self, s: &str) {
        let mut rest = s;
        while let Some(i) = rest.bytes().position(|b| !plain(b)) {
            // Plain bytes are ASCII, so `i` is a character boundary.
            self.buf.push_str(rest.get(..i).unwrap_or_default());
            let mut chars = rest.get(i..).unwrap_or_default().chars();
            match chars.next() {
                Some('\u{a7}') => self.buf.push(SECTION),
                Some(c) if c.is_ascii() => self.buf.push('\u{fffd}'),
                Some(c) => self.buf.push(c),
                None => {}
            }
            rest = chars.as_str();
        }
        self.buf.push_str(rest);
    }

    fn put(&mut self, s: &str) {
        self.push(s);
        self.buf.push(FIELD);
    }

    fn opt(&mut self, s: Option<&str>) {
        self.put(s.unwrap_or_default());
    }

    fn count(&mut self, n: usize) {
        push_decimal(&mut self.buf, n);
        self.buf.push(FIELD);
    }

    fn response(&mut self, r: &Response) {
        let start = self.buf.len();
        r.append_to(&mut self.buf);
        if !self
            .buf
            .as_bytes()
            .get(start..)
            .unwrap_or_default()
            .iter()
            .all(|&b| plain(b))
        {
            let raw = self.buf.split_off(start);
            self.push(&raw);
        }
        self.buf.push(FIELD);
    }

    fn error(&mut self, e: Option<&Failure>) {
        match e {
            Some(e) => {
                self.put(e.code.as_str());
                self.put(e.code.section());
                self.put(&e.message);
                self.opt(e.header);
            }
            None => {
                for _ in 0..4 {
                    self.buf.push(FIELD);
                }
            }
        }
    }

    /// Each check as one field, `places result`: `places` is [`places`] of its id, section,
    /// header (empty when absent) and message when all four are static, which `api.js` decodes
    /// once from the wasm memory and then takes from its cache (measured in Node 20 on the
    /// RFC 6455 §1.3 request, trail on: 11.7 µs with every check as text, 10.7 µs so).
    /// Otherwise (an owned message, a string holding NUL or SECTION, which [`Out::push`] would
    /// replace, or one too long to place) as TEXT followed by the five fields `id, result,
    /// section, header, message`.
    fn checks(&mut self, checks: &[Check]) {
        self.count(checks.len());
        for c in checks {
            let header = c.header.unwrap_or_default();
            let placed = match &c.message {
                Cow::Borrowed(m) => places([c.id, c.section, header, m]),
                Cow::Owned(_) => None,
            };
            match placed.as_ref().and_then(|p| core::str::from_utf8(p).ok()) {
                Some(key) => {
                    self.buf.push_str(key);
                    self.put(c.result.as_str());
                }
                None => {
                    self.buf.push(TEXT);
                    self.put(c.id);
                    self.put(c.result.as_str());
                    self.put(c.section);
                    self.opt(c.header);
                    self.put(&c.message);
                }
            }
        }
    }

    fn done(self) -> String {
        self.buf
    }
}

/// `kind, status, protocol, subprotocol, extensions, body, response, error code, error section,
/// error message, error header, n, (name, value){n}, m, (setting name, value){m}, k, (check){k}`,
/// each followed by NUL; an empty field is absent (the body is present exactly when the kind is
/// "reject"). The checks are as on [`Out::checks`], one or five fields each.
fn encode_outcome(o: &Outcome) -> String {
    let mut out = Out::new();
    out.put(o.kind());
    match o.status() {
        Some(s) => out.count(usize::from(s)),
        None => out.put(""),
    }
    let switch = o.switch();
    out.opt(switch.map(|s| s.protocol.as_str()));
    out.opt(switch.and_then(|s| s.subprotocol.as_deref()));
    out.opt(switch.and_then(|s| s.extensions.as_deref()));
    let response = o.response();
    match (&o.decision, response) {
        (Decision::Reject(_), Some(r)) => out.put(r.body()),
        _ => out.put(""),
    }
    match response {
        Some(r) => out.response(r),
        None => out.put(""),
    }
    out.error(o.error());
    match (&o.decision, response) {
        (Decision::Pass(p), _) => {
            out.count(p.headers.len());
            for (name, value) in &p.headers {
                out.put(name);
                out.put(value);
            }
        }
        (_, Some(r)) => {
            out.count(r.headers().len());
            for (name, value) in r.headers() {
                out.put(name);
                out.put(value);
            }
        }
        _ => out.count(0),
    }
    settings(&mut out, switch.and_then(|s| s.settings.as_ref()));
    out.checks(&o.checks);
    out.done()
}

/// The SETTINGS keyed by their registered names; unknown identifiers are left out, as
/// RFC 7540 §6.5.2 says a receiver ignores them.
fn settings(out: &mut Out, settings: Option<&Settings>) {
    let Some(settings) = settings else {
        out.put("");
        return;
    };
    let named = || {
        settings
            .entries
            .iter()
            .filter_map(|&(id, value)| Settings::name(id).map(|name| (name, value)))
    };
    out.count(named().count());
    for (name, value) in named() {
        out.put(name);
        push_decimal(&mut out.buf, value as usize);
        out.buf.push(FIELD);
    }
}

/// `ok (1/0), incomplete (1/0), protocol, extensions, versions (comma-separated), error code,
/// error section, error message, error header, k, (check){k}`, each check as on [`Out::checks`].
fn encode_verification(v: &Verification) -> String {
    let mut out = Out::new();
    out.put(if v.ok { "1" } else { "0" });
    out.put(if v.incomplete { "1" } else { "0" });
    out.opt(v.protocol.as_deref());
    out.opt(v.extensions.as_deref());
    for (i, version) in v.versions.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        out.buf.push_str(sep);
        push_decimal(&mut out.buf, usize::from(*version));
    }
    out.buf.push(FIELD);
    out.error(v.error.as_ref());
    out.checks(&v.checks);
    out.done()
}
