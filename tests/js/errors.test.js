// Every error code the core defines, reached through the package: a table row per code with the
// status a server answers (server side) or the verdict a client reaches (client side).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { negotiate, verifyResponse } from "upgrade-handshake";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
// RFC 6455 §1.3's own accept value for its key.
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

function head(requestLine, ...fields) {
  return [requestLine, ...fields, "", ""].join("\r\n");
}
const H = "Host: a";
const UP = ["Upgrade: websocket", "Connection: Upgrade"];
const K = `Sec-WebSocket-Key: ${KEY}`;
const V = "Sec-WebSocket-Version: 13";
const H2C = { upgrades: ["h2c"] };

// [code, status, request, policy?]
const SERVER = [
  ["head-too-large", 431, head("GET / HTTP/1.1", H, ...UP, K, V, `X-Pad: ${"p".repeat(400)}`), { maxHeadBytes: 256 }],
  ["too-many-headers", 431, head("GET / HTTP/1.1", H, ...UP, K, V), { maxHeaders: 2 }],
  ["target-too-long", 414, head(`GET /${"t".repeat(400)} HTTP/1.1`, H, ...UP, K, V), { maxHeadBytes: 256 }],
  ["bad-request-line", 400, "GARBAGE\r\n\r\n"],
  ["unsupported-http-version", 505, head("GET / HTTP/2.0", H, ...UP, K, V)],
  ["bad-field-name", 400, head("GET / HTTP/1.1", H, "Fo{o: x", ...UP, K, V)],
  ["whitespace-before-colon", 400, head("GET / HTTP/1.1", "Host : a", ...UP, K, V)],
  ["bad-field-value", 400, head("GET / HTTP/1.1", H, "X-A: a\x01b", ...UP, K, V)],
  ["obs-fold", 400, head("GET / HTTP/1.1", H, "X-A: a", " b", ...UP, K, V)],
  ["bad-host", 400, head("GET / HTTP/1.1", ...UP, K, V)],
  ["bare-lf", 400, head("GET / HTTP/1.1", H, ...UP, K, V).replace("\r\n", "\n")],
  ["bad-request-target", 400, head("GET * HTTP/1.1", H, ...UP, K, V)],
  ["bad-content-length", 400, head("POST /form HTTP/1.1", H, "Content-Length: -1")],
  ["bad-transfer-encoding", 400, head("POST /form HTTP/1.1", H, "Transfer-Encoding: gzip")],
  ["misdirected-request", 421, head("GET / HTTP/1.1", "Host: rebind.attacker.example", ...UP, K, V), { hosts: ["a"] }],
  ["bad-upgrade", 400, head("GET / HTTP/1.1", H, "Upgrade: websocket, /x", "Connection: Upgrade", K, V)],
  ["websocket-method", 405, head("POST / HTTP/1.1", H, ...UP, K, V, "Content-Length: 0")],
  ["conflicting-framing", 400, head("GET / HTTP/1.1", H, ...UP, K, V, "Content-Length: 4", "Transfer-Encoding: chunked")],
  ["websocket-body", 400, head("GET / HTTP/1.1", H, ...UP, K, V, "Content-Length: 5")],
  ["websocket-http-version", 400, head("GET / HTTP/1.0", H, ...UP, K, V)],
  ["missing-upgrade-websocket", 400, head("GET / HTTP/1.1", H, "Connection: Upgrade", K, V)],
  ["missing-connection-upgrade", 400, head("GET / HTTP/1.1", H, "Upgrade: websocket", "Connection: keep-alive", K, V)],
  ["missing-websocket-key", 400, head("GET / HTTP/1.1", H, ...UP, V)],
  ["duplicate-websocket-key", 400, head("GET / HTTP/1.1", H, ...UP, K, K, V)],
  ["bad-websocket-key", 400, head("GET / HTTP/1.1", H, ...UP, "Sec-WebSocket-Key: c2hvcnQ=", V)],
  ["missing-websocket-version", 400, head("GET / HTTP/1.1", H, ...UP, K)],
  ["bad-websocket-version", 426, head("GET / HTTP/1.1", H, ...UP, K, "Sec-WebSocket-Version: 8")],
  ["origin-forbidden", 403, head("GET / HTTP/1.1", H, ...UP, K, V, "Origin: https://evil.example"), { origins: ["https://good.example"] }],
  ["bad-websocket-protocol", 400, head("GET / HTTP/1.1", H, ...UP, K, V, "Sec-WebSocket-Protocol: chat, a b"), { protocols: ["chat"] }],
  ["tls-required", 426, head("GET / HTTP/1.1", H, ...UP, K, V), { requireTls: true }],
  ["upgrade-required", 426, head("GET / HTTP/1.1", H), { requireUpgrade: true }],
];

