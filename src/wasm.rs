//! The npm package's binding (wasm-bindgen): JavaScript values in, the objects of
//! `pkg/index.d.ts` out. It converts and dispatches; every decision is the core's.
//!
//! Options come in through serde-wasm-bindgen. A value of the wrong type is a `TypeError` and an
//! out-of-range number a `RangeError`, each naming the option and what it got; serde's own
//! wording never reaches the caller. Answers go out through serde-wasm-bindgen as plain objects
//! (absent fields left out, `null` where the API says so). `Request`, `Headers` and `Response`
//! are web-sys's, read structurally, so a Request from another realm works too.

use std::borrow::Cow;

use js_sys::{Array, JsString, Number, Object, RangeError, Reflect, TypeError, Uint8Array};
use serde::{Deserialize, Serialize};
use serde_path_to_error::Segment;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Headers, ResponseInit};

use crate::{
    Check, ClientOffer, Decision, DeflatePolicy, Failure, Outcome, Policy, RequestOptions,
    RequestParts, Settings, Verification, Version,
};

type Result<T> = core::result::Result<T, JsValue>;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = crypto)]
    static CRYPTO: web_sys::Crypto;

    /// A Fetch `Headers`, or anything with its `forEach` (a Headers from another realm).
    #[wasm_bindgen(extends = Headers)]
    type FieldList;
    #[wasm_bindgen(method, structural, js_name = forEach)]
    fn for_each(this: &FieldList, f: &mut dyn FnMut(JsString, JsString));
}

// ---- misuse ------------------------------------------------------------------------------------

/// `null`, `an array` or the `typeof` of a value, for misuse messages.
fn describe(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

fn type_error(name: &str, expected: &str, got: &JsValue) -> JsValue {
    TypeError::new(&format!("{name} must be {expected}, got {}", describe(got))).into()
}

fn range_error(name: &str, expected: &str, got: f64) -> JsValue {
    let got = Number::from(got)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    RangeError::new(&format!("{name} must be {expected}, got {got}")).into()
}

/// What an option of this name must be (a list's items are strings).
fn expected(field: &str) -> &'static str {
    match field {
        "upgrades" | "protocols" | "origins" => "an array of strings",
        "permessageDeflate" => "a boolean or an object",
        "maxHeadBytes" | "maxHeaders" | "serverMaxWindowBits" | "clientMaxWindowBits" => "a number",
        "url" | "extensions" | "origin" | "key" => "a string",
        _ => "a boolean",
    }
}

/// Reads the options object `value`, called `name` in messages. `undefined` (and `null` where
/// `optional`) is `T::default()`. A field holding `null`, which serde would read as absent, is
/// refused like any other wrong type.
fn read<T: for<'de> Deserialize<'de> + Default>(
    value: &JsValue,
    name: &str,
    what: &str,
    optional: bool,
) -> Result<T> {
    if optional && (value.is_undefined() || value.is_null()) {
        return Ok(T::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(name, what, value));
    }
    for entry in Object::entries(value.unchecked_ref()) {
        let entry: Array = entry.unchecked_into();
        if entry.get(1).is_null() {
            let field = entry.get(0).as_string().unwrap_or_default();
            return Err(type_error(
                &format!("{name}.{field}"),
                expected(&field),
                &JsValue::NULL,
            ));
        }
    }
    let de = serde_wasm_bindgen::Deserializer::from(value.clone());
    serde_path_to_error::deserialize(de).map_err(|e| {
        // The message names the value where reading stopped, found again along the path.
        let (mut path, mut got, mut field, mut item) =
            (String::from(name), value.clone(), "", false);
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => {
                    path.push_str(&format!("[{index}]"));
                    got = Reflect::get_u32(&got, *index as u32).unwrap_or_default();
                    item = true;
                }
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    path.push('.');
                    path.push_str(key);
                    got = Reflect::get(&got, &JsValue::from_str(key)).unwrap_or_default();
                    (field, item) = (key, false);
                }
                Segment::Unknown => {}
            }
        }
        type_error(&path, if item { "a string" } else { expected(field) }, &got)
    })
}

/// A whole number in `range`, else a RangeError naming the option.
fn whole(n: f64, name: &str, range: core::ops::RangeInclusive<f64>, expected: &str) -> Result<f64> {
    if n.fract() == 0.0 && range.contains(&n) {
        Ok(n)
    } else {
        Err(range_error(name, expected, n))
    }
}

