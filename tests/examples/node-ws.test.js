// examples/node-ws.mjs (upgrade-handshake/ws in front of ws) as a real server: the ws client and
// Chromium, the 101 on the wire byte for byte, the package's rejections, no leak.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { negotiate } from "upgrade-handshake";
import { rawExchange } from "../support/raw.js";
import { APP_ORIGIN, examplePolicy, startExample, wsClientEcho, checkRejections, checkNoLeak, chromiumEcho, launchChromium, chatHead } from "../support/examples.js";

let server, browser, policy;

before(async () => {
  server = await startExample(process.execPath, ["examples/node-ws.mjs"], { origins: (port) => [APP_ORIGIN, `http://127.0.0.1:${port}`] });
  policy = examplePolicy("node-ws", server.origins);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("the ws client: chat, permessage-deflate, echo (text and binary)", async () => {
  const headers = await wsClientEcho(server.port, policy);
  assert.equal(headers["sec-websocket-protocol"], "chat");
  assert.equal(headers["sec-websocket-extensions"], "permessage-deflate");
});

test("the 101 on the wire is the package's, byte for byte", async () => {
  const offers = [
    { "Sec-WebSocket-Protocol": "chat, superchat" },
    { "Sec-WebSocket-Protocol": "superchat,chat", "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits; server_max_window_bits=10" },
    { "Sec-WebSocket-Protocol": "foo, superchat", "Sec-WebSocket-Extensions": "permessage-deflate; server_no_context_takeover" },
    { "Sec-WebSocket-Extensions": "x-webkit-deflate-frame, permessage-deflate; client_max_window_bits=12, permessage-deflate" },
    { "Sec-WebSocket-Extensions": "permessage-deflate; client_no_context_takeover" }, // ws alone would echo it
    { "Sec-WebSocket-Protocol": "foo" },
    { Upgrade: "WebSocket, foo/1" }, // ws alone refuses an Upgrade list (400)
  ];
  for (const headers of offers) {
    const head = chatHead(server.port, { "Sec-WebSocket-Extensions": null, ...headers, Origin: APP_ORIGIN });
    const outcome = negotiate(head, policy);
    assert.equal(outcome.kind, "switch", JSON.stringify(headers));
    const got = await rawExchange(server.port, head);
    assert.equal(got.text, outcome.response, JSON.stringify(headers));
  }
});

test("Chromium: chat, permessage-deflate, echo", async () => {
  await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy });
});

test("raw rejections are the package's", async () => {
  await checkRejections(server.port, policy);
});

test("200 rejected handshakes in a row: every socket closed, the server still answers", async () => {
  await checkNoLeak(server.port, policy, { pid: server.pid });
});
