//! The wasm-bindgen binding: converts between JavaScript values and the core, nothing more.
//!
//! Every export takes and returns numbers only. `api.js` writes a call's arguments into one
//! input buffer in the module's memory ([`reserve`] gives its address), calls the export with
//! their lengths, and reads the answer from the output buffers ([`answer`]): the text of its
//! fields back to back and the length of each, in the fixed order documented on each export,
//! which it turns into the objects of `index.d.ts`. The buffers live as long as the instance
//! and keep their capacity, so a call allocates nothing for its arguments or its answer, and the
//! policy is decoded once and kept until `api.js` sends a different one ([`set_policy`]).
//!
//! Measured in one Node 20 process on the RFC 6455 §1.3 request (`negotiate` without the
//! trail, string in, `response` out): wasm-bindgen string arguments and a NUL-separated answer
//! string took 6.4 µs a call; these buffers and length-delimited fields take 4.0 µs, of which
//! the core's own work is 2.7 µs. (The first layout measured serde-wasm-bindgen and
//! `Reflect::set` objects slower than the NUL-separated string.)
//!
//! No unwrap, no expect, no indexing: every number is parsed with a fallback, so bad input is an
//! outcome of the core, never a trap; wrong argument *types* are caught in `api.js`.

use crate::response::push_decimal;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::UnsafeCell;

use wasm_bindgen::prelude::*;

use crate::check::Entry;
use crate::{
    ClientOffer, Decision, DeflatePolicy, Failure, Outcome, Policy, RequestOptions, RequestParts,
    Response, Settings, Verification, Version,
};

/// Separates the fields of an encoded value (JS -> Rust).
const FIELD: u8 = 0;
/// Separates the items of an encoded list (JS -> Rust).
const ITEM: u8 = 0x1f;
/// Marks an absent optional value (JS -> Rust).
const ABSENT: &str = "\x01";

/// What lives between calls: the two buffers and the policy last sent.
struct State {
    input: Vec<u8>,
    output: String,
    /// The answer's text with `§` as SECTION, when it is not all ASCII (see [`finish`]).
    marked: Vec<u8>,
    lens: Vec<u32>,
    /// Where the last answer lies: the text's address and length in bytes, the lengths' address
    /// and count, and how the text reads (see [`answer`]). At a fixed address, which `api.js`
    /// reads once.
    meta: [u32; 5],
    accept: [u8; crate::ACCEPT_KEY_LEN],
    policy: Option<Policy>,
}

struct Instance(UnsafeCell<State>);

// wasm32-unknown-unknown without the atomics feature runs on one thread, and no export calls
// back into JavaScript, so no two borrows of the state overlap.
unsafe impl Sync for Instance {}

static STATE: Instance = Instance(UnsafeCell::new(State {
    input: Vec::new(),
    output: String::new(),
    marked: Vec::new(),
    lens: Vec::new(),
    meta: [0; 5],
    accept: [0; crate::ACCEPT_KEY_LEN],
    policy: None,
}));

fn state() -> &'static mut State {
    // SAFETY: see `Instance`: one thread, and each export takes the state once.
    unsafe { &mut *STATE.0.get() }
}

/// Bytes `from..to` of the input buffer (what `api.js` wrote there). Free functions over the
/// buffer rather than methods of the state, so that an export can borrow the policy beside them.
fn bytes(input: &[u8], from: usize, to: usize) -> &[u8] {
    input.get(from..to).unwrap_or_default()
}

/// Bytes `from..to` of the input buffer as text (`api.js` writes UTF-8).
fn text(input: &[u8], from: usize, to: usize) -> &str {
    core::str::from_utf8(bytes(input, from, to)).unwrap_or_default()
}

/// Makes the input buffer hold at least `len` bytes and returns its address. Growing it may
/// grow the memory, so `api.js` takes fresh views of the memory after this call.
#[wasm_bindgen]
pub fn reserve(len: usize) -> *mut u8 {
    let input = &mut state().input;
    if input.len() < len {
        input.resize(len, 0);
    }
    input.as_mut_ptr()
}

/// The address of five numbers describing the last answer: its text's address and length in
/// bytes, the address of its fields' lengths (UTF-16 code units, `u32` each), their count, and
/// how the text reads: 0 all ASCII, 1 `§` as SECTION and the rest ASCII, 2 `§` as SECTION in
/// UTF-8 (see [`State::end`]).
/// The address never changes; the numbers are rewritten by every export that answers.
#[wasm_bindgen]
pub fn answer() -> *const u32 {
    state().meta.as_ptr()
}

