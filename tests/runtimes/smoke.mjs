// Smoke test run by Deno and Bun: import the package by name and use it, no init call.
import { acceptKey } from "upgrade-handshake";

const runtime = typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.version}`;
let passed = 0;
let failed = 0;
function check(name, ok) {
  if (ok) passed++; else { failed++; console.error(`not ok - ${name}`); }
}
check("rfc6455_1_3_example_accept_key", acceptKey("dGhlIHNhbXBsZSBub25jZQ==") === "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
let threw = null;
try { acceptKey(7); } catch (e) { threw = e; }
check("acceptKey(non-string) throws TypeError", threw instanceof TypeError);
console.log(`${runtime}: ${passed} passed, ${failed} failed`);
if (failed) { (globalThis.Deno?.exit ?? process.exit)(1); }
