//! The npm package's binding: JavaScript values in, the objects of `pkg/index.d.ts` out, through
//! serde-wasm-bindgen; every decision is the core's. A wrong type is a `TypeError`, an
//! out-of-range number a `RangeError`, each naming the option and what it got (serde's own
//! wording never reaches the caller). Fetch objects are read structurally, so that one from
//! another realm works too.

use js_sys::{Array, JsString, Number, Object, RangeError, Reflect, TypeError, Uint8Array};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_path_to_error::Segment;
use serde_wasm_bindgen::{preserve, Serializer};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Headers, ResponseInit};

use crate::{ClientOffer, Decision, DeflatePolicy, Outcome, Policy};
use crate::{RequestOptions, RequestParts, Version};

type Result<T> = core::result::Result<T, JsValue>;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = crypto)]
    static CRYPTO: web_sys::Crypto;

    /// A Fetch `Headers`, or anything with its `forEach`.
    #[wasm_bindgen(extends = Headers)]
    type FieldList;
    #[wasm_bindgen(method, structural, js_name = forEach)]
    fn for_each(this: &FieldList, f: &mut dyn FnMut(JsString, JsString));
}

/// `null`, `an array` or the `typeof` of a value, for misuse messages.
fn describe(v: &JsValue) -> String {
    match v {
        v if v.is_null() => "null".into(),
        v if Array::is_array(v) => "an array".into(),
        v => v.js_typeof().as_string().unwrap_or_default(),
    }
}

fn type_error(name: &str, expected: &str, got: &JsValue) -> JsValue {
    TypeError::new(&format!("{name} must be {expected}, got {}", describe(got))).into()
}

/// `n` when it is a whole number in `range`, else a RangeError naming the option.
fn whole(n: f64, name: &str, range: std::ops::RangeInclusive<f64>, what: &str) -> Result<f64> {
    if n.fract() == 0.0 && range.contains(&n) {
        return Ok(n);
    }
    let got = Number::from(n).to_string_with_radix(10).map(String::from);
    let message = format!("{name} must be {what}, got {}", got.unwrap_or_default());
    Err(RangeError::new(&message).into())
}

/// What an option of this name must be.
fn expected(field: &str) -> &'static str {
    match field {
        "upgrades" | "protocols" | "origins" => "an array of strings",
        "permessageDeflate" => "a boolean or an object",
        "maxHeadBytes" | "maxHeaders" | "serverMaxWindowBits" | "clientMaxWindowBits" => "a number",
        "url" | "extensions" | "origin" | "key" => "a string",
        _ => "a boolean",
    }
}

/// Reads the object `value`, called `name` in messages (`undefined` and `null` are the defaults
/// where `optional`). A wrong type is a TypeError naming the value where serde stopped, found
/// again along its path; a field holding `null`, which serde would take for absent, is one too.
fn read<T: DeserializeOwned + Default>(
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
        let [field, v] = [0, 1].map(|i| entry.unchecked_ref::<Array>().get(i));
        if v.is_null() {
            let field = field.as_string().unwrap_or_default();
            return Err(type_error(&format!("{name}.{field}"), expected(&field), &v));
        }
    }
    let de = serde_wasm_bindgen::Deserializer::from(value.clone());
    serde_path_to_error::deserialize(de).map_err(|e| {
        let (mut path, mut got, mut what) = (String::from(name), value.clone(), "");
        for segment in e.path().iter() {
            let (key, step, is): (JsValue, _, _) = match segment {
                Segment::Seq { index } => {
                    ((*index as u32).into(), format!("[{index}]"), "a string")
                }
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    (key.into(), format!(".{key}"), expected(key))
                }
                Segment::Unknown => continue,
            };
            (what, got) = (is, Reflect::get(&got, &key).unwrap_or_default());
            path.push_str(&step);
        }
        type_error(&path, what, &got)
    })
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PolicyOptions {
    upgrades: Option<Vec<String>>,
    protocols: Option<Vec<String>>,
    origins: Option<Vec<String>>,
    hosts: Option<Vec<String>>,
    #[serde(default, with = "preserve")]
    permessage_deflate: JsValue,
    require_tls: Option<bool>,
    require_upgrade: Option<bool>,
    edge: Option<bool>,
    lenient_line_ends: Option<bool>,
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
    if value.is_undefined() || value.as_bool().is_some() {
        return Ok(value.is_truthy().then(DeflatePolicy::default));
    }
    let d: DeflateOptions = read(value, NAME, expected("permessageDeflate"), false)?;
    let bits = |n: Option<f64>, field: &str| -> Result<Option<u8>> {
        let name = format!("{NAME}.{field}");
        let n = n.map(|n| whole(n, &name, 8.0..=15.0, "an integer from 8 to 15"));
        Ok(n.transpose()?.map(|n| n as u8))
    };
    Ok(Some(DeflatePolicy {
        server_no_context_takeover: d.server_no_context_takeover.unwrap_or(false),
        client_no_context_takeover: d.client_no_context_takeover.unwrap_or(false),
        server_max_window_bits: bits(d.server_max_window_bits, "serverMaxWindowBits")?,
        client_max_window_bits: bits(d.client_max_window_bits, "clientMaxWindowBits")?,
    }))
}

