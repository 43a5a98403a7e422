// Entry for browsers without a bundler (the "browser" export condition). Browsers compile
// modules over 4 KB only asynchronously on the main thread: wasm-bindgen's init streams the
// module in, and top-level await makes importers wait for it.
import initWasm from "./gen/upgrade_handshake.js";
import { runAudit } from "./audit.js";

await initWasm({ module_or_path: new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url) });

export * from "./api.js";
export { AREAS, auditCases, judge } from "./audit.js";

/** The handshake audit: a browser has no raw sockets, so `options.transport` is required. */
export const audit = (url, options) => runAudit(url, options, undefined);

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
