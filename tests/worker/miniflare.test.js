// The Worker as `wrangler deploy --dry-run` bundles it, in local workerd through Miniflare 4
// directly: no proxy in front, so the raw client's bytes reach workerd and the Worker unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { acceptKey, negotiate } from "upgrade-handshake";
import { startMiniflare } from "../support/dev-server.js";
import { openRaw, rawExchange, upgradeHead, newKey } from "../support/raw.js";
import { openWs, nextMessage, closeWs, frameText } from "../support/ws-client.js";

const ALLOWED = "https://app.example";
let mf;
before(async () => { mf = await startMiniflare({ vars: { ALLOWED_ORIGINS: `${ALLOWED}, https://other.example` } }); });
after(async () => { await mf?.stop(); });

const wsUrl = (path) => `ws://127.0.0.1:${mf.port}${path}`;

async function post(path, body) {
  const res = await fetch(`${mf.url}${path}`, { method: "POST", body });
  return { status: res.status, type: res.headers.get("content-type"), json: await res.json() };
}

test("GET / serves the inspector from the assets", async () => {
  const res = await fetch(`${mf.url}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /inspector/i);
});

test("rfc6455_4_2_2 a raw handshake with subprotocols gets the package's 101 through workerd", async () => {
  const key = newKey();
  const request = upgradeHead({ port: mf.port, key, headers: { Origin: mf.origin, "Sec-WebSocket-Protocol": "superchat, chat" } });
  const res = await rawExchange(mf.port, request);
  assert.equal(res.statusLine, "HTTP/1.1 101 Switching Protocols");
  assert.deepEqual(res.headers, [
    ["Connection", "Upgrade"],
    ["Upgrade", "websocket"],
    ["Sec-WebSocket-Accept", acceptKey(key)],
    ["Sec-WebSocket-Protocol", "superchat"],
  ]);
  // The same bytes through the package alone decide the same answer.
  const outcome = negotiate(request, { protocols: ["chat", "superchat"], origins: [mf.origin], edge: true });
  assert.equal(outcome.subprotocol, "superchat");
});

test("ws client: subprotocol chosen from PROTOCOLS, text and binary echoed", async () => {
  const { ws, res } = await openWs(wsUrl("/echo"), { protocols: ["chat"] });
  assert.equal(ws.protocol, "chat");
  assert.equal(res.headers["sec-websocket-protocol"], "chat");
  ws.send("hello edge");
  assert.deepEqual(await nextMessage(ws).then(({ data, isBinary }) => [data.toString(), isBinary]), ["hello edge", false]);
  const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
  ws.send(bytes);
  const bin = await nextMessage(ws);
  assert.equal(bin.isBinary, true);
  assert.deepEqual(Buffer.from(bin.data), bytes);
  await closeWs(ws);
});

test("an unsupported subprotocol offer gets a 101 without Sec-WebSocket-Protocol", async () => {
  const res = await rawExchange(mf.port, upgradeHead({ port: mf.port, headers: { "Sec-WebSocket-Protocol": "mqtt" } }));
  assert.equal(res.status, 101);
  assert.equal(res.get("sec-websocket-protocol"), undefined);
});

test("rfc6455_10_2 a foreign Origin gets 403 with the package's text; same origin and ALLOWED_ORIGINS pass", async () => {
  const denied = await openWs(wsUrl("/echo"), { origin: "https://evil.example" });
  assert.equal(denied.status, 403);
  assert.match(denied.body, /Origin/);
  assert.match(denied.body, /RFC 6455 §10\.2/);
  for (const origin of [mf.origin, ALLOWED, "https://other.example"]) {
    const { ws } = await openWs(wsUrl("/echo"), { origin });
    await closeWs(ws);
  }
});

test("a plain GET to /echo or /inspect gets 426 with a text naming the RFC sections", async () => {
  for (const path of ["/echo", "/inspect"]) {
    const res = await fetch(`${mf.url}${path}`);
    assert.equal(res.status, 426);
    assert.match(res.headers.get("content-type"), /^text\/plain/);
    assert.equal(res.headers.get("upgrade"), null, "workerd strips Upgrade from a Worker's 426");
    assert.equal(res.headers.get("sec-websocket-version"), "13");
    assert.match(await res.text(), /only upgraded connections.*RFC 9110 §15\.5\.22/);
  }
  // An h2c upgrade is not something a Worker can perform (a 101 needs a webSocket): 426 too.
  const h2c = await rawExchange(mf.port, `GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${mf.port}\r\nUpgrade: h2c\r\n` +
    "Connection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
  assert.equal(h2c.status, 426);
});

test("the Worker answers before workerd can: version 8 gets the package's 426 with Sec-WebSocket-Version: 13", async () => {
  const res = await rawExchange(mf.port, upgradeHead({ port: mf.port, version: "8" }));
  assert.equal(res.statusLine, "HTTP/1.1 426 Upgrade Required");
  assert.equal(res.get("sec-websocket-version"), "13");
  assert.match(res.body, /RFC 6455 §4\.2\.2/);
});

test("malformed handshakes get a 4xx (from the package or from workerd) and the Worker keeps serving", async () => {
  const key = newKey();
  const cases = [
    // reaches the Worker: the package refuses what workerd would have accepted
    [upgradeHead({ port: mf.port, key: "abc" }), 400, /Sec-WebSocket-Key.*RFC 6455 §4\.2\.1/],
    [upgradeHead({ port: mf.port, key }).replace("\r\n\r\n", `\r\nSec-WebSocket-Key: ${key}\r\n\r\n`), 400, /RFC/],
    // (a POST upgrade is not here: local workerd hands it to the Worker as a GET, see workerd.test.js)
    // never reaches the Worker: workerd's HTTP parser answers
    [`GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${mf.port}\r\nUpgrade websocket\r\n\r\n`, 400, /./],
  ];
  for (const [request, status, body] of cases) {
    const res = await rawExchange(mf.port, request);
    assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(request)} -> ${res.statusLine}`);
    assert.equal(res.status, status, `${JSON.stringify(request)} -> ${res.statusLine} ${res.body}`);
    assert.match(res.body, body);
  }
  const { ws } = await openWs(wsUrl("/echo"));
  ws.send("still here");
  assert.equal((await nextMessage(ws)).data.toString(), "still here");
  await closeWs(ws);
});