/// Keeps the policy encoded in the first `len` input bytes (see [`decode_policy`]) for the
/// `negotiate*` calls that follow.
#[wasm_bindgen(js_name = setPolicy)]
pub fn set_policy(len: usize) {
    let s = state();
    let policy = decode_policy(text(&s.input, 0, len));
    s.policy = Some(policy);
}

/// Writes an answer into the output buffers and describes it in `meta`; returns the number of
/// fields. Only the call of `fill` is generic: the rest is one copy for every export.
fn finish(s: &mut State, fill: impl FnOnce(&mut Out<'_>)) -> usize {
    let (mut buf, mut lens) = s.begin();
    fill(&mut Out {
        buf: &mut buf,
        lens: &mut lens,
    });
    s.end(buf, lens)
}

impl State {
    /// The output buffers, emptied, their capacity kept.
    #[inline(never)]
    fn begin(&mut self) -> (String, Vec<u32>) {
        let mut buf = core::mem::take(&mut self.output);
        let mut lens = core::mem::take(&mut self.lens);
        buf.clear();
        lens.clear();
        (buf, lens)
    }

    /// Puts the filled buffers back and describes the answer in `meta`.
    #[inline(never)]
    fn end(&mut self, buf: String, mut lens: Vec<u32>) -> usize {
        // 0: the text as it is, all ASCII; 1: `§` as SECTION, the rest ASCII; 2: `§` as SECTION
        // in UTF-8 text.
        let mut marked = 0;
        if !buf.is_ascii() {
            // Byte lengths to UTF-16 lengths (one unit per UTF-8 sequence, two for a 4-byte one),
            // then `§` as SECTION, one code unit for another, so the lengths hold. The core's
            // strings are ASCII but for `§`, which every section holds, and Node's TextDecoder is
            // several times slower on text that is not all ASCII; `api.js` turns SECTION back when
            // `meta` says so. A SECTION already in the text (no valid head or core message holds
            // one) goes out as U+FFFD.
            let bytes = buf.as_bytes();
            let mut at = 0;
            for len in lens.iter_mut() {
                if *len & NUMBER != 0 {
                    continue;
                }
                let end = at + *len as usize;
                let field = bytes.get(at..end).unwrap_or_default();
                if !field.is_ascii() {
                    *len = field.iter().fold(0, |n, &b| {
                        n + u32::from(b & 0xc0 != 0x80) + u32::from(b >= 0xf0)
                    });
                }
                at = end;
            }
            let out = &mut self.marked;
            out.clear();
            // Whether anything but `§` is beyond ASCII: else `api.js` decodes the text as ASCII.
            let mut utf8 = false;
            let mut rest = bytes;
            while let Some(i) = special(rest) {
                let (run, special) = rest.split_at_checked(i).unwrap_or_default();
                out.extend_from_slice(run);
                let skip = match special {
                    [0xc2, 0xa7, ..] => {
                        out.push(SECTION);
                        2
                    }
                    [SECTION, ..] => {
                        out.extend_from_slice("\u{fffd}".as_bytes());
                        utf8 = true;
                        1
                    }
                    [b, ..] => {
                        out.push(*b);
                        utf8 = true;
                        1
                    }
                    [] => 1,
                };
                rest = special.get(skip..).unwrap_or_default();
            }
            out.extend_from_slice(rest);
            marked = if utf8 { 2 } else { 1 };
        }
        let n = lens.len();
        let address = |p: usize| u32::try_from(p).unwrap_or(0);
        let text = if marked != 0 {
            self.marked.as_slice()
        } else {
            buf.as_bytes()
        };
        self.meta = [
            address(text.as_ptr() as usize),
            address(text.len()),
            address(lens.as_ptr() as usize),
            address(n),
            marked,
        ];
        self.output = buf;
        self.lens = lens;
        n
    }
}

/// `Sec-WebSocket-Accept` (RFC 6455 §4.2.2) for the key in the first `len` input bytes; returns
/// the address of its 28 ASCII characters, which `api.js` reads as they are (no decoding).
#[wasm_bindgen(js_name = acceptKey)]
pub fn accept_key(len: usize) -> *const u8 {
    let s = state();
    let mut accept = [0u8; crate::ACCEPT_KEY_LEN];
    crate::accept_key_into(bytes(&s.input, 0, len), &mut accept);
    s.accept = accept;
    s.accept.as_ptr()
}

/// `negotiate` of the request head in the first `len` input bytes, with the policy kept by
/// [`set_policy`] and the trail on or off as `trail` says; the answer as on [`encode_outcome`].
#[wasm_bindgen]
pub fn negotiate(len: usize, trail: bool) -> usize {
    let s = state();
    // Borrowed in place, never taken out: a trap in the core (memory exhausted) must not leave
    // the instance without the policy `api.js` believes it holds.
    let policy = s.policy.get_or_insert_with(Policy::default);
    policy.trail = trail;
    let (decision, trail) = crate::server::negotiate_trail(bytes(&s.input, 0, len), policy);
    answer_outcome(s, decision, trail)
}

/// Encodes a negotiation's answer (see [`encode_outcome`]) and drops it: one copy of the
/// decision's drop glue for both `negotiate*` exports.
#[inline(never)]
fn answer_outcome(s: &mut State, decision: Decision, trail: crate::check::Trail) -> usize {
    finish(s, |out| encode_outcome(out, decision, &trail.entries))
}

/// `negotiate` of a request parsed by a Fetch runtime: the first `len` input bytes are
/// `method NUL target NUL (name NUL value NUL)*`, values being Fetch ByteStrings (one code
/// point per byte), turned back into those bytes here.
#[wasm_bindgen(js_name = negotiateParts)]
pub fn negotiate_parts(len: usize, has_body: bool, trail: bool) -> usize {
    let s = state();
    let policy = s.policy.get_or_insert_with(Policy::default);
    policy.trail = trail;
    let mut f = split(text(&s.input, 0, len), FIELD);
    let method = f.next().unwrap_or_default();
    let target = f.next().unwrap_or_default();
    let fields = decode_fields(f.rest.unwrap_or_default());
    let pairs: Vec<(&str, &[u8])> = fields.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let parts = RequestParts {
        method,
        target,
        version: Version::Http11,
        headers: &pairs,
        has_body,
    };
    let (decision, trail) = crate::server::negotiate_parts_trail(&parts, policy);
    drop(pairs);
    drop(fields);
    answer_outcome(s, decision, trail)
}

/// `verifyResponse` of the response head in the first `head` input bytes; the offer follows it
/// up to `len` as `key NUL protocols NUL extensions` (protocols separated by US, extensions
/// ABSENT when not offered). The answer as on [`encode_verification`].
#[wasm_bindgen]
pub fn verify(head: usize, len: usize) -> usize {
    let s = state();
    let offer = decode_offer(text(&s.input, head, len));
    let (v, trail) = crate::client::verify_response_trail(bytes(&s.input, 0, head), &offer);
    answer_verification(s, v, trail)
}

/// Encodes a verification's answer (see [`encode_verification`]) and drops it, for both
/// `verify*` exports.
#[inline(never)]
fn answer_verification(s: &mut State, v: Verification, trail: crate::check::Trail) -> usize {
    finish(s, |out| encode_verification(out, &v, &trail.entries))
}

/// `verifyResponse` of a Fetch `Response`: its status, and `(name NUL value NUL)*` in the first
/// `head` input bytes followed by the offer up to `len`.
#[wasm_bindgen(js_name = verifyParts)]
pub fn verify_parts(status: u16, head: usize, len: usize) -> usize {
    let s = state();
    let offer = decode_offer(text(&s.input, head, len));
    let text = text(&s.input, 0, head);
    let fields = decode_fields(text);
    let pairs: Vec<(&str, &[u8])> = fields.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let (v, trail) = crate::client::verify_response_parts_trail(status, &pairs, &offer);
    drop(pairs);
    drop(fields);
    answer_verification(s, v, trail)
}

/// `createRequest` of the options in the first `len` input bytes:
/// `url NUL protocols NUL extensions NUL origin NUL key` (protocols separated by US; extensions
/// and origin ABSENT when not given; key in base64). Answers `"ok", key, request` (`api.js`
/// cuts the fields out of the request text), or `"error"` and a number for a value that cannot
/// go on the wire: 0 for the key, else 1 + the place of the `BuildError` in `BuildError::ALL`
/// (`api.js` holds their ids and sentences, generated from the core by `make pkg`).
#[wasm_bindgen(js_name = createRequest)]
pub fn create_request(len: usize) -> usize {
    let s = state();
    let mut f = split(text(&s.input, 0, len), FIELD);
    let url = f.next().unwrap_or_default();
    let protocols = list(f.next().unwrap_or_default());
    let extensions = optional(f.next());
    let origin = optional(f.next());
    let key = decode_key(f.next().unwrap_or_default());
    let protocols: Vec<&str> = protocols.iter().map(String::as_str).collect();
    let result = key.map(|key| {
        let opts = RequestOptions {
            url,
            protocols: &protocols,
            extensions,
            origin,
            key,
        };
        crate::client::request_text(&opts, None)
    });
    drop(protocols);
    finish(s, |out| match result {
        None => {
            out.put("error");
            out.number(0);
        }
        Some(Ok((key, request))) => {
            out.put("ok");
            out.put(core::str::from_utf8(&key).unwrap_or_default());
            out.put(&request);
        }
        Some(Err(e)) => {
            out.put("error");
            out.number(e as usize + 1);
        }
    })
}

// ---- JS -> Rust ------------------------------------------------------------------------------

/// The policy, encoded by `api.js` as seven fields separated by NUL:
/// `upgrades` (items separated by US, or ABSENT for the default), `protocols`, `origins`,
/// `permessageDeflate` (empty = off, else `snct,cnct,smwb,cmwb` with 0/1 flags and window bits
/// or empty), flags (bit 0 requireTls, bit 1 edge, bit 3 requireUpgrade; the
/// trail is an argument of each `negotiate*` call, not part of the policy), `maxHeadBytes`,
/// `maxHeaders` (empty = default). The empty string is `Policy::default()`.
fn decode_policy(s: &str) -> Policy {
    let mut policy = Policy::default();
    if s.is_empty() {
        return policy;
    }
    let mut f = split(s, FIELD);
    if let Some(upgrades) = optional(f.next()) {
        policy.upgrades = list(upgrades);
    }
    policy.protocols = list(f.next().unwrap_or_default());
    policy.origins = list(f.next().unwrap_or_default());
    policy.permessage_deflate = decode_deflate(f.next().unwrap_or_default());
    let flags = f.next().and_then(number).unwrap_or(0);
    policy.require_tls = flags & 1 != 0;
    policy.edge = flags & 2 != 0;
    policy.require_upgrade = flags & 8 != 0;
    if let Some(n) = f.next().and_then(number) {
        policy.max_head_bytes = n as usize;
    }
    if let Some(n) = f.next().and_then(number) {
        policy.max_headers = n as usize;
    }
    policy
}

fn decode_deflate(s: &str) -> Option<DeflatePolicy> {
    if s.is_empty() {
        return None;
    }
    let mut f = split(s, b',');
    let flag = |v: Option<&str>| v == Some("1");
    let bits = |v: Option<&str>| v.and_then(number).and_then(|n| u8::try_from(n).ok());
    Some(DeflatePolicy {
        server_no_context_takeover: flag(f.next()),
        client_no_context_takeover: flag(f.next()),
        server_max_window_bits: bits(f.next()),
        client_max_window_bits: bits(f.next()),
    })
}

/// The client's offer: `key NUL protocols NUL extensions`.
fn decode_offer(s: &str) -> ClientOffer {
    let mut f = split(s, FIELD);
    let key = f.next().unwrap_or_default();
    let protocols = list(f.next().unwrap_or_default());
    let extensions = optional(f.next());
    ClientOffer {
        key: key.into(),
        protocols,
        extensions: extensions.map(String::from),
    }
}

/// `s` cut at every `sep` (an ASCII byte, so every piece is whole UTF-8), like `str::split`
/// without its pattern machinery (which was 0.7 KB of the module).
fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep }
}

