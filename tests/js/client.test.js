// The client side: generateKey, createRequest, verifyResponse, and the round trip
// createRequest -> negotiate -> verifyResponse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createRequest, generateKey, negotiate, verifyResponse } from "upgrade-handshake";

/** The accept value computed with node:crypto (RFC 6455 §4.2.2 step 5.4), independent of the package. */
const nodeAccept = (key) => createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");


const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const RFC_101 =
  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n`;

test("rfc6455_4_1_generateKey_is_base64_of_16_random_bytes", () => {
  const seen = new Set();
  for (let i = 0; i < 500; i++) {
    const key = generateKey();
    assert.match(key, /^[A-Za-z0-9+/]{22}==$/);
    assert.equal(Buffer.from(key, "base64").length, 16);
    assert.equal(Buffer.from(key, "base64").toString("base64"), key);
    seen.add(key);
  }
  assert.equal(seen.size, 500);
});

test("rfc6455_1_3_verify_the_example_response", () => {
  const v = verifyResponse(RFC_101, { key: KEY, protocols: ["chat", "superchat"] });
  assert.equal(v.ok, true);
  assert.equal(v.protocol, "chat");
  assert.equal(v.extensions, undefined);
  assert.equal(v.error, undefined);
  assert.equal(v.versions, undefined);
  assert.equal(v.incomplete, undefined);
  assert.ok(v.checks.length > 0);
  for (const c of v.checks) {
    assert.ok(["pass", "skip", "warn"].includes(c.result), JSON.stringify(c));
    assert.match(c.section, /^RFC \d+/);
  }
  assert.deepEqual(Object.keys(v), ["ok", "protocol", "checks"]);
});

test("verifyResponse: input types string, Uint8Array, Response agree", () => {
  const offer = { key: KEY, protocols: ["chat"] };
  const s = verifyResponse(RFC_101, offer);
  assert.deepEqual(verifyResponse(new TextEncoder().encode(RFC_101), offer), s);
  assert.deepEqual(verifyResponse(Buffer.from(RFC_101), offer), s);
  // A Fetch Response cannot be built with status 101 in Node; a runtime's fetch() returns one.
  const res = new Response(null, {
    headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Accept": ACCEPT, "Sec-WebSocket-Protocol": "chat" },
  });
  Object.defineProperty(res, "status", { value: 101 });
  const r = verifyResponse(res, offer);
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.protocol, "chat");
  // a real 426 Response lists the versions the server speaks
  const v426 = verifyResponse(new Response("no", { status: 426, headers: { "Sec-WebSocket-Version": "13, 8" } }), offer);
  assert.equal(v426.ok, false);
  assert.equal(v426.error.code, "version-not-supported");
  assert.deepEqual(v426.versions, [13, 8]);
  const v200 = verifyResponse(new Response("hi"), offer);
  assert.equal(v200.error.code, "bad-status");
});

test("verifyResponse: a partial response is incomplete, not an error", () => {
  const v = verifyResponse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n", { key: KEY });
  assert.equal(v.ok, false);
  assert.equal(v.incomplete, true);
  assert.equal(v.error, undefined);
});

test("verifyResponse: extensions accepted as offered", () => {
  const resp = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`;
  const ok = verifyResponse(resp, { key: KEY, extensions: "permessage-deflate; client_max_window_bits" });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assert.equal(ok.extensions, "permessage-deflate");
  const notOffered = verifyResponse(resp, { key: KEY });
  assert.equal(notOffered.ok, false);
  assert.equal(notOffered.error.code, "response-extensions");
});

test("verifyResponse: TypeError for arguments of the wrong type", () => {
  for (const bad of [undefined, null, 1, {}, [], new ArrayBuffer(2), new Request("http://a/")]) {
    assert.throws(() => verifyResponse(bad, { key: KEY }), TypeError);
  }
  for (const bad of [undefined, null, "key", 1, [], {}, { key: 1 }, { key: KEY, protocols: "chat" }, { key: KEY, protocols: [1] }, { key: KEY, extensions: 1 }]) {
    assert.throws(() => verifyResponse(RFC_101, bad), TypeError, JSON.stringify(bad));
  }
});

test("rfc6455_4_1_createRequest_builds_the_example_request", () => {
  const r = createRequest({ url: "ws://server.example.com/chat", protocols: ["chat", "superchat"], origin: "http://example.com", key: KEY });
  assert.deepEqual(Object.keys(r), ["key", "request", "headers"]);
  assert.equal(r.key, KEY);
  assert.ok(r.request.startsWith("GET /chat HTTP/1.1\r\nHost: server.example.com\r\n"), r.request);
  assert.ok(r.request.endsWith("\r\n\r\n"));
  const lines = r.request.slice(0, -4).split("\r\n").slice(1);
  assert.deepEqual(lines, r.headers.map(([n, v]) => `${n}: ${v}`));
  const get = (name) => r.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  assert.equal(get("Upgrade"), "websocket");
  assert.match(get("Connection"), /upgrade/i);
  assert.equal(get("Sec-WebSocket-Key"), KEY);
  assert.equal(get("Sec-WebSocket-Version"), "13");
  assert.equal(get("Sec-WebSocket-Protocol"), "chat, superchat");
  assert.equal(get("Origin"), "http://example.com");
  assert.equal(get("Sec-WebSocket-Extensions"), undefined);
});