test("/inspect reports the exact key a raw client sent (no proxy between client and Worker), then echoes", async () => {
  const key = newKey();
  const conn = openRaw(mf.port);
  try {
    await conn.write(upgradeHead({ port: mf.port, path: `/inspect?key=${encodeURIComponent(key)}`, key,
      headers: { Origin: mf.origin, "Sec-WebSocket-Protocol": "chat", "X-Trace": "t1" } }));
    const head = await conn.head();
    assert.equal(head.status, 101);
    assert.equal(head.get("sec-websocket-accept"), acceptKey(key));
    const report = JSON.parse(frameText(await conn.frame()));
    assert.equal(report.hop.describes, "worker");
    assert.equal(report.hop.receivedKey, key);
    assert.equal(report.hop.sentKey, key);
    assert.equal(report.hop.keyRewritten, false);
    assert.equal(report.hop.acceptForReceivedKey, acceptKey(key));
    assert.equal(report.method, "GET");
    assert.equal(report.url, `${mf.origin}/inspect?key=${encodeURIComponent(key)}`);
    assert.deepEqual(report.headers.map(([k]) => k), [
      "accept-encoding", "cf-connecting-ip", "connection", "host", "origin", "sec-websocket-key",
      "sec-websocket-protocol", "sec-websocket-version", "upgrade", "x-trace",
    ]);
    assert.equal(report.outcome.kind, "switch");
    assert.equal(report.outcome.subprotocol, "chat");
    assert.ok(report.outcome.checks.length > 5);
    assert.ok(report.outcome.checks.every((c) => c.id && c.result && c.section && c.message));
    assert.match(report.outcome.response, /^HTTP\/1\.1 101 /);
    assert.deepEqual(report.response.headers, [["sec-websocket-protocol", "chat"]]);
    await conn.sendFrame(1, "after the report");
    assert.equal(frameText(await conn.frame()), "after the report");
  } finally {
    conn.close();
  }
});

