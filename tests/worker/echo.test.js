// The Worker in real local workerd (wrangler dev), with a real WebSocket client and a raw socket.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import WebSocket from "ws";
import { acceptKey } from "upgrade-handshake";
import { startWrangler } from "../support/dev-server.js";

let server;
before(async () => { server = await startWrangler(); });
after(async () => { await server?.stop(); });

function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1");
    let data = "";
    sock.setTimeout(10_000, () => { sock.destroy(); resolve(data); });
    sock.on("data", (d) => {
      data += d.toString("latin1");
      if (data.includes("\r\n\r\n")) { sock.destroy(); resolve(data); }
    });
    sock.on("error", reject);
    sock.write(text);
  });
}

test("GET / serves the inspector page", async () => {
  const res = await fetch(`${server.url}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /inspector/i);
});

test("/echo echoes a text message over a WebSocket", async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/echo`);
  await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
  const reply = new Promise((resolve) => ws.once("message", (data, isBinary) => resolve({ data: data.toString(), isBinary })));
  ws.send("hello edge");
  assert.deepEqual(await reply, { data: "hello edge", isBinary: false });
  ws.close(1000);
});

test("rfc6455_4_2_2 workerd's Sec-WebSocket-Accept equals the package's acceptKey", async () => {
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const head = await rawRequest(server.port,
    `GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  assert.match(head, /^HTTP\/1\.1 101 /);
  const accept = /\r\nSec-WebSocket-Accept: *([^\r]*)\r\n/i.exec(head)?.[1];
  assert.equal(accept, acceptKey(key));
});

test("a plain GET to /echo gets 426", async () => {
  const res = await fetch(`${server.url}/echo`);
  assert.equal(res.status, 426);
  await res.arrayBuffer();
});
