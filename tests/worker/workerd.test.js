// Pins what local workerd itself does with WebSocket handshakes, independently of the package:
// a naive fixture Worker (tests/worker/fixtures/naive-worker.js) runs in Miniflare 4 directly,
// so raw bytes reach workerd's HTTP server with no proxy in front. If a workerd upgrade changes
// any of this, these tests fail and README's "Cloudflare Worker" section needs revisiting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync, constants } from "node:zlib";
import { acceptKey } from "upgrade-handshake";
import { startMiniflare, root } from "../support/dev-server.js";
import { openRaw, rawExchange, upgradeHead, newKey } from "../support/raw.js";

const fixture = `${root}tests/worker/fixtures/naive-worker.js`;
let mf;
before(async () => { mf = await startMiniflare({ scriptPath: fixture }); });
after(async () => { await mf?.stop(); });

/** Opens a raw upgrade; on 101 reads the fixture's first message (the request as the Worker saw it). */
async function upgrade(path, opts = {}) {
  const conn = openRaw(mf.port);
  try {
    await conn.write(opts.raw ?? upgradeHead({ port: mf.port, path, ...opts }));
    const head = await conn.head();
    if (head.status !== 101) return { head, body: await conn.body(head) };
    const frame = await conn.frame();
    const text = frame.rsv1
      ? inflateRawSync(frame.payload, { finishFlush: constants.Z_SYNC_FLUSH }).toString()
      : frame.payload.toString();
    return { head, frame, seen: JSON.parse(text) };
  } finally {
    conn.close();
  }
}

test("since 2026-03-17 a server WebSocket gets binary messages as Blob: echoing event.data sends \"[object Blob]\"", async () => {
  // websocket_standard_binary_type: the naive fixture echoes event.data as it comes; the Worker
  // sets binaryType = "arraybuffer" (tests/worker/miniflare.test.js checks its binary echo).
  const conn = openRaw(mf.port);
  try {
    await conn.write(upgradeHead({ port: mf.port, path: "/ws" }));
    assert.equal((await conn.head()).status, 101);
    await conn.frame(); // the fixture's report
    await conn.sendFrame(2, Buffer.from([0, 1, 2, 253]));
    const echoed = await conn.frame();
    assert.equal(echoed.opcode, 1, "a text frame");
    assert.equal(echoed.payload.toString(), "[object Blob]");
  } finally {
    conn.close();
  }
});

const WORKERD_VERSION_400 = "ERROR: The requested WebSocket version is not supported.";

test("workerd answers Sec-WebSocket-Version: 8 itself with 400, replacing the Worker's 101", async () => {
  const { head, body } = await upgrade("/ws", { version: "8" });
  assert.equal(head.statusLine, "HTTP/1.1 400 Bad Request");
  assert.equal(body, WORKERD_VERSION_400);
  assert.equal(head.get("connection"), "close");
  assert.equal(head.get("sec-websocket-version"), undefined, "no Sec-WebSocket-Version: 13 hint (RFC 6455 §4.4)");
});

test("workerd runs the Worker for a version-8 upgrade: only a returned webSocket triggers its 400", async () => {
  const { head, body } = await upgrade("/json", { version: "8" });
  assert.equal(head.status, 200);
  assert.ok(JSON.parse(body).headers.some(([k, v]) => k === "sec-websocket-version" && v === "8"));
});

test("workerd answers a missing Sec-WebSocket-Version or Sec-WebSocket-Key itself with 400", async () => {
  const noVersion = await upgrade("/ws", { headers: { "Sec-WebSocket-Version": null } });
  assert.equal(noVersion.head.status, 400);
  assert.equal(noVersion.body, WORKERD_VERSION_400);
  const noKey = await upgrade("/ws", { headers: { "Sec-WebSocket-Key": null } });
  assert.equal(noKey.head.status, 400);
  assert.equal(noKey.body, "ERROR: Missing Sec-WebSocket-Key");
});

test("workerd does not check the key's form: a 3-character key and a doubled key both get 101", async () => {
  const short = await upgrade("/ws", { key: "abc" });
  assert.equal(short.head.status, 101);
  assert.equal(short.head.get("sec-websocket-accept"), acceptKey("abc"));
  const key = newKey();
  const raw = upgradeHead({ port: mf.port, path: "/ws", key }).replace("\r\n\r\n", `\r\nSec-WebSocket-Key: ${key}\r\n\r\n`);
  const doubled = await upgrade("/ws", { raw });
  assert.equal(doubled.head.status, 101);
  assert.equal(doubled.head.get("sec-websocket-accept"), acceptKey(`${key}, ${key}`), "accept of the combined field value");
});

test("workerd does not require Connection: Upgrade, and 101s an HTTP/1.0 upgrade", async () => {
  const none = await upgrade("/ws", { headers: { Connection: null } });
  assert.equal(none.head.status, 101);
  assert.ok(!none.seen.headers.some(([k]) => k === "connection"), "the Worker sees no Connection field");
  const keepAlive = await upgrade("/ws", { headers: { Connection: "keep-alive" } });
  assert.equal(keepAlive.head.status, 101);
  const http10 = await upgrade("/ws", { raw: upgradeHead({ port: mf.port, path: "/ws" }).replace("HTTP/1.1", "HTTP/1.0") });
  assert.equal(http10.head.status, 101);
});

