// The Worker under `wrangler dev` (local workerd behind wrangler's local proxy), exactly as
// `make demo` serves it, with the npm `ws` client and raw sockets. The proxy re-originates every
// WebSocket upgrade, which these tests pin: the Worker does not see the client's handshake bytes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { acceptKey, negotiate } from "upgrade-handshake";
import { startWrangler } from "../support/dev-server.js";
import { openRaw, rawExchange, upgradeHead, newKey } from "../support/raw.js";
import { openWs, nextMessage, closeWs, frameText } from "../support/ws-client.js";

let server;
before(async () => { server = await startWrangler(); });
after(async () => { await server?.stop(); });

const KEY_FORM = /^[A-Za-z0-9+/]{22}==$/;

/** A raw upgrade to /inspect: the 101 head as the client got it and the Worker's report. */
async function inspect(opts = {}) {
  const key = opts.key ?? newKey();
  const conn = openRaw(server.port);
  try {
    await conn.write(upgradeHead({ port: server.port, path: `/inspect?key=${encodeURIComponent(key)}`, ...opts, key }));
    const head = await conn.head();
    if (head.status !== 101) return { key, head, body: await conn.body(head) };
    return { key, head, report: JSON.parse(frameText(await conn.frame())) };
  } finally {
    conn.close();
  }
}

test("GET / serves the inspector page", async () => {
  const res = await fetch(`${server.url}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /inspector/i);
});

test("/echo echoes text and binary over a WebSocket with a subprotocol", async () => {
  const { ws } = await openWs(`ws://127.0.0.1:${server.port}/echo`, { protocols: ["superchat", "chat"] });
  assert.equal(ws.protocol, "superchat");
  ws.send("hello edge");
  assert.deepEqual(await nextMessage(ws).then(({ data, isBinary }) => [data.toString(), isBinary]), ["hello edge", false]);
  ws.send(Buffer.from([1, 2, 3, 255]));
  const bin = await nextMessage(ws);
  assert.equal(bin.isBinary, true);
  assert.deepEqual([...bin.data], [1, 2, 3, 255]);
  await closeWs(ws);
});

test("rfc6455_4_2_2 workerd's Sec-WebSocket-Accept equals the package's acceptKey", async () => {
  const key = newKey();
  const res = await rawExchange(server.port, upgradeHead({ port: server.port, key }));
  assert.match(res.statusLine, /^HTTP\/1\.1 101 /);
  assert.equal(res.get("sec-websocket-accept"), acceptKey(key));
});

test("a plain GET to /echo gets 426, and a foreign Origin 403, through the proxy", async () => {
  const res = await fetch(`${server.url}/echo`);
  assert.equal(res.status, 426);
  assert.match(await res.text(), /RFC 9110 §15\.5\.22/);
  const denied = await openWs(`ws://127.0.0.1:${server.port}/echo`, { origin: "https://evil.example" });
  assert.equal(denied.status, 403);
  assert.match(denied.body, /RFC 6455 §10\.2/);
});

test("wrangler dev re-keys: the Worker receives another Sec-WebSocket-Key, the client still gets its own accept", async () => {
  const { key, head, report } = await inspect({ headers: { Origin: server.origin, "Sec-WebSocket-Protocol": "chat" } });
  assert.equal(head.status, 101);
  assert.equal(head.get("sec-websocket-accept"), acceptKey(key), "the proxy answers the client for the client's key");
  assert.equal(head.get("sec-websocket-protocol"), "chat", "the Worker's choice is relayed");
  assert.equal(report.hop.describes, "worker");
  assert.equal(report.hop.sentKey, key);
  assert.notEqual(report.hop.receivedKey, key);
  assert.match(report.hop.receivedKey, KEY_FORM, "a fresh valid key of the proxy's own");
  assert.equal(report.hop.keyRewritten, true);
  assert.equal(report.outcome.kind, "switch");
  assert.ok(report.headers.some(([k, v]) => k === "origin" && v === server.origin), "Origin is relayed");
});

test("wrangler dev's proxy repairs what the package would refuse: a bad key and a missing Connection reach the Worker valid", async () => {
  const bad = await inspect({ key: "abc" });
  assert.equal(bad.head.status, 101, "the client gets a 101 for a 3-character key");
  assert.equal(bad.head.get("sec-websocket-accept"), acceptKey("abc"));
  assert.match(bad.report.hop.receivedKey, KEY_FORM);
  // The same bytes straight to the package: refused (tests/worker/miniflare.test.js sees the 400 end to end).
  assert.equal(negotiate(upgradeHead({ port: server.port, key: "abc" }), { edge: true }).status, 400);

  const noConnection = await inspect({ headers: { Connection: null } });
  assert.equal(noConnection.head.status, 101);
  assert.ok(noConnection.report.headers.some(([k, v]) => k === "connection" && v === "Upgrade"));
});

test("wrangler dev's proxy offers its own permessage-deflate parameters and relays the Worker's answer", async () => {
  const { head, report } = await inspect({ headers: { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" } });
  assert.equal(head.status, 101);
  const seen = report.headers.find(([k]) => k === "sec-websocket-extensions")?.[1];
  assert.equal(seen, "permessage-deflate; client_max_window_bits=15");
  assert.equal(head.get("sec-websocket-extensions"), report.outcome.extensions);
});

test("behind wrangler dev, version 8 gets workerd's own 400 instead of the package's 426", async () => {
  const res = await rawExchange(server.port, upgradeHead({ port: server.port, version: "8" }));
  assert.equal(res.statusLine, "HTTP/1.1 400 Bad Request");
  assert.equal(res.body, "ERROR: The requested WebSocket version is not supported.");
  assert.equal(res.get("sec-websocket-version"), undefined);
});

test("wrangler dev's proxy drops Upgrade and Connection from a non-WebSocket upgrade (like Cloudflare's edge)", async () => {
  const res = await rawExchange(server.port, `GET /api/request HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
    "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
  assert.equal(res.status, 200);
  const names = JSON.parse(res.body).headers.map(([k]) => k);
  assert.ok(!names.includes("upgrade") && !names.includes("connection"), names.join(", "));
  assert.ok(names.includes("http2-settings"));
});