function response(status, ...fields) {
  return [`HTTP/1.1 ${status}`, ...fields, "", ""].join("\r\n");
}
const R101 = "101 Switching Protocols";
const RUP = ["Upgrade: websocket", "Connection: Upgrade"];
const RA = `Sec-WebSocket-Accept: ${ACCEPT}`;

// [code, response, offer?]
const CLIENT = [
  ["bad-response", "HTTP/1.1 abc\r\n\r\n"],
  ["version-not-supported", response("426 Upgrade Required", "Sec-WebSocket-Version: 13, 8")],
  ["bad-status", response("200 OK", "Content-Length: 0")],
  ["response-upgrade", response(R101, "Upgrade: h2c", "Connection: Upgrade", RA)],
  ["response-connection", response(R101, "Upgrade: websocket", "Connection: close", RA)],
  ["response-accept", response(R101, ...RUP, "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=")],
  ["response-extensions", response(R101, ...RUP, RA, "Sec-WebSocket-Extensions: x-unknown")],
  ["response-protocol", response(R101, ...RUP, RA, "Sec-WebSocket-Protocol: superchat"), { key: KEY, protocols: ["chat"] }],
  ["duplicate-response-field", response(R101, ...RUP, RA, RA)],
];

test("every error code the core defines has a row here", () => {
  const source = readFileSync(new URL("../../src/error.rs", import.meta.url), "utf8");
  const defined = [...source.matchAll(/=> \("([a-z0-9-]+)", \d+,/g)].map((m) => m[1]);
  assert.ok(defined.length >= 30, `found ${defined.length} codes`);
  const covered = new Set([...SERVER.map((r) => r[0]), ...CLIENT.map((r) => r[0])]);
  // Only the Rust `Settings::decode` returns these: negotiate does not perform an h2c upgrade whose
  // HTTP2-Settings breaks them (RFC 7540 §3.2.1); it warns in the trail and does not refuse.
  const decodeOnly = ["bad-http2-settings", "bad-http2-settings-value"];
  assert.deepEqual(defined.filter((c) => !covered.has(c) && !decodeOnly.includes(c)), []);
  assert.deepEqual([...covered].filter((c) => !defined.includes(c)), []);
});

for (const [code, status, request, policy] of SERVER) {
  test(`server: ${code} -> ${status}`, () => {
    const o = negotiate(request, policy);
    assert.equal(o.kind, "reject", `${code}: got ${o.kind} ${JSON.stringify(o.error)}`);
    assert.equal(o.error.code, code);
    assert.equal(o.status, status);
    assert.match(o.error.section, /^RFC \d+ §/);
    assert.ok(o.error.message.length > 0);
    assert.ok(o.response.startsWith(`HTTP/1.1 ${status} `));
    assert.ok(o.body.length > 0);
    // the trail names the failed check; with trail: false the decision is the same
    assert.ok(o.checks.some((c) => c.result === "fail"), code);
    const quiet = negotiate(request, { ...policy, trail: false });
    assert.deepEqual(quiet.error, o.error);
    assert.equal(quiet.response, o.response);
    // the same through bytes
    assert.deepEqual(negotiate(new TextEncoder().encode(request), policy), o);
  });
}

for (const [code, resp, offer] of CLIENT) {
  test(`client: ${code}`, () => {
    const v = verifyResponse(resp, offer ?? { key: KEY });
    assert.equal(v.ok, false);
    assert.ok(v.error, JSON.stringify(v));
    assert.equal(v.error.code, code);
    assert.match(v.error.section, /^RFC \d+ §/);
    assert.ok(v.error.message.length > 0);
    assert.ok(v.checks.some((c) => c.result === "fail"), code);
  });
}
