// Entry for Node, Deno and Bun (the "default" export condition): the module is compiled from the
// bytes on disk, synchronously, so the API is ready as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./gen/upgrade_handshake.js";
import { runAudit } from "./audit.js";
import { nodeTransport } from "./transport-node.js";

initSync({ module: readFileSync(new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url)) });

export * from "./api.js";
export { AREAS, auditCases, judge } from "./audit.js";

const plain = nodeTransport();
const insecure = nodeTransport({ insecure: true });
/** The handshake audit over node:net / node:tls (or `options.transport`). */
export const audit = (url, options) => runAudit(url, options, options?.insecure === true ? insecure : plain);

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
