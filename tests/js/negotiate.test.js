// negotiate(): every Outcome field, every Policy option, every input type, the TypeErrors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { negotiate } from "upgrade-handshake";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
/** The accept value computed with node:crypto (RFC 6455 §4.2.2 step 5.4), independent of the package. */
const nodeAccept = (key) => createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");

const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/** A request head from field lines (CRLF line ends, the blank line appended). */
function head(requestLine, ...fields) {
  return [requestLine, ...fields, "", ""].join("\r\n");
}

const WS = ["Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 13"];

// RFC 6455 §1.3's example handshake.
const RFC6455_1_3 = head(
  "GET /chat HTTP/1.1",
  "Host: server.example.com",
  "Upgrade: websocket",
  "Connection: Upgrade",
  `Sec-WebSocket-Key: ${KEY}`,
  "Origin: http://example.com",
  "Sec-WebSocket-Protocol: chat, superchat",
  "Sec-WebSocket-Version: 13",
);

const OUTCOME_KEYS = new Set(["kind", "status", "protocol", "headers", "body", "response", "subprotocol", "extensions", "settings", "error", "checks"]);

function assertShape(o) {
  for (const k of Object.keys(o)) assert.ok(OUTCOME_KEYS.has(k), `unexpected key ${k}`);
  assert.ok(["switch", "reject", "pass", "incomplete"].includes(o.kind));
  assert.ok(o.status === null || Number.isInteger(o.status));
  assert.ok(Array.isArray(o.headers));
  for (const h of o.headers) {
    assert.equal(h.length, 2);
    assert.equal(typeof h[0], "string");
    assert.equal(typeof h[1], "string");
  }
  assert.equal(typeof o.response, "string");
  assert.ok(Array.isArray(o.checks));
  for (const c of o.checks) {
    assert.deepEqual(Object.keys(c).filter((k) => !["id", "result", "section", "header", "message"].includes(k)), []);
    assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(["pass", "fail", "skip", "warn"].includes(c.result), c.result);
    assert.match(c.section, /^RFC \d+/);
    assert.equal(typeof c.message, "string");
    assert.ok(c.message.length > 0);
    if ("header" in c) assert.equal(typeof c.header, "string");
  }
  if (o.kind === "reject") {
    assert.equal(typeof o.body, "string");
    assert.ok(o.error);
    assert.ok(o.response.endsWith(o.body));
  } else {
    assert.equal(o.body, undefined);
    assert.equal(o.error, undefined);
  }
  if (o.kind === "pass" || o.kind === "incomplete") {
    assert.equal(o.status, null);
    assert.equal(o.response, "");
  } else {
    assert.equal(o.status, Number(o.response.slice(9, 12)));
    // headers are the response's fields, in order
    const lines = o.response.slice(0, o.response.indexOf("\r\n\r\n")).split("\r\n").slice(1);
    assert.deepEqual(lines, o.headers.map(([n, v]) => `${n}: ${v}`));
  }
  return o;
}

