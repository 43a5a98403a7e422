// Entry for browsers without a bundler (the "browser" export condition). Chromium refuses to
// compile modules over 4 KB synchronously on the main thread, so this entry streams and
// instantiates the module asynchronously, and top-level await makes importers wait for it.
import initWasm from "./gen/upgrade_handshake.js";
import { attach } from "./bridge.js";

const ready = initWasm({ module_or_path: new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url) });
attach(await ready);

export * from "./api.js";

/** Resolves once the module is ready (it already is when this module has been imported). */
export function init() {
  return ready.then(() => undefined);
}
