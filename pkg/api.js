// The JavaScript face of the package: argument checks and conversions only; every decision is
// made by the Rust core behind the wasm-bindgen glue.
//
// Each call writes its arguments into the module's input buffer, calls one export with their
// lengths, and reads one NUL-separated answer from the output buffer (the layouts are documented
// in src/wasm.rs), which this module turns into the objects described in index.d.ts.
import * as core from "./gen/upgrade_handshake.js";

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

// ---- the bridge: the input and output buffers in the module's memory -------------------------

const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
let memory;
/** A view of the whole memory; growing the memory detaches it (byteLength 0), so it is renewed. */
let heap = new Uint8Array(0);
/** The input buffer: its address, its capacity and a view of it (renewed with `heap`). */
let inPtr = 0;
let inCap = 0;
let inView = heap;

function view() {
  if (heap.byteLength === 0) {
    memory ??= core.wasmMemory();
    heap = new Uint8Array(memory.buffer);
    inView = heap.subarray(inPtr, inPtr + inCap);
  }
  return heap;
}

/** Makes the input buffer hold `n` bytes (it may move, and the memory may grow). */
function reserve(n) {
  if (n > inCap || heap.byteLength === 0) {
    if (n > inCap) {
      inPtr = core.reserve(n);
      inCap = n;
    }
    heap = new Uint8Array(0);
    view();
  }
  return inView;
}

/** Writes `s` as UTF-8 at input offset `at`; returns the offset after it. */
function writeText(s, at) {
  let dest = reserve(at + s.length);
  let r = encoder.encodeInto(s, at === 0 ? dest : dest.subarray(at));
  if (r.read < s.length) {
    // Non-ASCII: up to 3 bytes per UTF-16 unit.
    dest = reserve(at + s.length * 3);
    r = encoder.encodeInto(s, dest.subarray(at));
  }
  return at + r.written;
}

function writeBytes(b, at) {
  reserve(at + b.length).set(b, at);
  return at + b.length;
}

/** The answer of the last export, `len` bytes in the output buffer. */
function answer(len) {
  const at = core.output();
  return utf8.decode(view().subarray(at, at + len));
}

/** The encoded policy the module holds (see setPolicy in src/wasm.rs). */
let held;

function usePolicy(encoded) {
  if (encoded !== held) {
    core.setPolicy(writeText(encoded, 0));
    held = encoded;
  }
}

// ---- decoding the binding's answers ----------------------------------------------------------

// The binding sends "§" as SECTION (see Out in src/wasm.rs), so that its answer is ASCII.
const SECTION = "\x01";

/** The binding's answer, with "§" restored, split into its fields. */
function fields(s) {
  return (s.indexOf(SECTION) === -1 ? s : s.replaceAll(SECTION, "\u00a7")).split(FIELD);
}

/** Checks as five fields each: id, result, section, header ("" = absent), message. */
function readChecks(f, i) {
  const n = +f[i++];
  const checks = new Array(n);
  for (let k = 0; k < n; k++, i += 5) {
    const check = { id: f[i], result: f[i + 1], section: f[i + 2] };
    if (f[i + 3] !== "") check.header = f[i + 3];
    check.message = f[i + 4];
    checks[k] = check;
  }
  return checks;
}

function readError(f, i) {
  if (f[i] === "") return undefined;
  const error = { code: f[i], section: f[i + 1], message: f[i + 2] };
  if (f[i + 3] !== "") error.header = f[i + 3];
  return error;
}

/** The outcome's fields up to its checks; returns the index of the checks count. */
function decodeOutcome(f, outcome) {
  const kind = f[0];
  outcome.kind = kind;
  outcome.status = f[1] === "" ? null : +f[1];
  if (f[2] !== "") outcome.protocol = f[2];
  let i = 11;
  const n = +f[i++];
  const headers = new Array(n);
  for (let k = 0; k < n; k++, i += 2) headers[k] = [f[i], f[i + 1]];
  outcome.headers = headers;
  if (kind === "reject") outcome.body = f[5];
  outcome.response = f[6];
  if (f[3] !== "") outcome.subprotocol = f[3];
  if (f[4] !== "") outcome.extensions = f[4];
  if (f[i] === "") {
    i++;
  } else {
    const m = +f[i++];
    const settings = {};
    for (let k = 0; k < m; k++, i += 2) settings[f[i]] = +f[i + 1];
    outcome.settings = settings;
  }
  const error = readError(f, 7);
  if (error !== undefined) outcome.error = error;
  return i;
}

