// Entry for Node, Deno and Bun (the "default" export condition): the module is compiled from the
// bytes on disk, synchronously, so the API is ready as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./gen/upgrade_handshake.js";

initSync({ module: readFileSync(new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url)) });

export * from "./api.js";

/** Already initialised: kept for code written against async set-up. */
export async function init() {}