/// A limit: a positive whole number, capped at `u32::MAX`.
fn limit(n: Option<f64>, field: &str, default: usize) -> Result<usize> {
    let Some(n) = n else { return Ok(default) };
    let n = whole(
        n,
        &format!("options.{field}"),
        1.0..=f64::MAX,
        "a positive integer",
    )?;
    Ok(n.min(f64::from(u32::MAX)) as usize)
}

/// One policy, converted once (`api.js` keeps one per options object).
#[wasm_bindgen]
pub struct Negotiator {
    policy: Policy,
}

#[wasm_bindgen]
impl Negotiator {
    /// Converts `options`, a `Policy` of `index.d.ts` or undefined.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<Negotiator> {
        let o: PolicyOptions = read(options, "options", "an object", true)?;
        let default = Policy::default();
        let policy = Policy {
            upgrades: o.upgrades.unwrap_or(default.upgrades),
            protocols: o.protocols.unwrap_or_default(),
            origins: o.origins.unwrap_or_default(),
            hosts: o.hosts.unwrap_or_default(),
            permessage_deflate: deflate(&o.permessage_deflate)?,
            require_tls: o.require_tls.unwrap_or(false),
            require_upgrade: o.require_upgrade.unwrap_or(false),
            edge: o.edge.unwrap_or(false),
            lenient_line_ends: o.lenient_line_ends.unwrap_or(false),
            max_head_bytes: limit(o.max_head_bytes, "maxHeadBytes", default.max_head_bytes)?,
            max_headers: limit(o.max_headers, "maxHeaders", default.max_headers)?,
            trail: o.trail == Some(true),
        };
        Ok(Negotiator { policy })
    }

    /// The most bytes of an input read: a head does not go on past them.
    #[wasm_bindgen(getter, js_name = maxHeadBytes)]
    pub fn max_head_bytes(&self) -> usize {
        self.policy.max_head_bytes
    }

    /// `negotiate(input)`; `checks` is left out when the trail is off.
    pub fn negotiate(&self, input: &JsValue) -> Result<JsValue> {
        to_js(&negotiate(input, "input", &self.policy)?)
    }

    /// The checks trail of `input`, for an outcome's lazy `checks`.
    pub fn checks(&self, input: &JsValue) -> Result<JsValue> {
        let traced = Policy {
            trail: true,
            ..self.policy.clone()
        };
        to_js(&negotiate(input, "input", &traced)?.checks)
    }

    /// `negotiateFetch(request)`: the outcome and what a Fetch server answers with.
    #[wasm_bindgen(js_name = negotiateFetch)]
    pub fn negotiate_fetch(&self, request: &JsValue) -> Result<JsValue> {
        let outcome = negotiate_request(request, "request", "a Request", &self.policy)?;
        let (mut protocol, mut headers, mut response) = (None, JsValue::NULL, JsValue::NULL);
        match &outcome.decision {
            Decision::Switch(s) => {
                // The runtime writes these itself when a Response carries a webSocket.
                let runtime = ["upgrade", "connection", "sec-websocket-accept"];
                let own =
                    |(n, _): &(&str, &str)| !runtime.iter().any(|f| n.eq_ignore_ascii_case(f));
                headers = fetch_headers(s.response.headers().filter(own))?.into();
                protocol = Some(s.protocol.as_str());
            }
            Decision::Reject(r) => {
                let init = ResponseInit::new();
                init.set_status(r.response.status());
                init.set_headers(&fetch_headers(r.response.headers())?.into());
                let body = Some(r.response.body());
                response = web_sys::Response::new_with_opt_str_and_init(body, &init)?.into();
            }
            _ => {}
        }
        let o = &outcome;
        to_js(&FetchOut {
            kind: o.kind(),
            outcome: o,
            protocol,
            headers,
            response,
        })
    }
}