test("rfc6455_1_3_example_switches_with_the_rfc_response", () => {
  const o = assertShape(negotiate(RFC6455_1_3, { protocols: ["chat"] }));
  assert.equal(o.kind, "switch");
  assert.equal(o.status, 101);
  assert.equal(o.protocol, "websocket");
  assert.equal(o.subprotocol, "chat");
  assert.equal(o.extensions, undefined);
  assert.equal(o.settings, undefined);
  assert.equal(o.error, undefined);
  assert.equal(o.body, undefined);
  assert.deepEqual(o.headers, [
    ["Upgrade", "websocket"],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Accept", ACCEPT],
    ["Sec-WebSocket-Protocol", "chat"],
  ]);
  assert.equal(
    o.response,
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n`,
  );
  assert.ok(o.checks.length > 3);
  assert.ok(o.checks.every((c) => c.result !== "fail"));
  assert.ok(o.checks.some((c) => c.section.startsWith("RFC 6455")));
});

test("the default policy chooses no subprotocol and only websocket", () => {
  const o = negotiate(RFC6455_1_3);
  assert.equal(o.kind, "switch");
  assert.equal(o.subprotocol, undefined);
  assert.ok(!o.response.includes("Sec-WebSocket-Protocol"));
  assert.deepEqual(negotiate(RFC6455_1_3, {}), o);
  assert.deepEqual(negotiate(RFC6455_1_3, undefined), o);
  assert.deepEqual(negotiate(RFC6455_1_3, null), o);
});

test("input types: string, Uint8Array, Buffer and Request agree", () => {
  const s = negotiate(RFC6455_1_3, { protocols: ["superchat"] });
  const bytes = negotiate(new TextEncoder().encode(RFC6455_1_3), { protocols: ["superchat"] });
  const buf = negotiate(Buffer.from(RFC6455_1_3), { protocols: ["superchat"] });
  assert.deepEqual(bytes, s);
  assert.deepEqual(buf, s);
  const req = new Request("http://server.example.com/chat", {
    headers: {
      Host: "server.example.com",
      Upgrade: "websocket",
      Connection: "Upgrade",
      "Sec-WebSocket-Key": KEY,
      Origin: "http://example.com",
      "Sec-WebSocket-Protocol": "chat, superchat",
      "Sec-WebSocket-Version": "13",
    },
  });
  const r = assertShape(negotiate(req, { protocols: ["superchat"] }));
  assert.equal(r.kind, "switch");
  assert.equal(r.subprotocol, "superchat");
  assert.equal(r.response, s.response);
});

test("a string is UTF-8 encoded, a non-ASCII head is judged on its bytes", () => {
  const o = assertShape(negotiate(head("GET /ü HTTP/1.1", "Host: a", "X: é")));
  // obs-text is allowed in a field value and a UTF-8 target is read as text (RFC 9112 §3.2, §5.5):
  // a well-formed request that offers no upgrade, served normally.
  assert.equal(o.kind, "pass", JSON.stringify(o.error));
  assert.equal(o.status, null);
  // Whatever the core decides about non-ASCII, the string and its UTF-8 bytes get the same answer.
  assert.deepEqual(negotiate(new TextEncoder().encode(head("GET /ü HTTP/1.1", "Host: a", "X: é"))), o);
});

test("a Request without Host is negotiated from its absolute URL", () => {
  const req = new Request("http://h.example/chat?x=1", {
    headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" },
  });
  const o = negotiate(req);
  assert.equal(o.kind, "switch", JSON.stringify(o.error));
});

test("a Request with a body is not a WebSocket handshake it can switch silently", () => {
  const req = new Request("http://h.example/chat", {
    method: "POST",
    body: "x",
    headers: { Host: "h.example", Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" },
  });
  const o = assertShape(negotiate(req));
  assert.equal(o.kind, "reject");
  assert.equal(o.error.code, "websocket-method");
  assert.equal(o.status, 405);
});

test("a Request with obs-text in a field value is judged on the value's bytes", () => {
  const req = new Request("http://h.example/", { headers: { Host: "h.example", "X-Latin": "caf\u00e9" } });
  const o = assertShape(negotiate(req));
  assert.equal(o.kind, "pass");
});

test("incomplete: a partial head asks for more bytes", () => {
  for (const partial of ["", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: a\r\n", new Uint8Array([0x47, 0x45])]) {
    const o = assertShape(negotiate(partial));
    assert.equal(o.kind, "incomplete");
    assert.equal(o.status, null);
    assert.equal(o.response, "");
    assert.deepEqual(o.headers, []);
  }
});

test("pass: a request that is not an upgrade", () => {
  const o = assertShape(negotiate(head("GET / HTTP/1.1", "Host: a")));
  assert.equal(o.kind, "pass");
  assert.equal(o.protocol, undefined);
  assert.deepEqual(o.headers, []);
});

test("pass: an upgrade to a protocol this endpoint does not perform is served normally (RFC 9110 §7.8)", () => {
  const o = assertShape(negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: foo/1", "Connection: Upgrade")));
  assert.equal(o.kind, "pass");
});

test("policy.upgrades: h2c switch with decoded SETTINGS (RFC 7540 §3.2)", () => {
  // SETTINGS_MAX_FRAME_SIZE = 16384, SETTINGS_ENABLE_PUSH = 0
  const req = head("GET / HTTP/1.1", "Host: a", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAUAAEAAAAIAAAAA");
  assert.equal(negotiate(req).kind, "pass", "h2c is not performed by default");
  const o = assertShape(negotiate(req, { upgrades: ["h2c"] }));
  assert.equal(o.kind, "switch");
  assert.equal(o.status, 101);
  assert.equal(o.protocol, "h2c");
  assert.deepEqual(o.settings, { SETTINGS_MAX_FRAME_SIZE: 16384, SETTINGS_ENABLE_PUSH: 0 });
  assert.ok(o.headers.some(([n, v]) => n === "Upgrade" && v === "h2c"));
  assert.equal(o.subprotocol, undefined);
});

test("policy.upgrades: an unknown SETTINGS identifier is left out (RFC 7540 §6.5.2)", () => {
  // identifier 0x99 = 7
  const req = head("GET / HTTP/1.1", "Host: a", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AJkAAAAH");
  const o = negotiate(req, { upgrades: ["h2c"] });
  assert.equal(o.kind, "switch");
  assert.deepEqual(o.settings, {});
});

test("policy.upgrades: TLS/1.0 (RFC 2817) switch, and the advertisement on pass", () => {
  const o = assertShape(negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: TLS/1.0", "Connection: Upgrade"), { upgrades: ["TLS/1.0"] }));
  assert.equal(o.kind, "switch");
  assert.equal(o.protocol, "TLS/1.0");
  const p = assertShape(negotiate(head("GET / HTTP/1.1", "Host: a"), { upgrades: ["TLS/1.0"] }));
  assert.equal(p.kind, "pass");
  assert.deepEqual(p.headers, [
    ["Upgrade", "TLS/1.0"],
    ["Connection", "Upgrade"],
  ]);
  const none = negotiate(head("GET / HTTP/1.1", "Host: a", ...WS.slice(1)), { upgrades: [] });
  assert.equal(none.kind, "pass", "upgrades: [] performs nothing");
});

test("policy.requireTls: anything but TLS/1.0 gets 426 (RFC 2817 §4.2)", () => {
  const o = assertShape(negotiate(head("GET / HTTP/1.1", ...WS), { requireTls: true }));
  assert.equal(o.kind, "reject");
  assert.equal(o.status, 426);
  assert.equal(o.error.code, "tls-required");
  const t = negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: TLS/1.0", "Connection: Upgrade"), { requireTls: true });
  assert.equal(t.kind, "switch");
  assert.equal(t.protocol, "TLS/1.0");
});

test("policy.protocols: the first subprotocol the client offers that is supported", () => {
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["superchat", "chat"] }).subprotocol, "chat");
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["superchat"] }).subprotocol, "superchat");
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["other"] }).subprotocol, undefined);
  // an invalid entry is ignored, never echoed
  const o = negotiate(RFC6455_1_3, { protocols: ["chat\r\nX-Evil: 1", "a\0b"] });
  assert.equal(o.kind, "switch");
  assert.equal(o.subprotocol, undefined);
  assert.ok(!o.response.includes("Evil"));
});

test("policy.origins: a listed-out Origin gets 403 (RFC 6455 §10.2)", () => {
  assert.equal(negotiate(RFC6455_1_3, { origins: ["http://example.com"] }).kind, "switch");
  const o = assertShape(negotiate(RFC6455_1_3, { origins: ["https://example.org"] }));
  assert.equal(o.kind, "reject");
  assert.equal(o.status, 403);
  assert.equal(o.error.code, "origin-forbidden");
  assert.equal(o.error.header, "Origin");
});

test("policy.permessageDeflate: off by default, true or parameters (RFC 7692)", () => {
  const req = head("GET / HTTP/1.1", ...WS, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
  assert.equal(negotiate(req).extensions, undefined);
  assert.equal(negotiate(req, { permessageDeflate: false }).extensions, undefined);
  const on = assertShape(negotiate(req, { permessageDeflate: true }));
  assert.match(on.extensions, /^permessage-deflate/);
  assert.ok(on.headers.some(([n, v]) => n === "Sec-WebSocket-Extensions" && v === on.extensions));
  const p = negotiate(req, {
    permessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 9 },
  });
  assert.match(p.extensions, /server_no_context_takeover/);
  assert.match(p.extensions, /client_no_context_takeover/);
  assert.match(p.extensions, /server_max_window_bits=10/);
  assert.match(p.extensions, /client_max_window_bits=9/);
});

test("policy.edge: the Connection upgrade token is not required, a warn check says so", () => {
  const req = head("GET / HTTP/1.1", "Host: a", "Upgrade: websocket", "Connection: keep-alive", `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 13");
  const strict = negotiate(req);
  assert.equal(strict.kind, "reject");
  assert.equal(strict.error.code, "missing-connection-upgrade");
  const edge = assertShape(negotiate(req, { edge: true }));
  assert.equal(edge.kind, "switch");
  assert.ok(edge.checks.some((c) => c.result === "warn"));
});

test("policy.maxHeadBytes and maxHeaders: 431 past them, 414 for a long request line (RFC 6585 §5)", () => {
  const big = negotiate(head("GET / HTTP/1.1", ...WS, `X-Pad: ${"a".repeat(300)}`), { maxHeadBytes: 200 });
  assert.equal(big.status, 431);
  assert.equal(big.error.code, "head-too-large");
  const many = negotiate(head("GET / HTTP/1.1", ...WS), { maxHeaders: 3 });
  assert.equal(many.status, 431);
  assert.equal(many.error.code, "too-many-headers");
  const longTarget = negotiate(head(`GET /${"a".repeat(300)} HTTP/1.1`, ...WS), { maxHeadBytes: 200 });
  assert.equal(longTarget.status, 414);
  assert.equal(longTarget.error.code, "target-too-long");
  assert.equal(negotiate(head("GET / HTTP/1.1", ...WS), { maxHeadBytes: 100000, maxHeaders: 5 }).kind, "switch");
});

test("policy.trail: false leaves checks empty, the decision unchanged", () => {
  const on = negotiate(RFC6455_1_3, { protocols: ["chat"] });
  const off = negotiate(RFC6455_1_3, { protocols: ["chat"], trail: false });
  assert.deepEqual(off.checks, []);
  assert.deepEqual({ ...off, checks: undefined }, { ...on, checks: undefined });
  const bad = negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: websocket", "Connection: Upgrade"), { trail: false });
  assert.equal(bad.error.code, "missing-websocket-key");
  assert.deepEqual(bad.checks, []);
});

test("reject: the response carries status, headers and an explanatory body", () => {
  const o = assertShape(negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 8")));
  assert.equal(o.kind, "reject");
  assert.equal(o.status, 426);
  assert.deepEqual(Object.keys(o.error).sort(), ["code", "header", "message", "section"]);
  assert.equal(o.error.code, "bad-websocket-version");
  assert.equal(o.error.section, "RFC 6455 §4.2.2 item 4");
  assert.equal(o.error.header, "Sec-WebSocket-Version");
  assert.ok(o.headers.some(([n, v]) => n === "Sec-WebSocket-Version" && v === "13"), "426 lists the versions spoken");
  assert.ok(o.body.length > 0);
  assert.ok(o.body.includes("RFC 6455"), o.body);
  assert.ok(o.checks.some((c) => c.result === "fail"));
  const len = o.headers.find(([n]) => n.toLowerCase() === "content-length");
  assert.ok(len);
  assert.equal(Number(len[1]), Buffer.byteLength(o.body));
});

test("error without a header has no header key", () => {
  const o = negotiate("GARBAGE\r\n\r\n");
  assert.equal(o.kind, "reject");
  assert.equal(o.status, 400);
  assert.equal(o.error.code, "bad-request-line");
  assert.ok(!("header" in o.error));
});

const WRONG = [undefined, null, 42, true, {}, [], new ArrayBuffer(4), new Uint16Array(2), Symbol("x"), () => {}, new Response("x")];

test("TypeError for an input of the wrong type", () => {
  for (const bad of WRONG) {
    assert.throws(() => negotiate(bad), TypeError, String(typeof bad));
  }
});

test("TypeError or RangeError for policy options of the wrong type or range", () => {
  const cases = [
    [42, TypeError],
    ["websocket", TypeError],
    [[], TypeError],
    [{ upgrades: "websocket" }, TypeError],
    [{ upgrades: [1] }, TypeError],
    [{ protocols: "chat" }, TypeError],
    [{ protocols: [null] }, TypeError],
    [{ origins: {} }, TypeError],
    [{ permessageDeflate: "yes" }, TypeError],
    [{ permessageDeflate: null }, TypeError],
    [{ permessageDeflate: { serverNoContextTakeover: 1 } }, TypeError],
    [{ permessageDeflate: { serverMaxWindowBits: "10" } }, TypeError],
    [{ permessageDeflate: { serverMaxWindowBits: 7 } }, RangeError],
    [{ permessageDeflate: { clientMaxWindowBits: 16 } }, RangeError],
    [{ permessageDeflate: { clientMaxWindowBits: 9.5 } }, RangeError],
    [{ requireTls: "true" }, TypeError],
    [{ edge: 1 }, TypeError],
    [{ trail: "no" }, TypeError],
    [{ maxHeadBytes: "1" }, TypeError],
    [{ maxHeadBytes: 0 }, RangeError],
    [{ maxHeadBytes: 1.5 }, RangeError],
    [{ maxHeaders: -1 }, RangeError],
    [{ maxHeaders: NaN }, RangeError],
  ];
  for (const [options, type] of cases) {
    assert.throws(() => negotiate(RFC6455_1_3, options), type, JSON.stringify(options));
  }
});

test("malformed input is an outcome, never an exception", () => {
  const inputs = ["\r\n\r\n", "\0\0\0\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\0: x\r\n\r\n", "\u{1F600}\r\n\r\n", "x".repeat(70000)];
  for (let i = 0; i < 300; i++) {
    const b = crypto.getRandomValues(new Uint8Array(1 + (i % 97)));
    inputs.push(Buffer.concat([Buffer.from(b), Buffer.from("\r\n\r\n")]));
  }
  for (const input of inputs) {
    const o = assertShape(negotiate(input));
    assert.ok(["reject", "pass", "incomplete"].includes(o.kind));
  }
});

test("RFC 6455 §4.2.2: the 101's accept is SHA-1 of the key and the GUID, in base64 (node:crypto computes it)", () => {
  for (let i = 0; i < 20; i++) {
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const o = negotiate(head("GET / HTTP/1.1", "Host: a", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${key}`, "Sec-WebSocket-Version: 13"));
    assert.deepEqual(
      o.headers.find(([n]) => n === "Sec-WebSocket-Accept"),
      ["Sec-WebSocket-Accept", nodeAccept(key)],
    );
  }
});

test("a policy entry holding the binding's separators cannot become two entries", () => {
  // protocols/origins cross as one string separated by \x1f and \0; an entry holding one is invalid
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["x\x1fchat"] }).subprotocol, undefined);
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["x\0chat"] }).subprotocol, undefined);
  assert.equal(negotiate(RFC6455_1_3, { protocols: ["x\x01"] }).subprotocol, undefined);
  assert.equal(negotiate(RFC6455_1_3, { origins: ["https://a.example\x1fhttp://example.com"] }).status, 403);
  assert.equal(negotiate(RFC6455_1_3, { upgrades: ["\x01"] }).kind, "pass", "not read as 'upgrades absent'");
  assert.equal(negotiate(RFC6455_1_3, { upgrades: ["x\0chat\0\0\0\0"] }).kind, "pass");
});

// ---- the lazy trail (issue 4: "make the checks trail lazy or optional if it costs") ------------

test("policy.trail unset: checks is an own enumerable property, built on first read, equal to trail: true", () => {
  const lazy = negotiate(RFC6455_1_3, { protocols: ["chat"] });
  const eager = negotiate(RFC6455_1_3, { protocols: ["chat"], trail: true });
  const d = Object.getOwnPropertyDescriptor(lazy, "checks");
  assert.equal(typeof d.get, "function", "not built yet");
  assert.equal(d.enumerable, true);
  assert.deepEqual(Object.keys(lazy), Object.keys(eager));
  assert.ok(eager.checks.length > 5);
  assert.deepEqual(lazy.checks, eager.checks);
  // Once read, a plain data property, and the same array on every read.
  const after = Object.getOwnPropertyDescriptor(lazy, "checks");
  assert.ok(Array.isArray(after.value));
  assert.equal(lazy.checks, lazy.checks);
  assert.deepEqual(lazy, eager);
  // The request is let go of: the hidden property that kept it (overwritten, not deleted, which
  // would slow every later read of the object) holds nothing and stays out of every key listing.
  for (const symbol of Object.getOwnPropertySymbols(lazy)) {
    assert.equal(lazy[symbol], undefined);
    assert.equal(Object.getOwnPropertyDescriptor(lazy, symbol).enumerable, false);
  }
  assert.deepEqual(Object.keys(lazy), Object.keys(eager));
});

test("policy.trail unset: JSON, spread and structuredClone see the checks", () => {
  const eager = negotiate(RFC6455_1_3, { trail: true });
  assert.deepEqual(JSON.parse(JSON.stringify(negotiate(RFC6455_1_3))), JSON.parse(JSON.stringify(eager)));
  assert.deepEqual({ ...negotiate(RFC6455_1_3) }.checks, eager.checks);
  assert.deepEqual(structuredClone(negotiate(RFC6455_1_3)).checks, eager.checks);
});

test("policy.trail unset: checks can be assigned before it is read", () => {
  const o = negotiate(RFC6455_1_3);
  o.checks = [];
  assert.deepEqual(o.checks, []);
  assert.equal(Object.getOwnPropertyDescriptor(o, "checks").writable, true);
});

test("policy.trail unset: the trail describes the request and policy given, whatever ran in between", () => {
  const bytes = new TextEncoder().encode(RFC6455_1_3);
  const a = negotiate(bytes, { protocols: ["chat"] });
  const b = negotiate(head("GET / HTTP/1.1", "Host: a"), { upgrades: ["h2c"], requireTls: true });
  bytes.fill(0x20); // the caller reuses its buffer
  const big = negotiate("GET / HTTP/1.1\r\nHost: a\r\nX-Fill: " + "x".repeat(1 << 20) + "\r\n\r\n", { maxHeadBytes: 2 << 20 });
  assert.equal(big.kind, "pass");
  const expected = negotiate(RFC6455_1_3, { protocols: ["chat"], trail: true }).checks;
  assert.deepEqual(a.checks, expected);
  assert.ok(a.checks.some((c) => c.id === "websocket-protocol" && /chat/.test(c.message)));
  assert.ok(b.checks.some((c) => c.id === "tls-required" && c.result === "fail"));
  assert.ok(big.checks.length > 0);
});

test("policy.trail unset: a Request's trail equals its eager one", () => {
  const request = new Request("http://server.example.com/chat", {
    headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" },
  });
  const lazy = negotiate(request);
  negotiate(RFC6455_1_3, { upgrades: ["h2c"] });
  assert.deepEqual(lazy.checks, negotiate(request, { trail: true }).checks);
});

test("policy.trail unset: the trail is right through a Proxy (reactive stores), an heir and a frozen outcome", () => {
  const eager = negotiate(RFC6455_1_3, { trail: true }).checks;
  const target = negotiate(RFC6455_1_3);
  const proxy = new Proxy(target, {});
  assert.deepEqual(proxy.checks, eager);
  assert.deepEqual(target.checks, eager);
  assert.deepEqual(Object.create(negotiate(RFC6455_1_3)).checks, eager);
  const frozen = Object.freeze(negotiate(RFC6455_1_3));
  assert.deepEqual(frozen.checks, eager);
  assert.deepEqual(frozen.checks, eager, "a frozen outcome builds it again on each read");
  assert.throws(() => {
    frozen.checks = [];
  }, TypeError);
});

test("policy.trail unset: a Buffer that is not UTF-8 is copied, so reusing it cannot change the trail", () => {
  const bytes = Buffer.from(RFC6455_1_3.replace("\r\n\r\n", "\r\nX-Name: caf\xe9\r\n\r\n"), "latin1");
  const o = negotiate(bytes);
  const expected = negotiate(bytes, { trail: true }).checks;
  bytes.fill(0x41);
  assert.deepEqual(o.checks, expected);
  assert.equal(o.kind, "switch");
});

// The package reuses the encoding of an options object passed again unchanged: every change to
// it, in place or not, must still be seen by the next call.
test("options changed in place between calls are seen by the next call", () => {
  const req = head("GET /chat HTTP/1.1", ...WS, "Origin: http://a.example", "Sec-WebSocket-Protocol: chat, superchat", "Sec-WebSocket-Extensions: permessage-deflate");
  const options = { protocols: ["superchat"], origins: ["http://a.example"] };
  assert.equal(negotiate(req, options).subprotocol, "superchat");
  options.protocols.unshift("chat");
  assert.equal(negotiate(req, options).subprotocol, "chat");
  options.protocols[0] = "nothing";
  assert.equal(negotiate(req, options).subprotocol, "superchat");
  options.origins.pop();
  options.origins.push("http://b.example");
  assert.equal(negotiate(req, options).error?.code, "origin-forbidden");
  options.origins = ["http://a.example"];
  assert.equal(negotiate(req, options).kind, "switch");
  assert.equal(negotiate(req, options).extensions, undefined);
  options.permessageDeflate = { serverNoContextTakeover: true };
  assert.match(negotiate(req, options).extensions, /server_no_context_takeover/);
  options.permessageDeflate.serverNoContextTakeover = false;
  assert.doesNotMatch(negotiate(req, options).extensions, /server_no_context_takeover/);
  options.permessageDeflate.serverMaxWindowBits = 10;
  assert.match(negotiate(req, options).extensions, /server_max_window_bits=10/);
  options.maxHeaders = 2;
  assert.equal(negotiate(req, options).status, 431);
  delete options.maxHeaders;
  options.upgrades = ["h2c"];
  assert.equal(negotiate(req, options).kind, "pass");
  options.upgrades = undefined;
  options.requireTls = true;
  assert.equal(negotiate(req, options).status, 426);
  options.requireTls = false;
  assert.equal(negotiate(req, options).kind, "switch");
});

test("options made invalid after a valid call still throw", () => {
  const options = { protocols: ["chat"] };
  negotiate(RFC6455_1_3, options);
  options.protocols.push(7);
  assert.throws(() => negotiate(RFC6455_1_3, options), TypeError);
  options.protocols.pop();
  negotiate(RFC6455_1_3, options);
  options.maxHeadBytes = -1;
  assert.throws(() => negotiate(RFC6455_1_3, options), RangeError);
  delete options.maxHeadBytes;
  options.permessageDeflate = { clientMaxWindowBits: 99 };
  assert.throws(() => negotiate(RFC6455_1_3, options), RangeError);
  options.permessageDeflate = "yes";
  assert.throws(() => negotiate(RFC6455_1_3, options), TypeError);
});

test("a huge input: only its first maxHeadBytes are read, with the core's answer (431 past them)", () => {
  for (const maxHeadBytes of [undefined, 300, 1000]) {
    const max = maxHeadBytes ?? 16 * 1024; // Policy::default() in src/policy.rs
    const options = maxHeadBytes === undefined ? {} : { maxHeadBytes };
    for (const size of [max - 2, max - 1, max, max + 1, max + 2]) {
      // The §1.3 request padded with an X-Pad field to `size` bytes in all.
      const pad = size - RFC6455_1_3.length - "X-Pad: \r\n".length;
      const request = RFC6455_1_3.replace("\r\n\r\n", `\r\nX-Pad: ${"p".repeat(pad)}\r\n\r\n`);
      assert.equal(request.length, size);
      const want = size <= max ? 101 : 431;
      for (const tail of ["", "x".repeat(3 * max), "\u{1f600}".repeat(max)]) {
        const label = `max ${max}, head ${size}, tail ${tail.length}`;
        const text = negotiate(request + tail, options);
        const bytes = negotiate(new TextEncoder().encode(request + tail), options);
        assert.equal(text.status, want, label);
        assert.deepEqual(bytes, text, label);
        if (want === 101) assert.deepEqual(text, negotiate(request, options), label);
      }
    }
  }
});
