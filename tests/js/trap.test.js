// A call that traps (the core never panics, but a call can exhaust the module's 4 GiB of memory)
// throws the runtime's error, and the module is instantiated again by wasm-bindgen's glue: the
// next calls work, under their policies, and lazy trails made before the trap still build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptKey, createRequest, negotiate, negotiateFetch, verifyResponse } from "upgrade-handshake";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const head = (origin) =>
  "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nOrigin: ${origin}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
// Nearly 4 GiB (allocated lazily by the OS): copying it into the module cannot fit.
const exhausting = () => new Uint8Array(2 ** 32 - 1);
const limits = { maxHeadBytes: 2 ** 32 - 1 };

test("a trap fails that call only: the next calls run on a fresh instance, under their policies", () => {
  const policy = { origins: ["http://good.example"] };
  const before = negotiate(head("http://evil.example"), policy);
  assert.throws(() => negotiate(exhausting(), limits), WebAssembly.RuntimeError);
  assert.equal(negotiate(head("http://evil.example"), policy).status, 403, "the policy is converted again");
  assert.equal(negotiate(head("http://good.example"), policy).status, 101);
  assert.equal(negotiate(head("http://evil.example")).status, 101, "no origin policy");
  assert.equal(acceptKey(KEY), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  // The lazy trail of an outcome made on the instance that trapped.
  assert.deepEqual(before.checks.filter((c) => c.result === "fail").map((c) => c.id), ["origin"]);
});

test("every export recovers from a trap in any other", () => {
  const request = new Request("http://server.example.com/chat", { headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" } });
  const offer = { key: KEY };
  const ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  for (let round = 0; round < 3; round++) {
    assert.throws(() => verifyResponse(exhausting(), offer), WebAssembly.RuntimeError);
    assert.equal(verifyResponse(ok, offer).ok, true);
    assert.throws(() => negotiate(exhausting(), limits), WebAssembly.RuntimeError);
    assert.equal(negotiateFetch(request).kind, "switch");
    assert.equal(createRequest({ url: "ws://a.example/", key: KEY }).key, KEY);
  }
});
