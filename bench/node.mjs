// Node, one process, interleaved rounds (issue 8; budgets of issue 14), and the linear-time figures
// of issue 7. `node bench/node.mjs` prints the figures and writes target/bench/node.json.
//   acceptKey                 vs crypto.createHash("sha1").update(key + GUID).digest("base64")
//   negotiate(string|Uint8Array), response out
//                             vs websocket-driver's server driver fed the same raw bytes, 101 read back
//   negotiate(Request)        a Fetch Request, as a Worker gets it (vs the same websocket-driver figure)
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { acceptKey, negotiate, negotiateFetch } from "upgrade-handshake";
import { GUID, KEY, RFC6455, fmtNs, interleave, median, pairedRatio, save } from "./common.mjs";

const require = createRequire(import.meta.url);
const websocketDriver = require("websocket-driver");

const quick = process.env.BENCH_QUICK === "1";
const BYTES = new TextEncoder().encode(RFC6455);
const BUFFER = Buffer.from(RFC6455);
const policy = { protocols: ["chat"] };
const quiet = { protocols: ["chat"], trail: false };
const eager = { protocols: ["chat"], trail: true };

/**
 * websocket-driver's server-side handshake from raw bytes: a fresh `driver.server()` (its own HTTP
 * parser), the request written to its fake socket (`io`), the 101 read from what it writes back.
 */
function wsDriver() {
  const server = websocketDriver.server({ protocols: ["chat"] });
  let out = "";
  server.io.on("data", (chunk) => { out += chunk.toString("latin1"); });
  server.on("connect", () => server.start());
  server.io.write(BUFFER);
  return out;
}

// The same handshake on both sides, checked before timing anything.
const driverAnswer = wsDriver();
const ours = negotiate(RFC6455, policy);
for (const [who, text] of [["websocket-driver", driverAnswer], ["negotiate", ours.response]]) {
  if (!text.startsWith("HTTP/1.1 101") || !text.includes("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") ||
      !/Sec-WebSocket-Protocol: chat\r\n/i.test(text)) {
    throw new Error(`${who} did not answer the 101 with the chat subprotocol:\n${text}`);
  }
}
if (acceptKey(KEY) !== createHash("sha1").update(KEY + GUID).digest("base64")) throw new Error("acceptKey differs");

const headers = Object.fromEntries(RFC6455.split("\r\n").slice(1, -2).map((l) => l.split(": ")));
const request = new Request("http://server.example.com/chat", { headers });
if (negotiate(request, policy).kind !== "switch") throw new Error("negotiate(Request) did not switch");

const candidates = {
  "node:crypto sha1+base64": () => createHash("sha1").update(KEY + GUID).digest("base64"),
  acceptKey: () => acceptKey(KEY),
  "websocket-driver (raw bytes)": wsDriver,
  "negotiate(string)": () => negotiate(RFC6455, policy).response,
  "negotiate(string, trail: false)": () => negotiate(RFC6455, quiet).response,
  "negotiate(string, trail: true)": () => negotiate(RFC6455, eager).response,
  "negotiate(string), then read checks": () => negotiate(RFC6455, policy).checks.length,
  "negotiate(Uint8Array)": () => negotiate(BYTES, policy).response,
  "negotiate(Uint8Array, trail: false)": () => negotiate(BYTES, quiet).response,
  "negotiate(Request)": () => negotiate(request, policy).response,
  "negotiate(Request, trail: false)": () => negotiate(request, quiet).response,
  "negotiateFetch(Request)": () => negotiateFetch(request, quiet).kind,
};
const res = interleave(candidates, {
  rounds: quick ? 5 : 21,
  batch: { "websocket-driver (raw bytes)": quick ? 300 : 1500, default: 3000 },
  maxMs: quick ? 10_000 : 60_000,
});