test("workerd writes Upgrade, Connection and Sec-WebSocket-Accept on a 101 itself, overriding the Worker's", async () => {
  const key = newKey();
  const { head } = await upgrade("/ws?Upgrade=foo&Connection=close&Sec-WebSocket-Accept=bogus&Sec-WebSocket-Protocol=chat", { key });
  assert.equal(head.status, 101);
  assert.deepEqual(head.headers, [
    ["Connection", "Upgrade"],
    ["Upgrade", "websocket"],
    ["Sec-WebSocket-Accept", acceptKey(key)],
    ["Sec-WebSocket-Protocol", "chat"],
  ]);
});

test("workerd strips Upgrade and Connection from a Worker's 426 and keeps the other fields", async () => {
  const res = await rawExchange(mf.port,
    `GET /respond?status=426&Upgrade=websocket&Connection=Upgrade&Sec-WebSocket-Version=13 HTTP/1.1\r\nHost: 127.0.0.1:${mf.port}\r\n\r\n`);
  assert.equal(res.statusLine, "HTTP/1.1 426 Upgrade Required");
  assert.equal(res.get("upgrade"), undefined);
  assert.equal(res.get("connection"), undefined);
  assert.equal(res.get("sec-websocket-version"), "13");
  assert.equal(res.body, "from the Worker\n");
});

test("a Worker cannot answer 101 without a webSocket: 500 with the RangeError", async () => {
  const res = await rawExchange(mf.port, `GET /respond?status=101 HTTP/1.1\r\nHost: 127.0.0.1:${mf.port}\r\n\r\n`);
  assert.equal(res.status, 500);
  assert.match(res.body, /RangeError: Responses may only be constructed with status codes in the range 200 to 599/);
});

test("locally, a POST with Upgrade: websocket reaches the Worker as a GET, and a webSocket answer to it is a 500", async () => {
  // Miniflare's entry Worker forwards an upgrade as a WebSocket request, which kj always makes a GET;
  // kj then refuses to complete a WebSocket for the client's real method ("must be initiated with a GET").
  const seen = await upgrade("/json", { method: "POST" });
  assert.equal(seen.head.status, 200);
  assert.equal(JSON.parse(seen.body).method, "GET");
  const ws = await upgrade("/ws", { method: "POST" });
  assert.equal(ws.head.status, 500);
  assert.equal(ws.body, "Internal Server Error");
  // workerd logs why on its stderr, which may arrive a moment after the response.
  const deadline = Date.now() + 10_000;
  while (!/WebSocket must be initiated with a GET request/.test(mf.output()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(mf.output(), /WebSocket must be initiated with a GET request/);
});

test("the Worker sees header names lowercased, sorted by name, duplicates combined, plus workerd's own fields", async () => {
  const key = newKey();
  const raw = `GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nX-Zeta: 1\r\nHost: 127.0.0.1:${mf.port}\r\n` +
    `Sec-WebSocket-Version: 13\r\nX-Alpha: a\r\nSec-WebSocket-Key: ${key}\r\nX-Alpha: b\r\nConnection: Upgrade\r\n\r\n`;
  const { head, seen } = await upgrade("/ws", { raw });
  assert.equal(head.status, 101);
  assert.deepEqual(seen.headers, [
    ["accept-encoding", "br, gzip"],
    ["cf-connecting-ip", "127.0.0.1"],
    ["connection", "Upgrade"],
    ["host", `127.0.0.1:${mf.port}`],
    ["sec-websocket-key", key],
    ["sec-websocket-version", "13"],
    ["upgrade", "websocket"],
    ["x-alpha", "a, b"],
    ["x-zeta", "1"],
  ]);
});

test("permessage-deflate: workerd negotiates on its own when the Worker is silent, else uses the Worker's answer", async () => {
  const offer = { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" };
  const silent = await upgrade("/ws", { headers: offer });
  assert.equal(silent.head.get("sec-websocket-extensions"), "permessage-deflate; client_max_window_bits=15");
  assert.equal(silent.frame.rsv1, true, "the first message is compressed");
  const chosen = "permessage-deflate; server_no_context_takeover; client_max_window_bits=10";
  const explicit = await upgrade(`/ws?Sec-WebSocket-Extensions=${encodeURIComponent(chosen)}`, { headers: offer });
  assert.equal(explicit.head.get("sec-websocket-extensions"), chosen);
  assert.equal(explicit.frame.rsv1, true);
  const notOffered = await upgrade("/ws?Sec-WebSocket-Extensions=permessage-deflate");
  assert.equal(notOffered.head.get("sec-websocket-extensions"), undefined, "dropped when the client offered nothing");
  assert.equal(notOffered.frame.rsv1, false);
});

test("locally, the Worker's no_web_socket_compression flag does not turn permessage-deflate off", async () => {
  // Miniflare routes every request through its own entry Worker, whose compatibility flags (not
  // the user Worker's) govern the client-facing WebSocket; on Cloudflare the flag is the switch.
  const off = await startMiniflare({ scriptPath: fixture, compatibilityFlags: ["no_web_socket_compression"] });
  try {
    const conn = openRaw(off.port);
    await conn.write(upgradeHead({ port: off.port, path: "/ws", headers: { "Sec-WebSocket-Extensions": "permessage-deflate" } }));
    const head = await conn.head();
    assert.equal(head.status, 101);
    assert.equal(head.get("sec-websocket-extensions"), "permessage-deflate");
    assert.equal((await conn.frame()).rsv1, true);
    conn.close();
  } finally {
    await off.stop();
  }
});