// ---- the policy --------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PolicyOptions {
    upgrades: Option<Vec<String>>,
    protocols: Option<Vec<String>>,
    origins: Option<Vec<String>>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    permessage_deflate: JsValue,
    require_tls: Option<bool>,
    require_upgrade: Option<bool>,
    edge: Option<bool>,
    max_head_bytes: Option<f64>,
    max_headers: Option<f64>,
    trail: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct DeflateOptions {
    server_no_context_takeover: Option<bool>,
    client_no_context_takeover: Option<bool>,
    server_max_window_bits: Option<f64>,
    client_max_window_bits: Option<f64>,
}

fn deflate(value: &JsValue) -> Result<Option<DeflatePolicy>> {
    const NAME: &str = "options.permessageDeflate";
    match value.as_bool() {
        Some(on) => return Ok(on.then(DeflatePolicy::default)),
        None if value.is_undefined() => return Ok(None),
        None => {}
    }
    let d: DeflateOptions = read(value, NAME, expected("permessageDeflate"), false)?;
    let bits = |v: Option<f64>, field: &str| {
        v.map(|n| {
            whole(
                n,
                &format!("{NAME}.{field}"),
                8.0..=15.0,
                "an integer from 8 to 15",
            )
        })
        .transpose()
        .map(|n| n.map(|n| n as u8))
    };
    Ok(Some(DeflatePolicy {
        server_no_context_takeover: d.server_no_context_takeover.unwrap_or(false),
        client_no_context_takeover: d.client_no_context_takeover.unwrap_or(false),
        server_max_window_bits: bits(d.server_max_window_bits, "serverMaxWindowBits")?,
        client_max_window_bits: bits(d.client_max_window_bits, "clientMaxWindowBits")?,
    }))
}

/// One policy, converted once: `api.js` keeps one per options object.
#[wasm_bindgen]
pub struct Negotiator {
    /// The policy with the trail off, and with it on.
    quiet: Policy,
    traced: Policy,
    /// `options.trail`: unset leaves `checks` out of the outcome, for `api.js` to build lazily.
    trail: Option<bool>,
}

#[wasm_bindgen]
impl Negotiator {
    /// Converts `options` (a `Policy` of `index.d.ts`, or undefined).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<Negotiator> {
        let o: PolicyOptions = read(options, "options", "an object", true)?;
        let limit = |v: Option<f64>, name: &str, default: usize| {
            v.map_or(Ok(default), |n| {
                let n = whole(n, name, 1.0..=f64::MAX, "a positive integer")?;
                Ok::<_, JsValue>(n.min(f64::from(u32::MAX)) as usize)
            })
        };
        let default = Policy::default();
        let quiet = Policy {
            upgrades: o.upgrades.unwrap_or(default.upgrades),
            protocols: o.protocols.unwrap_or_default(),
            origins: o.origins.unwrap_or_default(),
            permessage_deflate: deflate(&o.permessage_deflate)?,
            require_tls: o.require_tls.unwrap_or(false),
            require_upgrade: o.require_upgrade.unwrap_or(false),
            edge: o.edge.unwrap_or(false),
            max_head_bytes: limit(
                o.max_head_bytes,
                "options.maxHeadBytes",
                default.max_head_bytes,
            )?,
            max_headers: limit(o.max_headers, "options.maxHeaders", default.max_headers)?,
            trail: false,
        };
        let traced = Policy {
            trail: true,
            ..quiet.clone()
        };
        Ok(Negotiator {
            quiet,
            traced,
            trail: o.trail,
        })
    }

    /// The largest head read: a longer input is cut there (what follows a head is not read).
    #[wasm_bindgen(getter, js_name = maxHeadBytes)]
    pub fn max_head_bytes(&self) -> usize {
        self.quiet.max_head_bytes
    }

    /// `negotiate(input)`; `checks` is left out when `options.trail` is unset.
    pub fn negotiate(&self, input: &JsValue) -> Result<JsValue> {
        let outcome = self.run(input, "input")?;
        to_js(&OutcomeOut::new(&outcome, self.trail.is_some()))
    }

    /// The checks trail of `input`, for an outcome whose `checks` is read lazily.
    pub fn checks(&self, input: &JsValue) -> Result<JsValue> {
        let outcome = self.traced_run(input)?;
        to_js(
            &outcome
                .checks
                .iter()
                .map(CheckOut::from)
                .collect::<Vec<_>>(),
        )
    }

    /// `negotiateFetch(request)`: the outcome and what a Fetch server answers with.
    #[wasm_bindgen(js_name = negotiateFetch)]
    pub fn negotiate_fetch(&self, request: &JsValue) -> Result<JsValue> {
        if !is_request(request) {
            return Err(type_error("request", "a Request", request));
        }
        let outcome = self.run(request, "request")?;
        let mut answer = FetchOut {
            kind: outcome.kind(),
            outcome: OutcomeOut::new(&outcome, self.trail.is_some()),
            protocol: None,
            headers: JsValue::UNDEFINED,
            response: JsValue::UNDEFINED,
        };
        match &outcome.decision {
            Decision::Switch(s) => {
                // The runtime writes these three itself when a Response carries a webSocket.
                let own = |n: &str| {
                    !["upgrade", "connection", "sec-websocket-accept"]
                        .iter()
                        .any(|f| n.eq_ignore_ascii_case(f))
                };
                let fields = s.response.headers().filter(|(n, _)| own(n));
                answer.headers = headers(fields)?.into();
                answer.protocol = Some(&s.protocol);
            }
            Decision::Reject(r) => {
                let init = ResponseInit::new();
                init.set_status(r.response.status());
                init.set_headers(&headers(r.response.headers())?.into());
                let body = Some(r.response.body());
                answer.response = web_sys::Response::new_with_opt_str_and_init(body, &init)?.into();
            }
            _ => {}
        }
        to_js(&answer)
    }
}

