// Entry for Node, Deno and Bun (the "default" export condition): the module is compiled
// synchronously from the bytes on disk, so the API is ready as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./gen/upgrade_handshake.js";
import { attach } from "./bridge.js";

const module = new WebAssembly.Module(readFileSync(new URL("./gen/upgrade_handshake_bg.wasm", import.meta.url)));
attach(initSync({ module }), module);

export * from "./api.js";

/** Already initialised; kept for bundlers and code written against async set-up. */
export async function init() {}