fn fetch_headers<'a>(fields: impl Iterator<Item = (&'a str, &'a str)>) -> Result<Headers> {
    let headers = Headers::new()?;
    for (name, value) in fields {
        headers.append(name, value)?;
    }
    Ok(headers)
}

/// The core's outcome for `input` (a string, a Uint8Array or a Request, called `name`).
fn negotiate(input: &JsValue, name: &str, policy: &Policy) -> Result<Outcome> {
    match bytes_from(input, policy.max_head_bytes) {
        Some(bytes) => Ok(crate::negotiate(&bytes, policy)),
        None => negotiate_request(input, name, "a string, a Uint8Array or a Request", policy),
    }
}

/// The core's outcome for a Fetch `Request`; anything else is a TypeError (`name` must be `what`).
fn negotiate_request(input: &JsValue, name: &str, what: &str, policy: &Policy) -> Result<Outcome> {
    if !is_request(input) {
        return Err(type_error(name, what, input));
    }
    let request: &web_sys::Request = input.unchecked_ref();
    let fields = fields_of(&request.headers());
    let host = fields.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"));
    let (method, target) = (&request.method(), &target(&request.url(), host));
    let (headers, version) = (&borrowed(&fields), Version::Http11);
    let has_body = !property(input, "body").is_null_or_undefined();
    let parts = RequestParts {
        method,
        target,
        version,
        headers,
        has_body,
    };
    Ok(crate::negotiate_parts(&parts, policy))
}

fn borrowed(fields: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect()
}

/// A string's UTF-8 or a Uint8Array's bytes, the first `limit` only (the core reads no further).
/// A string is cut one code unit later: each unit is at least one UTF-8 byte, so its first
/// `limit` bytes stay the same and more still follow.
fn bytes_from(input: &JsValue, limit: usize) -> Option<Vec<u8>> {
    let cut = u32::try_from(limit).unwrap_or(u32::MAX);
    if let Some(s) = input.dyn_ref::<JsString>() {
        return Some(String::from(s.slice(0, cut.saturating_add(1))).into_bytes());
    }
    let b = input.dyn_ref::<Uint8Array>()?;
    Some(b.subarray(0, cut).to_vec())
}

fn property(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or_default()
}

fn is_field_list(v: &JsValue) -> bool {
    v.is_object() && property(v, "forEach").is_function()
}

fn is_request(v: &JsValue) -> bool {
    v.is_object()
        && property(v, "method").is_string()
        && property(v, "url").is_string()
        && is_field_list(&property(v, "headers"))
}

/// A Fetch header list as names and value bytes: a ByteString's code points are its bytes, and
/// one above U+00FF (so not a ByteString) becomes DEL, which no field value may hold.
fn fields_of(headers: &JsValue) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let latin1 = |s: String| s.chars().map(|c| u8::try_from(c).unwrap_or(0x7f)).collect();
    let list: &FieldList = headers.unchecked_ref();
    list.for_each(&mut |value, name| out.push((name.into(), latin1(value.into()))));
    out
}

/// The request-target: origin-form (path and query) when the request carries Host, else the
/// absolute URL, whose authority stands for Host (RFC 9112 §3.2.2).
fn target(url: &str, has_host: bool) -> String {
    let authority = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(authority..).unwrap_or_default();
    match (rest.find('/'), rest.find('?')) {
        _ if !has_host => url.into(),
        (Some(path), _) => rest.get(path..).unwrap_or("/").into(),
        (None, Some(query)) => format!("/{}", rest.get(query..).unwrap_or_default()),
        (None, None) => "/".into(),
    }
}

