// The bridge to the WebAssembly module: the input buffer `api.js` writes a call's arguments into,
// and the answer it reads back (the layouts are documented in src/wasm.rs). Not part of the
// package's API: the entries (node.js, workerd.js, browser.js) hand the instantiated module's
// exports to `attach`, and only api.js imports the rest.
import * as core from "./gen/upgrade_handshake.js";

/**
 * Takes the memory of the instance the wasm-bindgen glue has just created (what its `initSync`
 * and its default export return).
 * @param {{ memory: WebAssembly.Memory }} exports
 */
export function attach(exports) {
  memory = exports.memory;
  heap = new Uint8Array(0);
}

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

export function view() {
  if (heap.byteLength === 0) {
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
  if (meta === -1) meta = core.answer() >>> 2;
  const h = view();
  if (words.buffer !== h.buffer) words = new Uint32Array(h.buffer);
  const address = words[meta];
  text = utf8.decode(h.subarray(address, address + words[meta + 1]));
  // In an answer that is not all ASCII, "§" crosses as \x01 (see finish in src/wasm.rs).
  if (words[meta + 4] !== 0) text = text.replaceAll("\x01", "\u00a7");
  at = 0;
  field = words[meta + 2] >>> 2;
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
    core.setPolicy(writeText(encoded, 0));
    held = encoded;
  }
}

