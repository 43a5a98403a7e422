// negotiateFetch: the helper for Fetch servers (Cloudflare Workers...), in all three kinds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { negotiate, negotiateFetch } from "upgrade-handshake";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const WS = { Host: "h.example", Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" };
const req = (headers, init = {}) => new Request("https://h.example/chat?room=1", { headers, ...init });

test("switch: headers hold only what the server sets itself", () => {
  const d = negotiateFetch(req({ ...WS, "Sec-WebSocket-Protocol": "chat, superchat" }), { protocols: ["superchat"] });
  assert.equal(d.kind, "switch");
  assert.equal(d.protocol, "websocket");
  assert.ok(d.headers instanceof Headers);
  assert.deepEqual([...d.headers], [["sec-websocket-protocol", "superchat"]]);
  assert.equal(d.outcome.kind, "switch");
  assert.equal(d.outcome.subprotocol, "superchat");
  assert.ok(d.outcome.headers.some(([n, v]) => n === "Sec-WebSocket-Accept" && v === "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
  assert.deepEqual(Object.keys(d).sort(), ["headers", "kind", "outcome", "protocol"]);
});

test("switch: no subprotocol, no headers; permessage-deflate answered when the policy accepts it", () => {
  assert.deepEqual([...negotiateFetch(req(WS)).headers], []);
  const offer = { ...WS, "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" };
  assert.deepEqual([...negotiateFetch(req(offer)).headers], []);
  const d = negotiateFetch(req(offer), { permessageDeflate: { serverNoContextTakeover: true } });
  assert.equal(d.kind, "switch");
  assert.equal(d.headers.get("Sec-WebSocket-Extensions"), d.outcome.extensions);
  assert.match(d.outcome.extensions, /server_no_context_takeover/);
});

test("switch: edge mode accepts a Connection rewritten by a proxy", () => {
  const rewritten = { ...WS, Connection: "keep-alive" };
  assert.equal(negotiateFetch(req(rewritten)).kind, "reject");
  const d = negotiateFetch(req(rewritten), { edge: true });
  assert.equal(d.kind, "switch");
  assert.ok(d.outcome.checks.some((c) => c.result === "warn"));
});

test("reject: a ready Response with status, headers and the explanatory body", async () => {
  const d = negotiateFetch(req({ ...WS, "Sec-WebSocket-Version": "8" }));
  assert.equal(d.kind, "reject");
  assert.ok(d.response instanceof Response);
  assert.equal(d.response.status, 426);
  assert.equal(d.response.headers.get("Sec-WebSocket-Version"), "13");
  assert.equal(d.response.headers.get("Content-Type"), "text/plain; charset=utf-8");
  const body = await d.response.text();
  assert.equal(body, d.outcome.body);
  assert.match(body, /RFC 6455 §4.2.2/);
  assert.equal(d.outcome.error.code, "bad-websocket-version");
  assert.deepEqual(Object.keys(d).sort(), ["kind", "outcome", "response"]);
});

test("reject: origins and limits", async () => {
  const o = negotiateFetch(req({ ...WS, Origin: "https://evil.example" }), { origins: ["https://h.example"] });
  assert.equal(o.response.status, 403);
  const big = negotiateFetch(req({ ...WS, "X-Pad": "p".repeat(500) }), { maxHeadBytes: 256 });
  assert.equal(big.response.status, 431);
  const many = negotiateFetch(req(WS), { maxHeaders: 2 });
  assert.equal(many.response.status, 431);
});

test("pass: a plain request is served normally", () => {
  const d = negotiateFetch(new Request("https://h.example/"));
  assert.equal(d.kind, "pass");
  assert.equal(d.outcome.kind, "pass");
  assert.deepEqual(Object.keys(d).sort(), ["kind", "outcome"]);
  const other = negotiateFetch(req({ Host: "h.example", Upgrade: "foo/1", Connection: "Upgrade" }));
  assert.equal(other.kind, "pass");
});

test("the Request's target, method and body reach the core", () => {
  const post = negotiateFetch(req(WS, { method: "POST", body: "x" }));
  assert.equal(post.kind, "reject");
  assert.equal(post.outcome.error.code, "websocket-method");
  assert.equal(post.response.status, 405);
  // same decision as negotiate() on the Request, and as the equivalent raw head
  const r = req(WS);
  assert.deepEqual(negotiateFetch(r).outcome, negotiate(r));
  const raw = `GET /chat?room=1 HTTP/1.1\r\n${Object.entries(WS).map(([n, v]) => `${n}: ${v}`).join("\r\n")}\r\n\r\n`;
  assert.equal(negotiate(r).response, negotiate(raw).response);
});

test("TypeError for a non-Request or bad options", () => {
  for (const bad of [undefined, null, "GET / HTTP/1.1\r\n\r\n", new Uint8Array(4), {}, { url: "x" }]) {
    assert.throws(() => negotiateFetch(bad), TypeError);
  }
  assert.throws(() => negotiateFetch(req(WS), { protocols: "chat" }), TypeError);
  assert.throws(() => negotiateFetch(req(WS), 5), TypeError);
});
