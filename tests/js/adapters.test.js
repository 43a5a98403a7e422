// The sub-path adapters' argument checks: a wrong type throws a TypeError naming the argument.
import { test } from "node:test";
import assert from "node:assert/strict";
import { handleUpgrade, upgradeHandler, answerUpgrade, negotiateIncoming } from "upgrade-handshake/ws";
import { upgradeHandshake } from "upgrade-handshake/hono";
import { injectWebSocket } from "upgrade-handshake/hono/node";
import { upgrade } from "upgrade-handshake/crossws";
import { upgradeWebSocket } from "upgrade-handshake/deno";

const throwsType = (fn, message) => assert.throws(fn, (e) => e instanceof TypeError && message.test(e.message));
const wss = (options = { noServer: true }) => ({ options, handleUpgrade() {}, emit() {}, prependListener() {}, removeListener() {} });
const req = { method: "GET", url: "/chat", httpVersion: "1.1", rawHeaders: ["Host", "a"], headers: { host: "a" } };

test("upgrade-handshake/ws", () => {
  throwsType(() => negotiateIncoming("GET / HTTP/1.1"), /^req must be a Node http\.IncomingMessage, got string$/);
  throwsType(() => handleUpgrade({}, req, {}, new Uint8Array()), /^wss must be a ws WebSocketServer, got object$/);
  throwsType(() => upgradeHandler(wss({ port: 80 })), /^wss must be created with \{ noServer: true \}/);
  throwsType(() => upgradeHandler(wss({ noServer: true, verifyClient() {} })), /^wss\.options\.verifyClient must be unset/);
  throwsType(() => upgradeHandler(wss(), {}, "f"), /^onConnection must be a function, got string$/);
  throwsType(() => answerUpgrade(wss(), req, {}, new Uint8Array(), null), /^outcome must be an Outcome of negotiate, got null$/);
  throwsType(() => negotiateIncoming(req, { protocols: "chat" }), /options\.protocols/);
  assert.equal(negotiateIncoming(req, { requireUpgrade: true }).status, 426);
});

test("upgrade-handshake/hono, /hono/node, /crossws, /deno", () => {
  throwsType(() => upgradeHandshake("chat"), /^policy must be an object, got string$/);
  throwsType(() => upgrade([]), /^policy must be an object, got array$/);
  throwsType(() => upgradeWebSocket(new Request("http://a/"), null), /^policy must be an object, got null$/);
  throwsType(() => upgradeWebSocket(new Request("http://a/"), {}, 5), /^options must be an object, got number$/);
  throwsType(() => injectWebSocket(null, {}), /^server must be a Node http\.Server, got null$/);
  throwsType(() => injectWebSocket({ on() {} }, { wss: wss() }), /^options\.app must be a Hono app, got undefined$/);
  throwsType(() => injectWebSocket({ on() {} }, { app: { request() {} } }), /^options\.wss must be @hono\/node-ws's WebSocketServer, got undefined$/);
  // crossws's hook answers a request that offers no WebSocket with the package's 426
  const answer = upgrade({})(new Request("http://a/chat"));
  assert.equal(answer.status, 426);
  assert.equal(answer.statusText, "Upgrade Required");
});

test("upgrade-handshake/crossws: WebSocket only, whatever the policy lists", () => {
  const hook = upgrade({ upgrades: ["h2c", "websocket"] });
  const h2c = new Request("http://a/chat", { headers: { Upgrade: "h2c", Connection: "Upgrade, HTTP2-Settings", "HTTP2-Settings": "AAMAAABkAAQCAAAAAAIAAAAA" } });
  const answer = hook(h2c);
  assert.ok(answer instanceof Response);
  assert.equal(answer.status, 426);
  const ws = new Request("http://a/chat", { headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13" } });
  const ok = hook(ws);
  assert.ok(!(ok instanceof Response));
  assert.equal(ok.perMessageDeflate, false);
});