struct Split<'a> {
    /// What is left after the pieces taken so far (`None` once the last one is taken).
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                self.rest = s.get(i + 1..);
                s.get(..i)
            }
            None => self.rest.take(),
        }
    }
}

/// A decimal number that fits in a `u32` (what `api.js` writes), else `None`.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let digit = u32::from(b.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        n.checked_mul(10)?.checked_add(digit)
    })
}

fn optional(v: Option<&str>) -> Option<&str> {
    v.filter(|v| *v != ABSENT)
}

/// Items separated by US; the empty string is the empty list.
fn list(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        split(s, ITEM).map(String::from).collect()
    }
}

/// `name NUL value NUL ...` with each value's code points (all <= U+00FF in a Fetch ByteString)
/// turned back into bytes; anything above U+00FF becomes DEL, which no field value may hold.
fn decode_fields(s: &str) -> Vec<(&str, Cow<'_, [u8]>)> {
    let mut out = Vec::new();
    if s.is_empty() {
        return out;
    }
    let mut f = split(s, FIELD);
    while let (Some(name), Some(value)) = (f.next(), f.next()) {
        let bytes = if value.is_ascii() {
            Cow::Borrowed(value.as_bytes())
        } else {
            Cow::Owned(latin1(value.as_bytes()))
        };
        out.push((name, bytes));
    }
    out
}

