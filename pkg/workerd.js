// Entry for Cloudflare Workers (the "workerd" export condition): wrangler and workerd hand a
// `.wasm` import over as a compiled WebAssembly.Module, so instantiation is synchronous.
import module from "./gen/upgrade_handshake_bg.wasm";
import { initSync } from "./gen/upgrade_handshake.js";
import { runAudit } from "./audit.js";
import { workerdTransport } from "./transport-workerd.js";

initSync({ module });

export * from "./api.js";
export { AREAS, auditCases, judge } from "./audit.js";

const sockets = workerdTransport();
/** The handshake audit over cloudflare:sockets (or `options.transport`). */
export const audit = (url, options) => runAudit(url, options, sockets);

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