#[derive(Deserialize, Default)]
struct OfferOptions {
    key: Option<String>,
    protocols: Option<Vec<String>>,
    extensions: Option<String>,
}

/// A Fetch `Response`'s status and header list, if it is one.
fn response_parts(input: &JsValue) -> Option<(f64, JsValue)> {
    let headers = property(input, "headers");
    let status = property(input, "status")
        .as_f64()
        .filter(|_| is_field_list(&headers))?;
    Some((status, headers))
}

/// `verifyResponse(input, offer)`: the client's verdict on a server's answer.
#[wasm_bindgen(js_name = verifyResponse)]
pub fn verify_response(input: &JsValue, offer: &JsValue) -> Result<JsValue> {
    let o: OfferOptions = read(offer, "offer", "an object", false)?;
    let (key, protocols) = (
        required(o.key, "offer.key")?,
        o.protocols.unwrap_or_default(),
    );
    let offer = ClientOffer {
        key,
        protocols,
        extensions: o.extensions,
    };
    let v = if let Some(bytes) = bytes_from(input, usize::MAX) {
        crate::verify_response(&bytes, &offer)
    } else if let Some((n, headers)) = response_parts(input) {
        const STATUS: &str = "an integer from 0 to 999";
        let status = whole(n, "response.status", 0.0..=999.0, STATUS)?;
        crate::verify_response_parts(status as u16, &borrowed(&fields_of(&headers)), &offer)
    } else {
        const INPUT: &str = "a string, a Uint8Array or a Response";
        return Err(type_error("input", INPUT, input));
    };
    to_js(&v)
}

#[derive(Deserialize, Default)]
struct RequestOptionsIn {
    url: Option<String>,
    protocols: Option<Vec<String>>,
    extensions: Option<String>,
    origin: Option<String>,
    key: Option<String>,
}

/// A required string option.
fn required(v: Option<String>, name: &str) -> Result<String> {
    v.ok_or_else(|| type_error(name, "a string", &JsValue::UNDEFINED))
}

/// A TypeError from `createRequest` whose `code` names the problem.
fn build_error(code: &str, sentence: &str) -> JsValue {
    let error = TypeError::new(&format!("createRequest: {sentence} ({code})"));
    // Setting a property of a fresh, extensible object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// `createRequest(options)`: a client's opening handshake.
#[wasm_bindgen(js_name = createRequest)]
pub fn create_request(options: &JsValue) -> Result<JsValue> {
    let o: RequestOptionsIn = read(options, "options", "an object", false)?;
    let url = required(o.url, "options.url")?;
    const KEY: &str = "the key must be the base64 encoding of exactly 16 bytes";
    let key = match o.key.map(|k| crate::websocket::decode_key(k.as_bytes())) {
        None => random_key()?,
        Some(key) => key.ok_or_else(|| build_error("key", KEY))?,
    };
    let protocols: Vec<&str> = o.protocols.iter().flatten().map(String::as_str).collect();
    let (extensions, origin) = (o.extensions.as_deref(), o.origin.as_deref());
    let (url, protocols) = (&url, &protocols);
    let r = crate::create_request(&RequestOptions {
        url,
        protocols,
        extensions,
        origin,
        key,
    });
    to_js(&r.map_err(|e| build_error(e.as_str(), e.description()))?)
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
    let key = key
        .as_string()
        .ok_or_else(|| type_error("key", "a string", key))?;
    Ok(crate::accept_key(&key))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    // Plain objects for maps, and null for a `None` that is not skipped (an outcome's status).
    Ok(value.serialize(&Serializer::json_compatible())?)
}

#[derive(Serialize)]
struct FetchOut<'a> {
    kind: &'static str,
    outcome: &'a Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'a str>,
    #[serde(with = "preserve", skip_serializing_if = "JsValue::is_null")]
    headers: JsValue,
    #[serde(with = "preserve", skip_serializing_if = "JsValue::is_null")]
    response: JsValue,
}