/// The code points of UTF-8 text as bytes, one per code point: U+0000..U+00FF as that byte,
/// anything above as DEL. Byte by byte rather than through `chars()`, whose decoder was 0.2 KB
/// of the `.wasm`; `text` is valid UTF-8 (it came through `text()`).
fn latin1(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.iter();
    while let Some(&b) = bytes.next() {
        match b {
            0..=0x7f => out.push(b),
            // U+0080..U+00FF: the lead byte carries the top two bits.
            0xc2 | 0xc3 => {
                let low = bytes.next().copied().unwrap_or(0) & 0x3f;
                out.push(((b & 0x03) << 6) | low);
            }
            // The lead byte of a longer sequence (above U+00FF): one DEL for the code point.
            0xc4..=0xff => out.push(0x7f),
            // The continuation bytes of such a sequence.
            _ => {}
        }
    }
    out
}

fn decode_key(s: &str) -> Option<[u8; 16]> {
    crate::base64::decode_key(s.as_bytes())
}

// ---- Rust -> JS ------------------------------------------------------------------------------

/// Set in a length that is a number sent in place of a field ([`Out::number`]), not the length
/// of a field's text.
const NUMBER: u32 = 1 << 31;

/// Stands for `§` in an answer that is not all ASCII (see [`finish`]).
const SECTION: u8 = 0x01;

