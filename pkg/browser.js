// Entry for browsers without a bundler (the "browser" export condition). Browsers compile
// modules over 4 KB only asynchronously on the main thread: wasm-bindgen's init streams the
// module in, and top-level await makes importers wait for it.
import initWasm from "./gen/upgrade_handshake.js";

await initWasm({ module_or_path: new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url) });

export * from "./api.js";

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