impl Negotiator {
    fn policy(&self) -> &Policy {
        if self.trail == Some(true) {
            &self.traced
        } else {
            &self.quiet
        }
    }

    fn run(&self, input: &JsValue, name: &str) -> Result<Outcome> {
        negotiate_with(
            &request_from(input, name, self.quiet.max_head_bytes)?,
            self.policy(),
        )
    }

    fn traced_run(&self, input: &JsValue) -> Result<Outcome> {
        negotiate_with(
            &request_from(input, "input", self.quiet.max_head_bytes)?,
            &self.traced,
        )
    }
}

fn headers<'a>(fields: impl Iterator<Item = (&'a str, &'a str)>) -> Result<Headers> {
    let headers = Headers::new()?;
    for (name, value) in fields {
        headers.append(name, value)?;
    }
    Ok(headers)
}

// ---- requests and responses in -----------------------------------------------------------------

/// A request as the core takes it: head bytes, or the parts of a Fetch `Request`.
enum Request {
    Head(Vec<u8>),
    Parts {
        method: String,
        target: String,
        fields: Vec<(String, Vec<u8>)>,
        has_body: bool,
    },
}

fn negotiate_with(request: &Request, policy: &Policy) -> Result<Outcome> {
    Ok(match request {
        Request::Head(bytes) => crate::negotiate(bytes, policy),
        Request::Parts {
            method,
            target,
            fields,
            has_body,
        } => {
            let headers: Vec<(&str, &[u8])> = fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_slice()))
                .collect();
            let parts = RequestParts {
                method,
                target,
                version: Version::Http11,
                headers: &headers,
                has_body: *has_body,
            };
            crate::negotiate_parts(&parts, policy)
        }
    })
}

/// A string's UTF-8 or a Uint8Array's bytes, the first `limit` only: a head does not go on past
/// them, and the core reads no further. A string is cut one code unit later: each unit is at
/// least one UTF-8 byte, so its first `limit` bytes stay the same and more still follow.
fn bytes_from(input: &JsValue, limit: usize) -> Option<Vec<u8>> {
    let cut = u32::try_from(limit).unwrap_or(u32::MAX);
    if let Some(s) = input.dyn_ref::<JsString>() {
        let s = if s.length() > cut {
            s.slice(0, cut.saturating_add(1))
        } else {
            s.clone()
        };
        return Some(String::from(s).into_bytes());
    }
    let b = input.dyn_ref::<Uint8Array>()?;
    Some(if b.length() > cut {
        b.subarray(0, cut).to_vec()
    } else {
        b.to_vec()
    })
}

fn is_request(v: &JsValue) -> bool {
    let has =
        |key: &str, f: fn(&JsValue) -> bool| Reflect::get(v, &key.into()).is_ok_and(|x| f(&x));
    v.is_object()
        && has("method", JsValue::is_string)
        && has("url", JsValue::is_string)
        && has("headers", is_field_list)
}

fn is_field_list(v: &JsValue) -> bool {
    v.is_object() && Reflect::get(v, &"forEach".into()).is_ok_and(|f| f.is_function())
}

/// A Fetch header list as name and value bytes: a ByteString's code points are its bytes, and
/// one above U+00FF (not a ByteString) becomes DEL, which no field value may hold.
fn fields_of(headers: &FieldList) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    headers.for_each(&mut |value, name| {
        let bytes = String::from(value)
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(0x7f))
            .collect();
        out.push((String::from(name), bytes));
    });
    out
}