/// Where `s` first holds SECTION or a byte that is not ASCII: eight bytes at a time up to the
/// word that holds it (the trail's text is long and mostly ASCII), then byte by byte.
fn special(s: &[u8]) -> Option<usize> {
    let n = crate::head::span(
        s,
        |w| crate::head::byte_or_high(w, SECTION),
        |b| b < 0x80 && b != SECTION,
    );
    (n < s.len()).then_some(n)
}

/// The answer: its fields' text back to back in `buf`, and each field's length in `lens`, in
/// UTF-16 code units (what a JavaScript string's `length` counts). `api.js` decodes the text
/// once and cuts it by those lengths: no separator to search for, and any byte can go in a field.
/// The lengths are recorded in bytes and converted in [`finish`] only when the text is not ASCII.
struct Out<'a> {
    buf: &'a mut String,
    lens: &'a mut Vec<u32>,
}

impl Out<'_> {
    /// Ends the field that started at byte `start` of the text.
    fn end(&mut self, start: usize) {
        let bytes = self.buf.len().saturating_sub(start);
        self.lens.push(u32::try_from(bytes).unwrap_or(u32::MAX));
    }

    fn put(&mut self, s: &str) {
        let start = self.buf.len();
        self.buf.push_str(s);
        self.end(start);
    }

    fn opt(&mut self, s: Option<&str>) {
        self.put(s.unwrap_or_default());
    }

    fn count(&mut self, n: usize) {
        let start = self.buf.len();
        push_decimal(self.buf, n);
        self.end(start);
    }

    /// Appends the serialized response as a field; returns whether it is all ASCII.
    fn response(&mut self, r: &Response) -> bool {
        let start = self.buf.len();
        r.append_to(self.buf);
        self.end(start);
        self.buf
            .as_bytes()
            .get(start..)
            .is_some_and(<[u8]>::is_ascii)
    }

    /// A number in place of a field: no text, the value in the lengths with [`NUMBER`] set.
    fn number(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX) & !NUMBER;
        self.lens.push(n | NUMBER);
    }

    /// The code as a number (see [`Out::number`]): its place in `ErrorCode::ALL` plus one
    /// (`api.js` holds the ids, generated from the core by `make pkg`), then `section, message,
    /// header`; or the number 0 alone when there is no error.
    fn error(&mut self, e: Option<&Failure>) {
        match e {
            Some(e) => {
                self.number(e.code as usize + 1);
                self.put(e.code.section());
                self.put(&e.message);
                self.opt(e.header);
            }
            None => self.number(0),
        }
    }

    /// Their count, then each check as a number (see [`Out::number`]): its step's number plus
    /// one (see `Step`; `api.js` holds the table of their texts, generated from the core by
    /// `make pkg`), or 0 and then its five fields `id, result, section, header, message` (an
    /// empty header is absent). The trail crosses only when asked for: `api.js` reads `checks`
    /// lazily.
    fn checks(&mut self, entries: &[Entry]) {
        self.number(entries.len());
        for e in entries {
            match e {
                Entry::Step(step) => self.number(*step as usize + 1),
                Entry::Text(c) => {
                    self.number(0);
                    self.put(c.id);
                    self.put(c.result.as_str());
                    self.put(c.section);
                    self.opt(c.header);
                    self.put(&c.message);
                }
            }
        }
    }
}

