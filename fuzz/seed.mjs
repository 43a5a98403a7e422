// Seeds fuzz/corpus/<target>/ (gitignored) from tests/adversarial.json, so every run starts from
// the adversarial corpus instead of from nothing. Idempotent; inputs over 64 KiB are skipped.
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";

const root = new URL("..", import.meta.url);
const corpus = JSON.parse(readFileSync(new URL("tests/adversarial.json", root), "utf8"));
const expand = (v) => typeof v === "string" ? Buffer.from(v) : Buffer.concat(v.map((p) =>
  typeof p === "string" ? Buffer.from(p) : p.hex !== undefined ? Buffer.from(p.hex, "hex") : Buffer.from(p.repeat.repeat(p.times))));
function seed(target, bytes) {
  if (bytes.length > 65536) return;
  const dir = new URL(`fuzz/corpus/${target}/`, root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(createHash("sha1").update(bytes).digest("hex"), dir), bytes);
}
const field = (head, name) => {
  const m = head.toString("latin1").match(new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, "im"));
  return m ? Buffer.from(m[1], "latin1") : null;
};
let n = 0;
for (const c of corpus.negotiate) {
  const req = expand(c.request);
  // knobs: h2c + TLS + deflate + subprotocols/origins (see fuzz_targets/common.rs), and small limits.
  for (const knob of [0x87, 0xc7, 0x08]) { seed("negotiate", Buffer.concat([Buffer.from([knob]), req])); n++; }
  // knobs: bit 0 small limits (see fuzz_targets/parse_differential.rs).
  for (const knob of [0x00, 0x29]) { seed("parse_differential", Buffer.concat([Buffer.from([knob]), req])); n++; }
  const s = field(req, "HTTP2-Settings");
  if (s) { seed("h2c_settings", s); n++; }
  const e = field(req, "Sec-WebSocket-Extensions");
  if (e) { seed("extensions", e); n++; }
}
for (const c of corpus.verify) {
  const resp = expand(c.response);
  for (const knob of [0, 3]) { seed("verify", Buffer.concat([Buffer.from([knob]), resp])); n++; }
  const e = field(resp, "Sec-WebSocket-Extensions");
  if (e) { seed("extensions", e); n++; }
}
console.log(`fuzz: ${n} seeds from tests/adversarial.json`);