test("rfc7692 permessage-deflate is negotiated by the package and really compresses on the wire", async (t) => {
  const { ws, res } = await openWs(wsUrl("/echo"), { perMessageDeflate: true });
  assert.match(res.headers["sec-websocket-extensions"], /^permessage-deflate/);
  const big = "upgrade-handshake ".repeat(4096);
  ws.send(big);
  assert.equal((await nextMessage(ws)).data.toString(), big);
  await closeWs(ws);

  const conn = openRaw(mf.port);
  try {
    await conn.write(upgradeHead({ port: mf.port, headers: { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" } }));
    const head = await conn.head();
    assert.equal(head.status, 101);
    const outcome = negotiate(upgradeHead({ port: mf.port, headers: { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" } }),
      { permessageDeflate: true, edge: true });
    assert.equal(head.get("sec-websocket-extensions"), outcome.extensions, "workerd sends the package's parameters verbatim");
    await conn.sendFrame(1, big); // uncompressed from the client (RSV1 clear) is allowed per message
    const frame = await conn.frame();
    assert.equal(frame.rsv1, true, "RSV1: compressed");
    assert.ok(frame.wireBytes < big.length / 20, `${frame.wireBytes} bytes on the wire for ${big.length}`);
    t.diagnostic(`${big.length} bytes echoed as a ${frame.wireBytes}-byte frame`);
    assert.equal(frameText(frame), big);
  } finally {
    conn.close();
  }
});

test("edge mode in the Worker: a handshake without Connection: Upgrade is accepted, with a warn check", async () => {
  const key = newKey();
  const conn = openRaw(mf.port);
  try {
    await conn.write(upgradeHead({ port: mf.port, path: "/inspect", key, headers: { Connection: null } }));
    const head = await conn.head();
    assert.equal(head.status, 101);
    const report = JSON.parse(frameText(await conn.frame()));
    assert.ok(report.outcome.checks.some((c) => c.result === "warn" && /connection/i.test(c.id)),
      JSON.stringify(report.outcome.checks.filter((c) => c.result !== "pass")));
  } finally {
    conn.close();
  }
});

test("POST /api/check: a request head -> the Outcome; strict mode by default, edge mode with ?edge=1", async () => {
  const key = "dGhlIHNhbXBsZSBub25jZQ==";
  const head = `GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  const ok = await post("/api/check?protocols=superchat", head);
  assert.equal(ok.status, 200);
  assert.match(ok.type, /application\/json/);
  assert.equal(ok.json.kind, "switch");
  assert.equal(ok.json.status, 101);
  assert.equal(ok.json.subprotocol, "superchat");
  assert.ok(ok.json.headers.some(([k, v]) => k === "Sec-WebSocket-Accept" && v === "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
  assert.deepEqual(ok.json, negotiate(head, { protocols: ["superchat"] }));

  const noConnection = head.replace("Connection: Upgrade\r\n", "");
  const strict = await post("/api/check", noConnection);
  assert.equal(strict.json.kind, "reject");
  assert.equal(strict.json.status, 400);
  assert.equal(strict.json.error.header, "Connection");
  const edge = await post("/api/check?edge=1", noConnection);
  assert.equal(edge.json.kind, "switch");
  assert.ok(edge.json.checks.some((c) => c.result === "warn"));

  const foreign = await post("/api/check?origins=https://a.example", head);
  assert.equal(foreign.json.status, 403);
  const noTrail = await post("/api/check?trail=0", head);
  assert.deepEqual(noTrail.json.checks, []);
});

test("POST /api/check?key=: a raw response -> the verification", async () => {
  const key = "dGhlIHNhbXBsZSBub25jZQ==";
  const response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";
  const ok = await post(`/api/check?key=${encodeURIComponent(key)}&protocols=chat,superchat`, response);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.ok, true);
  assert.equal(ok.json.protocol, "chat");
  const bad = await post(`/api/check?key=${encodeURIComponent(newKey())}&protocols=chat`, response);
  assert.equal(bad.json.ok, false);
  assert.equal(bad.json.error.header, "Sec-WebSocket-Accept");
});

test("/api/check refuses other methods and bad policy values with a text answer", async () => {
  const get = await fetch(`${mf.url}/api/check`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  await get.arrayBuffer();
  const range = await fetch(`${mf.url}/api/check?maxHeadBytes=-5`, { method: "POST", body: "GET / HTTP/1.1\r\n\r\n" });
  assert.equal(range.status, 400);
  assert.match(await range.text(), /maxHeadBytes must be a positive integer/);
  const big = await fetch(`${mf.url}/api/check`, { method: "POST", body: "x".repeat(70_000) });
  assert.equal(big.status, 413);
  await big.arrayBuffer();
});

test("100 concurrent connections all echo", async () => {
  const clients = await Promise.all(Array.from({ length: 100 }, () => openWs(wsUrl("/echo"), { protocols: ["superchat"] })));
  try {
    const replies = await Promise.all(clients.map(({ ws }, i) => {
      const reply = nextMessage(ws, 30_000);
      ws.send(`message ${i}`);
      return reply.then(({ data }) => data.toString());
    }));
    assert.deepEqual(replies, clients.map((_, i) => `message ${i}`));
  } finally {
    await Promise.all(clients.map(({ ws }) => closeWs(ws)));
  }
});

test("GET /api/request: with no proxy in front, a non-WebSocket upgrade keeps Upgrade and Connection", async () => {
  const res = await rawExchange(mf.port, `GET /api/request HTTP/1.1\r\nHost: 127.0.0.1:${mf.port}\r\n` +
    "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
  assert.equal(res.status, 200);
  const seen = JSON.parse(res.body);
  assert.equal(seen.hop.describes, "worker");
  assert.deepEqual(seen.headers.filter(([k]) => k === "upgrade" || k === "connection"),
    [["connection", "Upgrade, HTTP2-Settings"], ["upgrade", "h2c"]]);
});

test("rfc6455_4_2_1_item_2 ALLOWED_HOSTS: a Host the Worker does not answer for gets the package's 421", async () => {
  const guarded = await startMiniflare({ vars: { ALLOWED_HOSTS: "allowed.example" } });
  try {
    const refused = await rawExchange(guarded.port, upgradeHead({ port: guarded.port, headers: { Host: "rebind.attacker.example" } }));
    assert.equal(refused.status, 421);
    assert.match(refused.body, /rebind\.attacker\.example/);
    assert.match(refused.body, /RFC 9110 §15\.5\.20/);
    const key = newKey();
    const allowed = await rawExchange(guarded.port, upgradeHead({ port: guarded.port, key, headers: { Host: "allowed.example:8787", Origin: "http://allowed.example:8787" } }));
    assert.equal(allowed.status, 101, allowed.body);
    assert.equal(allowed.get("sec-websocket-accept"), acceptKey(key));
  } finally {
    await guarded.stop();
  }
});