function decodeVerification(s) {
  const f = fields(s);
  const result = { ok: f[0] === "1" };
  if (f[1] === "1") result.incomplete = true;
  if (f[2] !== "") result.protocol = f[2];
  if (f[3] !== "") result.extensions = f[3];
  if (f[4] !== "") result.versions = f[4].split(",").map(Number);
  const error = readError(f, 5);
  if (error !== undefined) result.error = error;
  result.checks = readChecks(f, 9);
  return result;
}

// ---- negotiate: one request, its policy, and the trail now, never or on first read --------------

/**
 * A request as the binding takes it: `bytes` (a string or a Uint8Array, the head) or, for a Fetch
 * Request, the encoded parts and whether it has a body.
 */
function runNegotiate(input, parts, hasBody, policy, trail) {
  usePolicy(policy);
  if (parts) return answer(core.negotiateParts(writeText(input, 0), hasBody, trail));
  const len = typeof input === "string" ? writeText(input, 0) : writeBytes(input, 0);
  return answer(core.negotiate(len, trail));
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
    return bytes.slice();
  }
}

function setChecks(outcome, checks) {
  Object.defineProperty(outcome, "checks", { value: checks, writable: true, enumerable: true, configurable: true });
}

/** Where a lazy outcome keeps what its `checks` needs to run the negotiation again. */
const AGAIN = Symbol("upgrade-handshake.again");
const again = { value: undefined, writable: true, enumerable: false, configurable: true };

// One getter and one setter for every lazy outcome, and the request in a hidden property: measured
// in Node 20, a fresh pair of closures per outcome cost 1.4 µs a call, a WeakMap 1.2 µs, this 0.35 µs.
const lazyChecks = {
  get() {
    const again = this[AGAIN];
    let checks = [];
    if (again !== undefined) {
      const g = fields(runNegotiate(again.input, again.parts, again.hasBody, again.policy, true));
      checks = readChecks(g, decodeOutcome(g, {}));
    }
    setChecks(this, checks);
    delete this[AGAIN];
    return checks;
  },
  set(checks) {
    setChecks(this, checks);
    delete this[AGAIN];
  },
  enumerable: true,
  configurable: true,
};

function negotiateWith(input, parts, hasBody, policy, mode) {
  const f = fields(runNegotiate(input, parts, hasBody, policy, mode === true));
  const outcome = {};
  const i = decodeOutcome(f, outcome);
  if (mode === true) {
    outcome.checks = readChecks(f, i);
  } else if (mode === false) {
    outcome.checks = [];
  } else {
    // The trail is computed when first read: the same negotiation again, with the trail on (it
    // is a pure function of the request and the policy). A Uint8Array is kept as a copy, so that
    // a later change to it (a reused read buffer) cannot change the trail.
    const saved = typeof input === "string" ? input : keep(input);
    again.value = { input: saved, parts, hasBody, policy };
    Object.defineProperty(outcome, AGAIN, again);
    again.value = undefined;
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
  return answer(core.acceptKey(writeText(key, 0)));
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

function negotiateEncoded(input, policy, mode) {
  if (typeof input === "string" || input instanceof Uint8Array) return negotiateWith(input, false, false, policy, mode);
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
  return negotiateEncoded(input, encodePolicy(options), options?.trail);
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
    return decodeVerification(answer(core.verify(head, writeText(encoded, head))));
  }
  if (isResponse(input)) {
    const status = input.status;
    if (!Number.isInteger(status) || status < 0 || status > 999) {
      throw new RangeError(`response.status must be an integer from 0 to 999, got ${status}`);
    }
    const encoded = encodeOffer(offer);
    const head = writeText(encodeHeaders(input.headers), 0);
    return decodeVerification(answer(core.verifyParts(status, head, writeText(encoded, head))));
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
  const f = fields(answer(core.createRequest(writeText(encoded, 0))));
  if (f[0] !== "ok") {
    const error = new TypeError(`createRequest: ${f[2]} (${f[1]})`);
    error.code = f[1];
    throw error;
  }
  const n = +f[3];
  const headers = new Array(n);
  for (let k = 0, i = 4; k < n; k++, i += 2) headers[k] = [f[i], f[i + 1]];
  return { key: f[1], request: f[2], headers };
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
  const outcome = negotiateEncoded(request, encodePolicy(options), options?.trail);
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
