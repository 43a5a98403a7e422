// Issue 17 through the npm package: strict HTTP/1.1 syntax by default, one test per class, named
// after its clause (the Rust suite's are in tests/server.rs and tests/client.rs). Each class is
// checked where it matters: a syntax rejection is never a 101, and what is accepted is answered
// exactly as the well-formed request would be.
import { test } from "node:test";
import assert from "node:assert/strict";
import { negotiate, verifyResponse, createRequest } from "upgrade-handshake";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const LINES = ["GET /chat HTTP/1.1", "Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade",
  `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 13", ""];
/** The handshake with CRLF line ends, or `eol(i)` after line i (1-based; the last is the empty line). */
const handshake = (eol = () => "\r\n") => LINES.map((l, i) => l + eol(i + 1)).join("");
const WS = handshake();
/** The handshake with the line starting `name:` replaced by `line` (or dropped, for null). */
const withField = (name, line) => handshake().replace(new RegExp(`${name}: [^\r]*\r\n`), line === null ? "" : `${line}\r\n`);
const withRequestLine = (line) => WS.replace("GET /chat HTTP/1.1", line);
const headerOf = (out, name) => out.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/** A syntax rejection: the status and code, `Connection: close` where framing is in doubt, never a 101. */
function rejected(out, status, code, label) {
  assert.equal(out.kind, "reject", `${label}: ${out.kind} ${out.error?.code}`);
  assert.equal(out.status, status, label);
  assert.equal(out.error.code, code, label);
  assert.ok(!out.response.startsWith("HTTP/1.1 101"), label);
  assert.ok(out.checks.some((c) => c.result === "fail"), `${label}: a failing check`);
}

// ---- RFC 9112 §2.2: line ends ----------------------------------------------------------------

test("rfc9112_2_2 a bare LF is 400 bare-lf by default wherever it ends a line, and the check names the line", () => {
  const cases = [
    ["the request line", handshake((i) => (i === 1 ? "\n" : "\r\n")), /^Line 1 /],
    ["a field line", handshake((i) => (i === 3 ? "\n" : "\r\n")), /^Line 3 /],
    ["the empty line", handshake((i) => (i === LINES.length ? "\n" : "\r\n")), /bare LF/],
    ["every line", handshake(() => "\n"), /^Line 1 /],
    ["an empty line before the request line", `\n${WS}`, /^Line 1 /],
  ];
  for (const [what, req, line] of cases) {
    const out = negotiate(req);
    rejected(out, 400, "bare-lf", what);
    assert.equal(out.error.section, "RFC 9112 §2.2", what);
    assert.match(out.error.message, line, what);
    assert.equal(headerOf(out, "Connection"), "close", what);
    assert.deepEqual(out.checks.at(-1), { id: "head-syntax", result: "fail", section: "RFC 9112 §2.2", message: out.error.message }, what);
    // Bytes give the same answer as the string.
    assert.deepEqual(negotiate(new TextEncoder().encode(req)).error, out.error, what);
  }
});

test("rfc9112_2_2 lenientLineEnds accepts bare LFs, answers as CRLF does, and warns naming the first such line", () => {
  const crlf = negotiate(WS, { lenientLineEnds: true });
  for (const [first, req] of [[2, handshake((i) => (i === 2 || i === 4 ? "\n" : "\r\n"))], [1, handshake(() => "\n")]]) {
    const out = negotiate(req, { lenientLineEnds: true });
    assert.equal(out.kind, "switch");
    assert.equal(out.response, crlf.response, "the same 101 as the CRLF request");
    const warnings = out.checks.filter((c) => c.result === "warn");
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(warnings[0].id, "head-syntax");
    assert.equal(warnings[0].section, "RFC 9112 §2.2");
    assert.match(warnings[0].message, new RegExp(`^Line ${first} .*bare LF.*lenientLineEnds`));
  }
  // The CRLF request gets no such warning, and lenientLineEnds: false is the default.
  assert.ok(!crlf.checks.some((c) => c.result === "warn"));
  assert.equal(negotiate(handshake(() => "\n"), { lenientLineEnds: false }).error.code, "bare-lf");
});

test("rfc9112_2_2 a bare CR is not a line end: CR-only lines and a CR inside a value are 400", () => {
  rejected(negotiate(handshake(() => "\r")), 400, "bad-request-line", "CR-only lines");
  rejected(negotiate(withField("Upgrade", "Upgrade: websocket\rX-A: 1")), 400, "bad-field-value", "CR in a value");
});

// ---- RFC 9112 §3.2: Host ---------------------------------------------------------------------

test("rfc9112_3_2 Host is uri-host [\":\" port]: anything else is 400 bad-host", () => {
  for (const host of ["a:b", "server:.example.com", "server.example.com:80:80", "[::1", "[1::2::3]", "user@server.example.com",
    "server example.com", "server.example.com/chat", "bücher.example"]) {
    const out = negotiate(withField("Host", `Host: ${host}`));
    rejected(out, 400, "bad-host", host);
    assert.equal(out.error.section, "RFC 9112 §3.2", host);
    assert.equal(out.error.header, "Host", host);
  }
  rejected(negotiate(withField("Host", null)), 400, "bad-host", "no Host");
  rejected(negotiate(WS.replace("\r\n\r\n", "\r\nHost: server.example.com\r\n\r\n")), 400, "bad-host", "two Hosts");
});

test("rfc3986_3_2_2 valid hosts switch: IPv6 and IPvFuture literals, IPv4, reg-names with pct-encoding and sub-delims, any digits as port", () => {
  for (const host of ["[2001:db8::1]:8080", "[::ffff:192.0.2.1]", "[v1.fe]", "192.0.2.1:80", "xn--bcher-kva.example", "%41.example",
    "a,b;c", "server.example.com:", "server.example.com:65536"]) {
    assert.equal(negotiate(withField("Host", `Host: ${host}`)).kind, "switch", host);
  }
  // An empty Host is valid (an empty reg-name): a plain request passes.
  assert.equal(negotiate("GET / HTTP/1.1\r\nHost:\r\n\r\n").kind, "pass");
});

test("rfc9112_3_2 createRequest applies the same host grammar to its URL", () => {
  for (const url of ["ws://a:b/chat", "ws://[::1/chat", "ws://server.example.com:80:80/chat", "ws://user@server.example.com/chat"]) {
    assert.throws(() => createRequest({ url }), TypeError, url);
  }
  const req = createRequest({ url: "ws://[2001:db8::1]:8080/chat", key: KEY }).request;
  assert.match(req, /\r\nHost: \[2001:db8::1\]:8080\r\n/);
  assert.equal(negotiate(req).kind, "switch", "and the package accepts what it builds");
});

// ---- RFC 9112 §3.2: request-target forms ------------------------------------------------------

test("rfc9112_3_2 request-target forms: * only for OPTIONS, authority only for CONNECT, else a path or an absolute URI", () => {
  for (const [line, why] of [["GET * HTTP/1.1", /asterisk-form/], ["GET a:80 HTTP/1.1", /authority-form|CONNECT/],
    ["GET server.example.com:443 HTTP/1.1", /authority-form|CONNECT/], ["GET at HTTP/1.1", /path|absolute/], ["CONNECT /chat HTTP/1.1", /CONNECT/]]) {
    const out = negotiate(withRequestLine(line));
    rejected(out, 400, "bad-request-target", line);
    assert.equal(out.error.section, "RFC 9112 §3.2", line);
    assert.match(out.error.message, why, line);
  }
  const absolute = negotiate(withRequestLine("GET http://server.example.com/chat HTTP/1.1"));
  assert.equal(absolute.kind, "switch", "absolute-form (RFC 9112 §3.2.2)");
  assert.equal(absolute.response, negotiate(WS).response);
  assert.equal(negotiate(withRequestLine("GET /chat?room=1 HTTP/1.1")).kind, "switch", "origin-form with a query");
});

test("rfc2817_3_2 OPTIONS * still upgrades to TLS; rfc9110_9_3_6 CONNECT passes, with a check saying why", () => {
  const tls = negotiate("OPTIONS * HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n", { requireTls: true });
  assert.equal(tls.kind, "switch");
  assert.equal(tls.protocol, "TLS/1.0");
  const connect = negotiate(withRequestLine("CONNECT server.example.com:443 HTTP/1.1"), { requireUpgrade: true });
  assert.equal(connect.kind, "pass", "a tunnel is not an upgrade, even with Upgrade fields and requireUpgrade");
  assert.equal(connect.checks.at(-1).id, "connect");
  assert.equal(connect.checks.at(-1).section, "RFC 9110 §9.3.6");
});

// ---- RFC 6455 §11.3.5: Sec-WebSocket-Version is one value ------------------------------------

test("rfc6455_11_3_5 Sec-WebSocket-Version is one value: ',13', '13,', '13, 13' and two lines get 426 listing 13", () => {
  const requests = [",13", "13,", "13, 13", "13, 8"].map((v) => [v, withField("Sec-WebSocket-Version", `Sec-WebSocket-Version: ${v}`)]);
  requests.push(["two lines", WS.replace("\r\n\r\n", "\r\nSec-WebSocket-Version: 13\r\n\r\n")]);
  for (const [what, req] of requests) {
    const out = negotiate(req);
    rejected(out, 426, "bad-websocket-version", what);
    assert.equal(headerOf(out, "Sec-WebSocket-Version"), "13", `${what}: RFC 6455 §4.4`);
  }
  // Whitespace around the value is not part of it (RFC 9110 §5.5).
  assert.equal(negotiate(withField("Sec-WebSocket-Version", "Sec-WebSocket-Version: \t13 ")).kind, "switch");
});

// ---- RFC 9112 §6.3: Content-Length -------------------------------------------------------------

test("rfc9112_6_3 Content-Length is one field of digits: anything else is 400 bad-content-length and close", () => {
  const plain = (...fields) => ["POST /form HTTP/1.1", "Host: server.example.com", ...fields, "", ""].join("\r\n");
  for (const [what, req] of [
    ["abc", plain("Content-Length: abc")], ["-1", plain("Content-Length: -1")], ["+5", plain("Content-Length: +5")],
    ["a list", plain("Content-Length: 5, 5")], ["empty", plain("Content-Length: ")], ["two fields", plain("Content-Length: 0", "Content-Length: 0")],
    ["on a handshake", WS.replace("\r\n\r\n", "\r\nContent-Length: abc\r\n\r\n")],
  ]) {
    const out = negotiate(req);
    rejected(out, 400, "bad-content-length", what);
    assert.equal(out.error.section, "RFC 9112 §6.3", what);
    assert.equal(headerOf(out, "Connection"), "close", what);
  }
  assert.equal(negotiate(plain("Content-Length: 0")).kind, "pass");
});

// ---- RFC 7540 §3.2.1: h2c that cannot be performed --------------------------------------------

test("rfc7540_3_2_1 h2c that cannot be performed falls through to websocket with exactly the plain 101, and warns why", () => {
  const both = { upgrades: ["websocket", "h2c"] };
  const alone = negotiate(WS, both);
  const cases = [
    ["h2c, websocket", "Upgrade", "h2c-connection-settings"],
    ["h2c, websocket", "Upgrade, HTTP2-Settings", "http2-settings-count"],
    ["h2c, websocket", "Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAUAAAAB", "http2-settings"], // MAX_FRAME_SIZE 1
  ];
  for (const [upgrade, connection, warned] of cases) {
    const req = withField("Upgrade", `Upgrade: ${upgrade}`).replace("Connection: Upgrade\r\n", `Connection: ${connection}\r\n`);
    const out = negotiate(req, both);
    assert.equal(out.kind, "switch", connection);
    assert.equal(out.protocol, "websocket");
    assert.equal(out.response, alone.response, `${connection}: exactly the 101 websocket gets alone`);
    assert.deepEqual(out.headers, alone.headers);
    assert.equal(headerOf(out, "Sec-WebSocket-Accept"), ACCEPT);
    assert.ok(!out.checks.some((c) => c.result === "fail"), connection);
    const warn = out.checks.find((c) => c.result === "warn");
    assert.equal(warn?.id, warned, JSON.stringify(out.checks));
    assert.equal(warn.section, "RFC 7540 §3.2.1");
    assert.match(warn.message, /h2c is not performed|SETTINGS/);
  }
});

test("rfc7540_3_2_1 h2c that cannot be performed with nothing else offered passes with a warning; requireUpgrade answers 426", () => {
  const req = "GET / HTTP/1.1\r\nHost: server.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n";
  const out = negotiate(req, { upgrades: ["h2c"] });
  assert.equal(out.kind, "pass");
  assert.equal(out.response, "");
  const warn = out.checks.find((c) => c.result === "warn");
  assert.equal(warn.id, "http2-settings-count");
  assert.match(warn.message, /h2c is not performed/);
  assert.equal(negotiate(req, { upgrades: ["h2c"], requireUpgrade: true }).status, 426);
});

// ---- RFC 9112 §5.2: the client unfolds obs-fold ------------------------------------------------

test("rfc9112_5_2 verifyResponse reads a folded response field as spaces, with a warning", () => {
  const folded = `HTTP/1.1 101 Switching Protocols\r\nUpgrade:\r\n websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n` +
    "Sec-WebSocket-Protocol:\r\n\tchat\r\n\r\n";
  for (const input of [folded, new TextEncoder().encode(folded)]) {
    const v = verifyResponse(input, { key: KEY, protocols: ["chat", "superchat"] });
    assert.equal(v.ok, true, JSON.stringify(v.error));
    assert.equal(v.protocol, "chat");
    const warn = v.checks.find((c) => c.result === "warn");
    assert.equal(warn?.section, "RFC 9112 §5.2");
    assert.match(warn.message, /obs-fold/);
  }
  // A server may not fold (the same head as a request is 400 obs-fold).
  rejected(negotiate(withField("Upgrade", "Upgrade:\r\n websocket")), 400, "obs-fold", "a folded request");
});

test("rfc9112_2_2 verifyResponse refuses whitespace right after the status line: it folds nothing", () => {
  const v = verifyResponse(`HTTP/1.1 101 Switching Protocols\r\n Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`, { key: KEY });
  assert.equal(v.ok, false);
  assert.equal(v.error.code, "bad-response");
});