test("createRequest: generates a key when absent; extensions are offered", () => {
  const a = createRequest({ url: "wss://h.example:8443/x?y=1", extensions: "permessage-deflate; client_max_window_bits" });
  const b = createRequest({ url: "wss://h.example:8443/x?y=1" });
  assert.match(a.key, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(a.key, b.key);
  assert.ok(a.request.startsWith("GET /x?y=1 HTTP/1.1\r\nHost: h.example:8443\r\n"), a.request);
  assert.ok(a.headers.some(([n, v]) => n === "Sec-WebSocket-Extensions" && v === "permessage-deflate; client_max_window_bits"));
});

test("createRequest: misuse throws a TypeError naming the problem", () => {
  const cases = [
    [{ url: "ftp://h/" }, "url"],
    [{ url: "ws://h/\r\nX: y" }, "url"],
    [{ url: "ws://h/a#frag" }, "url"],
    [{ url: "ws://h/", protocols: ["a b"] }, "protocol"],
    [{ url: "ws://h/", protocols: ["chat", "chat"] }, "protocol"],
    [{ url: "ws://h/", protocols: ["a\0b"] }, "protocol"],
    [{ url: "ws://h/", origin: "http://a\r\nX-Evil: 1" }, "origin"],
    [{ url: "ws://h/", extensions: "permessage-deflate\r\nX: 1" }, "extensions"],
    [{ url: "ws://h/", key: "short" }, "key"],
    [{ url: "ws://h/", key: "dGhlIHNhbXBsZSBub25jZQ" }, "key"],
    [{ url: "ws://h/\0" }, "url"],
  ];
  for (const [options, code] of cases) {
    let error;
    try {
      createRequest(options);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TypeError, `${JSON.stringify(options)}: ${error}`);
    assert.equal(error.code, code, JSON.stringify(options));
    assert.match(error.message, /^createRequest: \S.{10,}$/);
  }
  // The sentence is the core's (BuildError::description, sent by number).
  assert.throws(() => createRequest({ url: "ftp://h/" }), {
    message: "createRequest: the URL must be ws://, wss://, http:// or https:// with a host and no fragment or userinfo (url)",
  });
});

test("createRequest: TypeError for arguments of the wrong type", () => {
  for (const bad of [undefined, null, "ws://h/", 1, [], {}, { url: 1 }, { url: "ws://h/", protocols: "chat" }, { url: "ws://h/", protocols: [1] }, { url: "ws://h/", origin: 1 }, { url: "ws://h/", extensions: true }, { url: "ws://h/", key: new Uint8Array(16) }]) {
    assert.throws(() => createRequest(bad), TypeError, JSON.stringify(bad));
  }
});

test("round trip: createRequest -> negotiate -> verifyResponse", () => {
  for (const [client, policy, protocol, extensions] of [
    [{ url: "ws://a.example/chat" }, {}, undefined, undefined],
    [{ url: "ws://a.example/chat", protocols: ["v2", "v1"] }, { protocols: ["v1", "v2"] }, "v2", undefined],
    [{ url: "ws://a.example/chat", protocols: ["v1"], origin: "https://a.example" }, { protocols: ["v1"], origins: ["https://a.example"] }, "v1", undefined],
    [{ url: "wss://a.example/", extensions: "permessage-deflate; client_max_window_bits" }, { permessageDeflate: { serverMaxWindowBits: 12 } }, undefined, /^permessage-deflate/],
  ]) {
    const req = createRequest(client);
    const out = negotiate(req.request, policy);
    assert.equal(out.kind, "switch", JSON.stringify(out.error));
    assert.equal(out.subprotocol, protocol);
    const v = verifyResponse(out.response, { key: req.key, protocols: client.protocols, extensions: client.extensions });
    assert.equal(v.ok, true, JSON.stringify(v.error));
    assert.equal(v.protocol, protocol);
    if (extensions) assert.match(v.extensions, extensions);
    else assert.equal(v.extensions, undefined);
    assert.ok(out.headers.some(([n, val]) => n === "Sec-WebSocket-Accept" && val === nodeAccept(req.key)));
  }
});

test("round trip: a rejection is not a WebSocket for the client", () => {
  const req = createRequest({ url: "ws://a.example/chat", origin: "https://evil.example" });
  const out = negotiate(req.request, { origins: ["https://a.example"] });
  assert.equal(out.status, 403);
  const v = verifyResponse(out.response, { key: req.key });
  assert.equal(v.ok, false);
  assert.equal(v.error.code, "bad-status");
});
