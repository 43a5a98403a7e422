// The JavaScript face of the package: argument checks and conversions only; every decision is
// made by the Rust core behind the wasm-bindgen glue.
import * as core from "./gen/upgrade_handshake.js";

function expectString(value, name) {
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a string, got ${value === null ? "null" : typeof value}`);
  }
}

/**
 * Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)).
 * @param {string} key
 * @returns {string}
 */
export function acceptKey(key) {
  expectString(key, "key");
  return core.acceptKey(key);
}