/// `kind, status, protocol, subprotocol, extensions, body, response, error, n, (name, value){n},
/// m, (setting name, value){m}, k, (check){k}`. The kind and the status are numbers (see
/// [`Out::number`]): switch, reject, pass and incomplete are 0 to 3, and no status is 0. Of the
/// text fields, an empty one is absent (the body is present
/// exactly when the kind is "reject"), the error is as on [`Out::error`] and the checks as on
/// [`Out::checks`]. The `n` header fields are sent as text for a pass only (the fields to add to
/// the normal response); for any other kind, `n` is empty and followed by the numbers (see
/// [`Out::number`]) `n, (name length, value length){n}` of the fields in an all-ASCII
/// `response`, or is `-` when the fields are to be found in `response` by their syntax.
#[inline(never)]
fn encode_outcome(out: &mut Out<'_>, decision: Decision, entries: &[Entry]) {
    let o = &Outcome {
        decision,
        checks: Vec::new(),
    };
    // The kind as a number (see KINDS in api.js) and the status as a number, 0 for none.
    out.number(match o.decision {
        Decision::Switch(_) => 0,
        Decision::Reject(_) => 1,
        Decision::Pass(_) => 2,
        Decision::Incomplete => 3,
    });
    out.number(o.status().map_or(0, usize::from));
    let switch = o.switch();
    out.opt(switch.map(|s| s.protocol.as_str()));
    out.opt(switch.and_then(|s| s.subprotocol.as_deref()));
    out.opt(switch.and_then(|s| s.extensions.as_deref()));
    let response = o.response();
    match (&o.decision, response) {
        (Decision::Reject(_), Some(r)) => out.put(r.body()),
        _ => out.put(""),
    }
    let ascii = match response {
        Some(r) => out.response(r),
        None => {
            out.put("");
            false
        }
    };
    out.error(o.error());
    match (&o.decision, response) {
        (Decision::Pass(p), _) => {
            out.count(p.headers.len());
            for (name, value) in &p.headers {
                out.put(name);
                out.put(value);
            }
        }
        // The response's fields are not sent again, only their lengths: `api.js` cuts them out
        // of the serialized response (after the status line, `name: value` CRLF each). The
        // lengths are in bytes, so they are sent only for an all-ASCII response; for another,
        // `api.js` finds the fields itself (names are tokens, values hold no CR or LF).
        (_, Some(r)) if ascii => {
            out.put("");
            out.number(r.headers().len());
            for (name, value) in r.headers() {
                out.number(name.len());
                out.number(value.len());
            }
        }
        _ => out.put("-"),
    }
    settings(out, switch.and_then(|s| s.settings.as_ref()));
    out.checks(entries);
}

/// The SETTINGS keyed by their registered names; unknown identifiers are left out, as
/// RFC 7540 §6.5.2 says a receiver ignores them.
fn settings(out: &mut Out<'_>, settings: Option<&Settings>) {
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
        out.count(value as usize);
    }
}

/// `ok (1/0), incomplete (1/0), protocol, extensions, versions (comma-separated), error, k,
/// (check){k}`, the error as on [`Out::error`] and each check as on [`Out::checks`].
#[inline(never)]
fn encode_verification(out: &mut Out<'_>, v: &Verification, entries: &[Entry]) {
    out.put(if v.ok { "1" } else { "0" });
    out.put(if v.incomplete { "1" } else { "0" });
    out.opt(v.protocol.as_deref());
    out.opt(v.extensions.as_deref());
    let start = out.buf.len();
    for (i, version) in v.versions.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        out.buf.push_str(sep);
        push_decimal(out.buf, usize::from(*version));
    }
    out.end(start);
    out.error(v.error.as_ref());
    out.checks(entries);
}
