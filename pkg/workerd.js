// Entry for Cloudflare Workers (the "workerd" export condition): wrangler and workerd hand a
// `.wasm` import over as a compiled WebAssembly.Module, so instantiation is synchronous.
import module from "./gen/upgrade_handshake_bg.wasm";
import { initSync } from "./gen/upgrade_handshake.js";

initSync({ module });

export * from "./api.js";

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
