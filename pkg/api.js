// The JavaScript face of the package: argument checks and conversions only; every decision is
// made by the Rust core in the WebAssembly module.
//
// Each call writes its arguments into the module's input buffer, calls one export with their
// lengths, and reads the answer's fields one by one (bridge.js; the layouts are documented in
// src/wasm.rs), which this module turns into the objects described in index.d.ts.
import * as wasm from "./bridge.js";
import { answer, next, number, usePolicy, view, writeBytes, writeText } from "./bridge.js";
// The core's fixed checks, by number (generated from src/check.rs by `make pkg`).
import STEPS, { BUILD_ERRORS, ERRORS } from "./gen/checks.js";

const FIELD = "\0";
const ITEM = "\x1f";
const ABSENT = "\x01";
// A list item holding one of the separators is invalid anyway (no token, origin or extension
// may hold a control character); DEL keeps it invalid without shifting the fields.
const SEPARATORS = /[\0\x01\x1f]/g;

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

function expectString(value, name) {
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a string, got ${describe(value)}`);
  }
}

function optionalString(value, name) {
  if (value !== undefined) expectString(value, name);
}

function optionalBoolean(value, name) {
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  }
}

function clean(s) {
  return s.indexOf(FIELD) === -1 && s.indexOf(ITEM) === -1 && s.indexOf(ABSENT) === -1 ? s : s.replace(SEPARATORS, "\x7f");
}

/** A string[] encoded as items separated by US (undefined = the empty list). */
function stringList(value, name) {
  if (value === undefined) return "";
  if (!Array.isArray(value)) {
    throw new TypeError(`${name} must be an array of strings, got ${describe(value)}`);
  }
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item !== "string") {
      throw new TypeError(`${name}[${i}] must be a string, got ${describe(item)}`);
    }
    out += (i === 0 ? "" : ITEM) + clean(item);
  }
  return out;
}

function positiveInteger(value, name) {
  if (value === undefined) return "";
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return String(Math.min(value, 0xffffffff));
}

function windowBits(value, name) {
  if (value === undefined) return "";
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 8 || value > 15) {
    throw new RangeError(`${name} must be an integer from 8 to 15, got ${value}`);
  }
  return String(value);
}

function encodeDeflate(value) {
  if (value === undefined || value === false) return "";
  if (value === true) return "0,0,,";
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`options.permessageDeflate must be a boolean or an object, got ${describe(value)}`);
  }
  optionalBoolean(value.serverNoContextTakeover, "options.permessageDeflate.serverNoContextTakeover");
  optionalBoolean(value.clientNoContextTakeover, "options.permessageDeflate.clientNoContextTakeover");
  return `${value.serverNoContextTakeover ? 1 : 0},${value.clientNoContextTakeover ? 1 : 0},${windowBits(
    value.serverMaxWindowBits,
    "options.permessageDeflate.serverMaxWindowBits",
  )},${windowBits(value.clientMaxWindowBits, "options.permessageDeflate.clientMaxWindowBits")}`;
}

/** The Policy encoded for the binding (see decode_policy in src/wasm.rs); "" is the default. */
function encodePolicy(options) {
  if (options === undefined || options === null) return "";
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  optionalBoolean(options.requireTls, "options.requireTls");
  optionalBoolean(options.requireUpgrade, "options.requireUpgrade");
  optionalBoolean(options.edge, "options.edge");
  optionalBoolean(options.trail, "options.trail");
  const upgrades = options.upgrades === undefined ? ABSENT : stringList(options.upgrades, "options.upgrades");
  // The trail is not part of the encoding (bit 2 stays clear): it is an argument of each call, so
  // a policy read eagerly and then lazily is the same policy and is decoded once.
  const flags = (options.requireTls ? 1 : 0) | (options.edge ? 2 : 0) | (options.requireUpgrade ? 8 : 0);
  const pmd = encodeDeflate(options.permessageDeflate);
  return (
    upgrades +
    FIELD +
    stringList(options.protocols, "options.protocols") +
    FIELD +
    stringList(options.origins, "options.origins") +
    FIELD +
    pmd +
    FIELD +
    flags +
    FIELD +
    positiveInteger(options.maxHeadBytes, "options.maxHeadBytes") +
    FIELD +
    positiveInteger(options.maxHeaders, "options.maxHeaders")
  );
}

// The options object last encoded, and what it held then: the same object, unchanged, reuses
// its encoding. Checking and encoding the options again was a tenth of a `negotiate` call in Node.
let lastOptions;
let lastEncoded = "";
/** The option values encodePolicy read, lists and the permessageDeflate object as copies. */
const lastValues = new Array(14);

function sameList(now, then) {
  if (now === undefined || then === undefined) return now === then;
  if (!Array.isArray(now) || now.length !== then.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== then[i]) return false;
  return true;
}

/** Whether `options` holds what lastOptions held when it was encoded (read as encodePolicy reads it). */
function unchanged(options) {
  const v = lastValues;
  if (
    options.requireTls !== v[0] ||
    options.requireUpgrade !== v[1] ||
    options.edge !== v[2] ||
    options.trail !== v[3] ||
    options.maxHeadBytes !== v[4] ||
    options.maxHeaders !== v[5] ||
    !sameList(options.upgrades, v[6]) ||
    !sameList(options.protocols, v[7]) ||
    !sameList(options.origins, v[8])
  ) {
    return false;
  }
  const d = options.permessageDeflate;
  if (typeof d !== "object" || d === null) return d === v[9];
  return (
    v[9] === d &&
    d.serverNoContextTakeover === v[10] &&
    d.clientNoContextTakeover === v[11] &&
    d.serverMaxWindowBits === v[12] &&
    d.clientMaxWindowBits === v[13]
  );
}

function remember(options, encoded) {
  const v = lastValues;
  const list = (l) => (Array.isArray(l) ? l.slice() : l);
  v[0] = options.requireTls;
  v[1] = options.requireUpgrade;
  v[2] = options.edge;
  v[3] = options.trail;
  v[4] = options.maxHeadBytes;
  v[5] = options.maxHeaders;
  v[6] = list(options.upgrades);
  v[7] = list(options.protocols);
  v[8] = list(options.origins);
  const d = options.permessageDeflate;
  v[9] = d;
  if (typeof d === "object" && d !== null) {
    v[10] = d.serverNoContextTakeover;
    v[11] = d.clientNoContextTakeover;
    v[12] = d.serverMaxWindowBits;
    v[13] = d.clientMaxWindowBits;
  }
  lastOptions = options;
  lastEncoded = encoded;
}

/** encodePolicy, skipped when the same options object comes back unchanged. */
function policyOf(options) {
  if (options === undefined || options === null) return "";
  if (options === lastOptions && unchanged(options)) return lastEncoded;
  lastOptions = undefined;
  const encoded = encodePolicy(options);
  remember(options, encoded);
  return encoded;
}

function isRequest(value) {
  if (typeof Request === "function" && value instanceof Request) return true;
  // A Request from another realm (or another Fetch implementation).
  return (
    typeof value === "object" &&
    value !== null &&
    typeof value.method === "string" &&
    typeof value.url === "string" &&
    isHeaders(value.headers)
  );
}

function isResponse(value) {
  if (typeof Response === "function" && value instanceof Response) return true;
  return typeof value === "object" && value !== null && typeof value.status === "number" && isHeaders(value.headers);
}

function isHeaders(value) {
  return typeof value === "object" && value !== null && typeof value.forEach === "function";
}

/** Fetch headers as `name NUL value NUL ...` (Fetch forbids NUL in names and values). */
function encodeHeaders(headers) {
  let out = "";
  let first = true;
  headers.forEach((value, name) => {
    out += (first ? "" : FIELD) + clean(String(name)) + FIELD + clean(String(value));
    first = false;
  });
  return out;
}

function hasField(headers, name) {
  return typeof headers.has === "function" ? headers.has(name) : false;
}

/** The request-target: origin-form when the request carries Host, else the absolute URL. */
function requestTarget(request) {
  const url = request.url;
  if (!hasField(request.headers, "host")) return url;
  const scheme = url.indexOf("://");
  const slash = scheme === -1 ? -1 : url.indexOf("/", scheme + 3);
  if (slash !== -1) return url.slice(slash);
  const query = url.indexOf("?", scheme + 3);
  return query === -1 ? "/" : "/" + url.slice(query);
}

// ---- decoding the binding's answers ----------------------------------------------------------

/**
 * Checks: their count, then each as a number: 1 + its row in STEPS (one of the core's fixed
 * checks), or 0 followed by five fields: id, result, section, header ("" = absent), message.
 */
function readChecks() {
  const n = number();
  const checks = new Array(n);
  for (let k = 0; k < n; k++) {
    const step = number();
    if (step !== 0) {
      const row = STEPS[step - 1];
      checks[k] = row[3] === null
        ? { id: row[0], result: row[1], section: row[2], message: row[4] }
        : { id: row[0], result: row[1], section: row[2], header: row[3], message: row[4] };
      continue;
    }
    const check = { id: next(), result: next(), section: next() };
    const header = next();
    if (header !== "") check.header = header;
    check.message = next();
    checks[k] = check;
  }
  return checks;
}

/**
 * An error: its code as a number (1 + its row in ERRORS, 0 for none), then section, message and
 * header ("" = absent).
 */
function readError() {
  const code = number();
  if (code === 0) return undefined;
  const error = { code: ERRORS[code - 1], section: next(), message: next() };
  const header = next();
  if (header !== "") error.header = header;
  return error;
}

/**
 * The fields of a response or request the core serialized: each line between the first line and
 * the blank line is `name: value` (names are tokens, so the first colon ends the name; values hold
 * no CR or LF). For a response that is not all ASCII, whose byte lengths the module cannot send,
 * and a request from createRequest.
 */
function fieldsOf(response) {
  const fields = [];
  let at = response.indexOf("\r\n") + 2;
  for (;;) {
    const end = response.indexOf("\r\n", at);
    if (end <= at) return fields;
    const colon = response.indexOf(":", at);
    fields.push([response.slice(at, colon), response.slice(colon + 2, end)]);
    at = end + 2;
  }
}

/** The fields of an all-ASCII response, cut at the lengths the module sent (see encode_outcome). */
function fieldsAt(response) {
  const fields = new Array(number());
  let at = response.indexOf("\r\n") + 2;
  for (let k = 0; k < fields.length; k++) {
    const name = number();
    const value = number();
    fields[k] = [response.slice(at, at + name), response.slice(at + name + 2, at + name + 2 + value)];
    at += name + value + 4;
  }
  return fields;
}

/** The outcome's fields up to its checks (see encode_outcome in src/wasm.rs). */
/** The kinds of outcome, by the number the module sends. */
const KINDS = ["switch", "reject", "pass", "incomplete"];

function decodeOutcome(outcome) {
  const kind = KINDS[number()];
  const status = number();
  const protocol = next();
  const subprotocol = next();
  const extensions = next();
  const body = next();
  outcome.kind = kind;
  outcome.status = status === 0 ? null : status;
  if (protocol !== "") outcome.protocol = protocol;
  const response = next();
  const error = readError();
  const n = next();
  let headers;
  if (n === "") {
    headers = fieldsAt(response);
  } else if (n === "-") {
    headers = fieldsOf(response);
  } else {
    headers = new Array(+n);
    for (let k = 0; k < headers.length; k++) headers[k] = [next(), next()];
  }
  outcome.headers = headers;
  if (kind === "reject") outcome.body = body;
  outcome.response = response;
  if (subprotocol !== "") outcome.subprotocol = subprotocol;
  if (extensions !== "") outcome.extensions = extensions;
  const m = next();
  if (m !== "") {
    const settings = {};
    for (let k = +m; k > 0; k--) settings[next()] = +next();
    outcome.settings = settings;
  }
  if (error !== undefined) outcome.error = error;
  return outcome;
}

function decodeVerification() {
  const ok = next() === "1";
  const incomplete = next() === "1";
  const protocol = next();
  const extensions = next();
  const versions = next();
  const result = { ok };
  if (incomplete) result.incomplete = true;
  if (protocol !== "") result.protocol = protocol;
  if (extensions !== "") result.extensions = extensions;
  if (versions !== "") result.versions = versions.split(",").map(Number);
  const error = readError();
  if (error !== undefined) result.error = error;
  result.checks = readChecks();
  return result;
}

// ---- negotiate: one request, its policy, and the trail now, never or on first read --------------

/**
 * A request as the binding takes it: `bytes` (a string or a Uint8Array, the head) or, for a Fetch
 * Request, the encoded parts and whether it has a body.
 */
function runNegotiate(input, parts, hasBody, policy, trail) {
  usePolicy(policy);
  if (parts) {
    wasm.negotiateParts(writeText(input, 0), hasBody, trail);
  } else {
    wasm.negotiate(typeof input === "string" ? writeText(input, 0) : writeBytes(input, 0), trail);
  }
  answer();
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A copy of a request's bytes. Valid UTF-8 (every ASCII head) is kept as the string it decodes to,
 * which encodes back to the same bytes: measured in Node 20 on a 200-byte head, 0.2 µs where
 * `slice()` costs 1.3 µs (a typed array of that size allocates its buffer outside the JS heap).
 */
function keep(bytes) {
  try {
    return strict.decode(bytes);
  } catch {
    // A copy whatever the subclass: Buffer's own slice() is a view, not a copy.
    return Uint8Array.prototype.slice.call(bytes);
  }
}

const checksValue = { value: undefined, writable: true, enumerable: true, configurable: true };

/** Makes `checks` a plain data property of `outcome`; false when it cannot (a frozen outcome). */
function setChecks(outcome, checks) {
  checksValue.value = checks;
  const done = Reflect.defineProperty(outcome, "checks", checksValue);
  checksValue.value = undefined;
  return done;
}

// A lazy outcome keeps what its `checks` needs (the request and the policy) in a non-enumerable
// symbol property, which no key listing, JSON, spread, structuredClone or deep-equality check
// sees, and which a Proxy (a reactive store's) or an object inheriting from the outcome still
// reaches. Measured in Node 20: defining it costs 0.2 µs a call; a WeakMap 1 µs, a fresh getter
// closure per outcome 1.2 µs. (A private field was cheaper, but no Proxy forwards one.)
const AGAIN = Symbol("upgrade-handshake: the request behind a lazy checks trail");
const againValue = { value: undefined, writable: true, enumerable: false, configurable: true };

/**
 * Lets go of the request a lazy outcome kept. Overwritten rather than deleted: deleting a property
 * that is not the last one added turns the object into a slow dictionary-mode object (measured: a
 * second read of `checks` and `kind` then cost 5 µs). Only an own property is overwritten; an
 * object inheriting from the outcome must not gain one.
 */
function release(outcome) {
  if (Object.hasOwn(outcome, AGAIN)) outcome[AGAIN] = undefined;
}

// One getter and one setter for every lazy outcome.
const lazyChecks = {
  get() {
    const again = this[AGAIN];
    if (again === undefined) return [];
    runNegotiate(again.input, again.parts, again.hasBody, again.policy, true);
    decodeOutcome({});
    const checks = readChecks();
    // Once built, a plain array in place of the accessor; a frozen outcome keeps the accessor
    // (and the request) and builds the trail again on each read.
    if (setChecks(this, checks)) release(this);
    return checks;
  },
  set(checks) {
    if (!setChecks(this, checks)) throw new TypeError("Cannot assign to checks: the outcome is frozen");
    release(this);
  },
  enumerable: true,
  configurable: true,
};

function negotiateWith(input, parts, hasBody, policy, mode) {
  runNegotiate(input, parts, hasBody, policy, mode === true);
  const outcome = decodeOutcome({});
  if (mode === true) {
    outcome.checks = readChecks();
  } else if (mode === false) {
    outcome.checks = [];
  } else {
    // The trail is computed when first read: the same negotiation again, with the trail on (it
    // is a pure function of the request and the policy). A Uint8Array is kept as a copy, so that
    // a later change to it (a reused read buffer) cannot change the trail.
    const saved = typeof input === "string" ? input : keep(input);
    againValue.value = { input: saved, parts, hasBody, policy };
    Object.defineProperty(outcome, AGAIN, againValue);
    againValue.value = undefined;
    Object.defineProperty(outcome, "checks", lazyChecks);
  }
  return outcome;
}

// ---- the API ---------------------------------------------------------------------------------

/**
 * Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)).
 * @param {string} key
 * @returns {string}
 */
export function acceptKey(key) {
  expectString(key, "key");
  const p = wasm.acceptKey(writeText(key, 0));
  const h = view();
  // The 28 ASCII characters as they lie in memory: measured in Node 20, 40 ns where a
  // TextDecoder takes 135 ns.
  return String.fromCharCode(
    h[p], h[p + 1], h[p + 2], h[p + 3], h[p + 4], h[p + 5], h[p + 6],
    h[p + 7], h[p + 8], h[p + 9], h[p + 10], h[p + 11], h[p + 12], h[p + 13],
    h[p + 14], h[p + 15], h[p + 16], h[p + 17], h[p + 18], h[p + 19], h[p + 20],
    h[p + 21], h[p + 22], h[p + 23], h[p + 24], h[p + 25], h[p + 26], h[p + 27],
  );
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * A fresh Sec-WebSocket-Key: 16 bytes from crypto.getRandomValues, base64 (RFC 6455 §4.1).
 * @returns {string}
 */
export function generateKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let out = "";
  for (let i = 0; i < 15; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  return out + B64[b[15] >> 2] + B64[(b[15] & 3) << 4] + "==";
}

// Policy::default().max_head_bytes in src/policy.rs.
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * The part of a request the core reads: its first `maxHeadBytes` bytes (a head that has not ended
 * there is 431 or 414, and what follows a head is ignored), the input's length telling it whether
 * more followed. So a call on a huge input copies, and a lazy outcome keeps, no more than that.
 * A string is cut one code unit later: a UTF-16 unit is at least one UTF-8 byte, so its first
 * `maxHeadBytes` bytes stay the same (even when the cut splits a surrogate pair) and there are
 * still more.
 */
function headWindow(input, limit) {
  if (input.length <= limit) return input;
  return typeof input === "string" ? input.slice(0, limit + 1) : input.subarray(0, limit);
}

function negotiateEncoded(input, policy, mode, limit) {
  if (typeof input === "string" || input instanceof Uint8Array) return negotiateWith(headWindow(input, limit), false, false, policy, mode);
  if (isRequest(input)) {
    const body = input.body !== null && input.body !== undefined;
    const parts = input.method + FIELD + requestTarget(input) + FIELD + encodeHeaders(input.headers);
    return negotiateWith(parts, true, body, policy, mode);
  }
  throw new TypeError(`input must be a string, a Uint8Array or a Request, got ${describe(input)}`);
}

/**
 * Decide a server's answer to an upgrade request (RFC 9110 §7.8, RFC 6455 §4.2, RFC 7540 §3.2,
 * RFC 2817). Malformed input is an outcome (400, 431...), never an exception.
 * @param {string | Uint8Array | Request} input
 * @param {import("./index.d.ts").Policy} [options]
 * @returns {import("./index.d.ts").Outcome}
 */
export function negotiate(input, options) {
  const policy = policyOf(options);
  return negotiateEncoded(input, policy, options?.trail, options?.maxHeadBytes ?? MAX_HEAD_BYTES);
}

function encodeOffer(offer) {
  if (typeof offer !== "object" || offer === null || Array.isArray(offer)) {
    throw new TypeError(`offer must be an object, got ${describe(offer)}`);
  }
  expectString(offer.key, "offer.key");
  optionalString(offer.extensions, "offer.extensions");
  return (
    clean(offer.key) +
    FIELD +
    stringList(offer.protocols, "offer.protocols") +
    FIELD +
    (offer.extensions === undefined ? ABSENT : clean(offer.extensions))
  );
}

/**
 * Check a server's answer to this client's upgrade request (RFC 6455 §4.1, §4.4, §11.3).
 * @param {string | Uint8Array | Response} input
 * @param {import("./index.d.ts").Offer} offer
 * @returns {import("./index.d.ts").Verification}
 */
export function verifyResponse(input, offer) {
  if (typeof input === "string" || input instanceof Uint8Array) {
    const encoded = encodeOffer(offer);
    const head = typeof input === "string" ? writeText(input, 0) : writeBytes(input, 0);
    wasm.verify(head, writeText(encoded, head));
    answer();
    return decodeVerification();
  }
  if (isResponse(input)) {
    const status = input.status;
    if (!Number.isInteger(status) || status < 0 || status > 999) {
      throw new RangeError(`response.status must be an integer from 0 to 999, got ${status}`);
    }
    const encoded = encodeOffer(offer);
    const head = writeText(encodeHeaders(input.headers), 0);
    wasm.verifyParts(status, head, writeText(encoded, head));
    answer();
    return decodeVerification();
  }
  throw new TypeError(`input must be a string, a Uint8Array or a Response, got ${describe(input)}`);
}

/** The binding's separators cannot go on the wire: reject them here, as the core would. */
function noSeparator(value, name, code) {
  if (value.indexOf(FIELD) !== -1 || value.indexOf(ITEM) !== -1 || value.indexOf(ABSENT) !== -1) {
    const error = new TypeError(`createRequest: ${name} must not contain control characters`);
    error.code = code;
    throw error;
  }
  return value;
}

/**
 * Build a client's WebSocket opening handshake (RFC 6455 §4.1).
 * @param {import("./index.d.ts").RequestOptions} options
 * @returns {import("./index.d.ts").ClientRequest}
 * @throws {TypeError} for a wrong type or a value that cannot go on the wire (CR/LF, a bad URL...).
 */
export function createRequest(options) {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  expectString(options.url, "options.url");
  optionalString(options.extensions, "options.extensions");
  optionalString(options.origin, "options.origin");
  optionalString(options.key, "options.key");
  const protocols = stringList(options.protocols, "options.protocols");
  const encoded =
    noSeparator(options.url, "options.url", "url") +
    FIELD +
    protocols +
    FIELD +
    (options.extensions === undefined ? ABSENT : noSeparator(options.extensions, "options.extensions", "extensions")) +
    FIELD +
    (options.origin === undefined ? ABSENT : noSeparator(options.origin, "options.origin", "origin")) +
    FIELD +
    (options.key === undefined ? generateKey() : noSeparator(options.key, "options.key", "key"));
  wasm.createRequest(writeText(encoded, 0));
  answer();
  if (next() !== "ok") {
    // 0: the key; n: the core's BuildError n - 1 (see createRequest in src/wasm.rs).
    const n = number();
    const [code, sentence] = n === 0 ? ["key", "the key must be the base64 encoding of exactly 16 bytes"] : BUILD_ERRORS[n - 1];
    const error = new TypeError(`createRequest: ${sentence} (${code})`);
    error.code = code;
    throw error;
  }
  const key = next();
  const request = next();
  // Its fields, cut out of its text (the core built each line as `name: value` CRLF).
  return { key, request, headers: fieldsOf(request) };
}

// The fields of a 101 that a Fetch runtime writes itself when a Response carries a webSocket.
const RUNTIME_101_FIELDS = new Set(["upgrade", "connection", "sec-websocket-accept"]);

/**
 * The Fetch-server helper (Cloudflare Workers and other Fetch servers): negotiate a Request and
 * get what to answer with. See index.d.ts for the full contract.
 * @param {Request} request
 * @param {import("./index.d.ts").Policy} [options]
 * @returns {import("./index.d.ts").FetchDecision}
 */
export function negotiateFetch(request, options) {
  if (!isRequest(request)) {
    throw new TypeError(`request must be a Request, got ${describe(request)}`);
  }
  const outcome = negotiateEncoded(request, policyOf(options), options?.trail);
  if (outcome.kind === "switch") {
    const headers = new Headers();
    for (const [name, value] of outcome.headers) {
      if (!RUNTIME_101_FIELDS.has(name.toLowerCase())) headers.append(name, value);
    }
    return { kind: "switch", outcome, protocol: outcome.protocol, headers };
  }
  if (outcome.kind === "reject") {
    const response = new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
    return { kind: "reject", outcome, response };
  }
  return { kind: "pass", outcome };
}
