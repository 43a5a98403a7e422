// The package's budgets (issue 4), measured in one Node process: `node tests/js/bench.mjs`.
// Not a test (timings are not asserted); prints the figures for README and `make bench`.
//   acceptKey            <= 0.7x crypto.createHash("sha1")...digest("base64")   (aim 0.5x)
//   negotiate (RFC 6455 §1.3 request string in, response out)
//                        <= 0.25x websocket-driver's server handshake from raw bytes (aim 0.14x)
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { acceptKey, negotiate, verifyResponse, createRequest } from "upgrade-handshake";

const require = createRequire(import.meta.url);
const driver = require("websocket-driver");

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const REQUEST =
  "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\n` +
  "Sec-WebSocket-Version: 13\r\n\r\n";
const BYTES = Buffer.from(REQUEST);

/** Median ns per call over `rounds` rounds of `n` calls (after a warm-up round). */
function measure(fn, n = 20000, rounds = 7) {
  let sink;
  for (let i = 0; i < n; i++) sink = fn();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink = fn();
    times.push(Number(process.hrtime.bigint() - t) / n);
  }
  if (sink === undefined) throw new Error("no result");
  return times.sort((a, b) => a - b)[rounds >> 1];
}

function wsDriver() {
  const server = driver.server({ protocols: ["chat"] });
  let out;
  server.io.on("data", (d) => (out = d));
  server.on("connect", () => server.start());
  server.io.write(BYTES);
  return out;
}

const check = String(wsDriver());
if (!check.startsWith("HTTP/1.1 101") || !check.includes("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")) throw new Error(`websocket-driver did not answer 101: ${check}`);
if (!negotiate(REQUEST, { protocols: ["chat"] }).response.startsWith("HTTP/1.1 101")) throw new Error("negotiate did not switch");

const policy = { protocols: ["chat"] };
const quiet = { protocols: ["chat"], trail: false };
const rows = [];
const sha = measure(() => createHash("sha1").update(KEY + GUID).digest("base64"));
const ak = measure(() => acceptKey(KEY));
rows.push(["acceptKey", ak, sha, "node:crypto sha1", 0.7]);
const wsd = measure(wsDriver, 5000);
const neg = measure(() => negotiate(REQUEST, policy).response);
const negQuiet = measure(() => negotiate(REQUEST, quiet).response);
const negDefault = measure(() => negotiate(REQUEST).response);
const negBytes = measure(() => negotiate(BYTES, policy).response);
rows.push(["negotiate (string, trail on)", neg, wsd, "websocket-driver", 0.25]);
rows.push(["negotiate (string, trail: false)", negQuiet, wsd, "websocket-driver", 0.25]);
rows.push(["negotiate (string, default policy)", negDefault, wsd, "websocket-driver", 0.25]);
rows.push(["negotiate (Buffer, trail on)", negBytes, wsd, "websocket-driver", 0.25]);
const req = new Request("http://server.example.com/chat", { headers: Object.fromEntries(REQUEST.split("\r\n").slice(1, -2).map((l) => l.split(": "))) });
rows.push(["negotiate (Request, trail on)", measure(() => negotiate(req, policy).response), wsd, "websocket-driver", null]);
const resp = negotiate(REQUEST, policy).response;
rows.push(["verifyResponse (string)", measure(() => verifyResponse(resp, { key: KEY, protocols: ["chat"] }).ok), wsd, "websocket-driver", null]);
rows.push(["createRequest", measure(() => createRequest({ url: "ws://server.example.com/chat", protocols: ["chat"], key: KEY }).request), wsd, "websocket-driver", null]);

console.log("upgrade-handshake budgets (median ns per call, Node " + process.version + ")");
let failed = 0;
for (const [name, ns, base, baseName, budget] of rows) {
  const ratio = ns / base;
  const verdict = budget === null ? "" : ratio <= budget ? `ok (budget ${budget}x)` : `OVER budget ${budget}x`;
  if (budget !== null && ratio > budget) failed++;
  console.log(`${name.padEnd(36)} ${ns.toFixed(0).padStart(7)} ns  ${ratio.toFixed(3)}x ${baseName} (${base.toFixed(0)} ns)  ${verdict}`);
}
const wasm = readFileSync(new URL(import.meta.resolve("upgrade-handshake/upgrade_handshake_bg.wasm")));
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`.wasm ${wasm.length} bytes raw (budget 65536), ${gz} gzipped (budget 24576)`);
if (wasm.length > 65536 || gz > 24576) failed++;
console.log(failed ? `${failed} budget(s) over` : "all budgets met");