fn request_from(input: &JsValue, name: &str, limit: usize) -> Result<Request> {
    if let Some(bytes) = bytes_from(input, limit) {
        return Ok(Request::Head(bytes));
    }
    if !is_request(input) {
        return Err(type_error(
            name,
            "a string, a Uint8Array or a Request",
            input,
        ));
    }
    let request: &web_sys::Request = input.unchecked_ref();
    let fields = fields_of(request.headers().unchecked_ref());
    let has_host = fields.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"));
    let body = Reflect::get(input, &"body".into()).unwrap_or_default();
    Ok(Request::Parts {
        method: request.method(),
        target: target(&request.url(), has_host),
        fields,
        has_body: !body.is_null() && !body.is_undefined(),
    })
}

/// The request-target: origin-form (path and query) when the request carries Host, else the
/// absolute URL, whose authority stands in for Host (RFC 9112 §3.2.2).
fn target(url: &str, has_host: bool) -> String {
    if !has_host {
        return url.into();
    }
    let authority = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(authority..).unwrap_or_default();
    if let Some(path) = rest.find('/').and_then(|i| rest.get(i..)) {
        return path.into();
    }
    rest.find('?')
        .and_then(|i| rest.get(i..))
        .map_or_else(|| "/".into(), |query| format!("/{query}"))
}

#[derive(Deserialize, Default)]
struct OfferOptions {
    key: Option<String>,
    protocols: Option<Vec<String>>,
    extensions: Option<String>,
}

/// `verifyResponse(input, offer)`: the client's verdict on a server's answer.
#[wasm_bindgen(js_name = verifyResponse)]
pub fn verify_response(input: &JsValue, offer: &JsValue) -> Result<JsValue> {
    let o: OfferOptions = read(offer, "offer", "an object", false)?;
    let Some(key) = o.key else {
        return Err(type_error("offer.key", "a string", &JsValue::UNDEFINED));
    };
    let offer = ClientOffer {
        key,
        protocols: o.protocols.unwrap_or_default(),
        extensions: o.extensions,
    };
    let v = if let Some(bytes) = bytes_from(input, usize::MAX) {
        crate::verify_response(&bytes, &offer)
    } else {
        let status = Reflect::get(input, &"status".into()).unwrap_or_default();
        let headers = Reflect::get(input, &"headers".into()).unwrap_or_default();
        let Some(n) = status.as_f64().filter(|_| is_field_list(&headers)) else {
            return Err(type_error(
                "input",
                "a string, a Uint8Array or a Response",
                input,
            ));
        };
        let status = whole(
            n,
            "response.status",
            0.0..=999.0,
            "an integer from 0 to 999",
        )?;
        let fields = fields_of(headers.unchecked_ref());
        let parts: Vec<(&str, &[u8])> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        crate::verify_response_parts(status as u16, &parts, &offer)
    };
    to_js(&VerificationOut::from(&v))
}

// ---- the client's request ------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct RequestOptionsIn {
    url: Option<String>,
    protocols: Option<Vec<String>>,
    extensions: Option<String>,
    origin: Option<String>,
    key: Option<String>,
}

/// A TypeError from `createRequest` whose `code` names the problem.
fn build_error(code: &str, sentence: &str) -> JsValue {
    let error = TypeError::new(&format!("createRequest: {sentence} ({code})"));
    // Setting a property of a fresh error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// `createRequest(options)`: a client's opening handshake.
#[wasm_bindgen(js_name = createRequest)]
pub fn create_request(options: &JsValue) -> Result<JsValue> {
    let o: RequestOptionsIn = read(options, "options", "an object", false)?;
    let Some(url) = o.url else {
        return Err(type_error("options.url", "a string", &JsValue::UNDEFINED));
    };
    let key = match o.key {
        None => random_key()?,
        Some(k) => crate::websocket::decode_key(k.as_bytes()).ok_or_else(|| {
            build_error(
                "key",
                "the key must be the base64 encoding of exactly 16 bytes",
            )
        })?,
    };
    let protocols: Vec<&str> = o.protocols.iter().flatten().map(String::as_str).collect();
    let request = crate::create_request(&RequestOptions {
        url: &url,
        protocols: &protocols,
        extensions: o.extensions.as_deref(),
        origin: o.origin.as_deref(),
        key,
    })
    .map_err(|e| build_error(e.as_str(), e.description()))?;
    to_js(&ClientRequestOut {
        key: &request.key,
        request: &request.request,
        headers: &request.headers,
    })
}

fn random_key() -> Result<[u8; 16]> {
    let mut key = [0u8; 16];
    CRYPTO.with(|c| c.get_random_values_with_u8_array(&mut key))?;
    Ok(key)
}

/// A fresh `Sec-WebSocket-Key` (RFC 6455 §4.1 item 7).
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key() -> Result<String> {
    Ok(crate::websocket::encode_key(&random_key()?))
}

/// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §4.2.2).
#[wasm_bindgen(js_name = acceptKey)]
pub fn accept_key(key: &JsValue) -> Result<String> {
    match key.as_string() {
        Some(key) => Ok(crate::accept_key(&key)),
        None => Err(type_error("key", "a string", key)),
    }
}

// ---- answers out -----------------------------------------------------------------------------------

fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    // Plain objects for maps, null for a `None` that is not skipped (an outcome's status).
    Ok(value.serialize(&Serializer::json_compatible())?)
}

