// The bridge to the WebAssembly module: the input buffer `api.js` writes a call's arguments into,
// the exports it calls, and the answer it reads back (the layouts are documented in src/wasm.rs).
// Not part of the package's API: the entries (node.js, workerd.js, browser.js) hand the instance
// the wasm-bindgen glue created, and its compiled module, to `attach`; only api.js imports the rest.
//
// The core never panics, but an instance can still trap: on memory exhaustion (a request of
// hundreds of MiB under limits raised to match). A trapped instance is not used again: its stack
// pointer and heap are wherever the trap left them. The call that trapped throws the runtime's
// error, and the next call starts a fresh instance of the same module.

/** The current instance's exports, and the module to make a fresh one from. */
let ex;
let compiled;
/** Set when a call trapped; the next call renews the instance. */
let broken = false;

/**
 * Takes the instance the wasm-bindgen glue has just created (the exports its `initSync` and its
 * default export return) and the module it was made from.
 * @param {WebAssembly.Exports} exports
 * @param {WebAssembly.Module} module
 */
export function attach(exports, module) {
  ex = exports;
  compiled = module;
  forget();
}

/** Drops every view of the memory and what the instance holds. */
function forget() {
  memory = ex.memory;
  heap = new Uint8Array(0);
  words = new Uint32Array(0);
  inPtr = 0;
  inCap = 0;
  meta = -1;
  held = undefined;
  broken = false;
}

function renew() {
  // The module's one import initialises wasm-bindgen's table of JS values, which no export of
  // this module uses: a no-op stands in for it.
  const instance = new WebAssembly.Instance(compiled, {
    "./upgrade_handshake_bg.js": { __wbindgen_init_externref_table() {} },
  });
  ex = instance.exports;
  ex.__wbindgen_start?.();
  forget();
}

function trapped(error) {
  broken = true;
  // The policy went to the instance that trapped: the next call sends it again.
  held = undefined;
  return error;
}

/** Calls an export of the current instance; a trap marks the instance broken and rethrows. */
function guard(f, a, b, c) {
  try {
    return f(a, b, c);
  } catch (e) {
    throw trapped(e);
  }
}

// The exports api.js calls (src/wasm.rs documents each).
export const negotiate = (len, trail) => guard(ex.negotiate, len, trail);
export const negotiateParts = (len, hasBody, trail) => guard(ex.negotiateParts, len, hasBody, trail);
export const acceptKey = (len) => guard(ex.acceptKey, len) >>> 0;
export const verify = (head, len) => guard(ex.verify, head, len);
export const verifyParts = (status, head, len) => guard(ex.verifyParts, status, head, len);
export const createRequest = (len) => guard(ex.createRequest, len);

const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
/** The module's memory, handed over by the entry that instantiated it (`attach`). */
let memory;
/** A view of the whole memory; growing the memory detaches it (byteLength 0), so it is renewed. */
let heap = new Uint8Array(0);
/** The input buffer: its address, its capacity and a view of it (renewed with `heap`). */
let inPtr = 0;
let inCap = 0;
let inView = heap;

// Node's and Bun's Buffer decode an all-ASCII answer as Latin-1 (the same text) in about half
// the time TextDecoder takes in Node 20 (80 against 155 ns for a 101's answer).
const Latin1 =
  typeof Buffer === "function" && typeof Buffer.prototype?.latin1Slice === "function" ? Buffer : undefined;
/** A Buffer over the whole memory when Latin1 is there (renewed with `heap`). */
let bytes;

export function view() {
  if (heap.byteLength === 0) {
    heap = new Uint8Array(memory.buffer);
    inView = heap.subarray(inPtr, inPtr + inCap);
    if (Latin1 !== undefined) bytes = Latin1.from(memory.buffer);
  }
  return heap;
}

/** Makes the input buffer hold `n` bytes (it may move, and the memory may grow). */
function reserve(n) {
  if (broken) renew();
  if (n > inCap || heap.byteLength === 0) {
    if (n > inCap) {
      inPtr = guard(ex.reserve, n) >>> 0;
      inCap = n;
    }
    heap = new Uint8Array(0);
    view();
  }
  return inView;
}

/** Writes `s` as UTF-8 at input offset `at`; returns the offset after it. */
export function writeText(s, at) {
  let dest = reserve(at + s.length);
  let r = encoder.encodeInto(s, at === 0 ? dest : dest.subarray(at));
  if (r.read < s.length) {
    // Non-ASCII: up to 3 bytes per UTF-16 unit.
    dest = reserve(at + s.length * 3);
    r = encoder.encodeInto(s, dest.subarray(at));
  }
  return at + r.written;
}

export function writeBytes(b, at) {
  reserve(at + b.length).set(b, at);
  return at + b.length;
}

// The last answer (see Out in src/wasm.rs): its text, decoded once, and the lengths of its fields
// in UTF-16 code units, read one by one with `next()`.
let meta = -1;
let words = new Uint32Array(0);
let text = "";
let at = 0;
let field = 0;

/** Reads the answer the last export wrote; `next()` then returns its fields in order. */
export function answer() {
  if (meta === -1) meta = (ex.answer() >>> 0) >>> 2;
  const h = view();
  if (words.buffer !== h.buffer) words = new Uint32Array(h.buffer);
  const address = words[meta];
  const end = address + words[meta + 1];
  // 0: all ASCII; 1: "§" crossing as \x01, the rest ASCII; 2: the same in UTF-8 (see answer in
  // src/wasm.rs).
  const marks = words[meta + 4];
  text = marks !== 2 && bytes !== undefined ? bytes.latin1Slice(address, end) : utf8.decode(h.subarray(address, end));
  if (marks !== 0) text = text.replaceAll("\x01", "\u00a7");
  at = 0;
  field = words[meta + 2] >>> 2;
}

/** A number the module sent in place of a field (see Out::number in src/wasm.rs). */
export function number() {
  return words[field++] & 0x7fffffff;
}

export function next() {
  const n = words[field++];
  const s = text.slice(at, at + n);
  at += n;
  return s;
}

/** The encoded policy the module holds (see setPolicy in src/wasm.rs). */
let held;

export function usePolicy(encoded) {
  if (encoded !== held) {
    held = undefined;
    // Written first: writing may renew the instance, and the policy goes to the new one.
    const len = writeText(encoded, 0);
    guard(ex.setPolicy, len);
    held = encoded;
  }
}

