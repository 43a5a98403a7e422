// Entry for browsers without a bundler (the "browser" export condition). Chromium refuses to
// compile modules over 4 KB synchronously on the main thread, so this entry streams and
// instantiates the module asynchronously, and top-level await makes importers wait for it.
import initWasm from "./gen/upgrade_handshake.js";
import { attach } from "./bridge.js";

const ready = compile(new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url)).then(async (module) => {
  attach(await initWasm({ module_or_path: module }), module);
});
await ready;

/** Compiles the module as it streams in; a server that does not send application/wasm gets the slower path. */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`upgrade-handshake: ${response.status} fetching ${url}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

export * from "./api.js";

/** Resolves once the module is ready (it already is when this module has been imported). */
export function init() {
  return ready.then(() => undefined);
}