const pairs = [
  // [candidate, baseline, budget (issue 14), aim]
  ["acceptKey", "node:crypto sha1+base64", 0.8, 0.6],
  ["negotiate(string)", "websocket-driver (raw bytes)", 0.6, 0.4],
  ["negotiate(string, trail: false)", "websocket-driver (raw bytes)", null, null],
  ["negotiate(string, trail: true)", "websocket-driver (raw bytes)", null, null],
  ["negotiate(string), then read checks", "websocket-driver (raw bytes)", null, null],
  ["negotiate(Uint8Array)", "websocket-driver (raw bytes)", null, null],
  ["negotiate(Uint8Array, trail: false)", "websocket-driver (raw bytes)", null, null],
  ["negotiate(Request)", "websocket-driver (raw bytes)", null, null],
  ["negotiate(Request, trail: false)", "websocket-driver (raw bytes)", null, null],
  ["negotiateFetch(Request)", "websocket-driver (raw bytes)", null, null],
];
const ratios = pairs.map(([name, base, budget, aim]) => ({
  name, base, ns: res.ns[name], baseNs: res.ns[base], ratio: pairedRatio(res, name, base), budget, aim,
}));

// ---- issue 7: linear time in wasm -----------------------------------------------------------
// A valid RFC 6455 request grown to the size (a) with filler header fields, (b) with a
// Sec-WebSocket-Protocol list of N elements; each negotiated with a policy whose limits admit it.
const big = { protocols: ["chat"], maxHeadBytes: 4 << 20, maxHeaders: 100_000, trail: false };
function paddedHead(bytes) {
  let head = RFC6455.slice(0, -2);
  const line = "X-Filler: " + "a".repeat(52) + "\r\n"; // 64 bytes
  const n = Math.max(0, Math.floor((bytes - head.length - 2) / line.length));
  head += line.repeat(n);
  head += "X-Pad: " + "b".repeat(Math.max(1, bytes - head.length - 2 - 9)) + "\r\n";
  return head + "\r\n";
}
function listHead(n) {
  const items = new Array(n);
  for (let i = 0; i < n; i++) items[i] = `p${i}`;
  items[n - 1] = "chat";
  return RFC6455.replace("Sec-WebSocket-Protocol: chat, superchat", `Sec-WebSocket-Protocol: ${items.join(", ")}`);
}
function timeOnce(input) {
  const t = process.hrtime.bigint();
  const o = negotiate(input, big);
  const ns = Number(process.hrtime.bigint() - t);
  return { ns, outcome: o };
}
function series(label, sizes, make, unit) {
  const rows = [];
  for (const size of sizes) {
    const text = make(size);
    const bytes = new TextEncoder().encode(text);
    const first = timeOnce(bytes);
    if (first.outcome.kind !== "switch") {
      throw new Error(`${label} ${size}: ${first.outcome.kind} ${first.outcome.status} ${first.outcome.error?.code}`);
    }
    const times = [];
    const deadline = Date.now() + 5_000;
    for (let i = 0; i < (quick ? 3 : 9) && Date.now() < deadline; i++) times.push(timeOnce(bytes).ns);
    const ns = median(times);
    rows.push({ size, unit, bytes: bytes.length, ms: ns / 1e6, nsPerByte: ns / bytes.length, subprotocol: first.outcome.subprotocol });
  }
  const base = rows[0];
  for (const r of rows) r.growth = r.ms / base.ms; // linear: growth tracks size / first size
  return { label, rows };
}
const KiB = 1024;
const linear = [
  series("request head (64-byte filler fields)", [128 * KiB, 256 * KiB, 512 * KiB, 1024 * KiB], paddedHead, "bytes"),
  series("Sec-WebSocket-Protocol list", [12_500, 25_000, 50_000, 100_000], listHead, "elements"),
];

console.log(`Node ${process.version}, ${res.rounds} interleaved rounds, median per call`);
for (const [name, ns] of Object.entries(res.ns)) console.log(`  ${name.padEnd(38)} ${fmtNs(ns).padStart(10)}`);
for (const r of ratios) {
  const verdict = r.budget === null ? "" : r.ratio <= r.budget ? `met (budget ${r.budget}x)` : `MISSED (budget ${r.budget}x)`;
  console.log(`  ${r.name} / ${r.base}: ${r.ratio.toFixed(3)}x ${verdict}`);
}
for (const s of linear) {
  console.log(`  linear time, ${s.label}:`);
  for (const r of s.rows) console.log(`    ${String(r.size).padStart(8)} ${r.unit} (${r.bytes} B): ${r.ms.toFixed(2)} ms, ${r.nsPerByte.toFixed(2)} ns/B, x${r.growth.toFixed(2)}`);
}
save("node", { node: process.version, rounds: res.rounds, ns: res.ns, ratios, linear });