#[derive(Serialize)]
struct OutcomeOut<'a> {
    kind: &'static str,
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'a str>,
    headers: Vec<(&'a str, &'a str)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    response: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subprotocol: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<SettingsOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checks: Option<Vec<CheckOut<'a>>>,
}

impl<'a> OutcomeOut<'a> {
    fn new(o: &'a Outcome, with_checks: bool) -> OutcomeOut<'a> {
        let switch = o.switch();
        let (headers, body) = match &o.decision {
            Decision::Pass(p) => (
                p.headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
                None,
            ),
            Decision::Reject(r) => (r.response.headers().collect(), Some(r.response.body())),
            Decision::Switch(s) => (s.response.headers().collect(), None),
            Decision::Incomplete => (Vec::new(), None),
        };
        let mut response = String::new();
        if let Some(r) = o.response() {
            r.append_to(&mut response);
        }
        OutcomeOut {
            kind: o.kind(),
            status: o.status(),
            protocol: switch.map(|s| s.protocol.as_str()),
            headers,
            body,
            response,
            subprotocol: switch.and_then(|s| s.subprotocol.as_deref()),
            extensions: switch.and_then(|s| s.extensions.as_deref()),
            settings: switch.and_then(|s| s.settings.as_ref()).map(SettingsOut),
            error: o.error().map(ErrorOut::from),
            checks: with_checks.then(|| o.checks.iter().map(CheckOut::from).collect()),
        }
    }
}

/// The SETTINGS keyed by their registered names; unknown identifiers are left out, as
/// RFC 7540 §6.5.2 says a receiver ignores them.
struct SettingsOut<'a>(&'a Settings);

impl Serialize for SettingsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let named = self.0.entries.iter();
        s.collect_map(named.filter_map(|&(id, v)| Settings::name(id).map(|name| (name, v))))
    }
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    code: &'static str,
    section: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<&'static str>,
}

impl<'a> From<&'a Failure> for ErrorOut<'a> {
    fn from(f: &'a Failure) -> ErrorOut<'a> {
        ErrorOut {
            code: f.code.as_str(),
            section: f.code.section(),
            message: &f.message,
            header: f.header,
        }
    }
}

#[derive(Serialize)]
struct CheckOut<'a> {
    id: &'static str,
    result: &'static str,
    section: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<&'static str>,
    message: &'a Cow<'static, str>,
}

impl<'a> From<&'a Check> for CheckOut<'a> {
    fn from(c: &'a Check) -> CheckOut<'a> {
        CheckOut {
            id: c.id,
            result: c.result.as_str(),
            section: c.section,
            header: c.header,
            message: &c.message,
        }
    }
}

#[derive(Serialize)]
struct FetchOut<'a> {
    kind: &'static str,
    outcome: OutcomeOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'a str>,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    headers: JsValue,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    response: JsValue,
}

#[derive(Serialize)]
struct VerificationOut<'a> {
    ok: bool,
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    incomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<&'a str>,
    #[serde(skip_serializing_if = "<[u16]>::is_empty")]
    versions: &'a [u16],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut<'a>>,
    checks: Vec<CheckOut<'a>>,
}

impl<'a> From<&'a Verification> for VerificationOut<'a> {
    fn from(v: &'a Verification) -> VerificationOut<'a> {
        VerificationOut {
            ok: v.ok,
            incomplete: v.incomplete,
            protocol: v.protocol.as_deref(),
            extensions: v.extensions.as_deref(),
            versions: &v.versions,
            error: v.error.as_ref().map(ErrorOut::from),
            checks: v.checks.iter().map(CheckOut::from).collect(),
        }
    }
}

#[derive(Serialize)]
struct ClientRequestOut<'a> {
    key: &'a str,
    request: &'a str,
    headers: &'a [(String, String)],
}
