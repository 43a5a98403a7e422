// Issue 17's classes of malformed handshakes sent over a raw socket to the Worker's WebSocket route
// (/echo: negotiateFetch with the edge policy of worker/index.js), in local workerd through
// Miniflare 4 with no proxy in front. Each test pins what actually comes back: where workerd
// refuses the request itself before the Worker runs, workerd's answer (and its log line); where
// the request reaches the Worker, the package's answer. The package reads a parsed Request here,
// so the syntax it checks in raw bytes (line ends, the request-line) is workerd's to check.
// "Before the Worker runs": Miniflare's entry Worker runs first and answers any error thrown in it
// or in the Worker behind it with a 500 whose body is the stack; a bare "Internal Server Error"
// with Connection: close and an "Uncaught exception" line in workerd's log is workerd refusing the
// request before any JavaScript ran.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { acceptKey, negotiate } from "upgrade-handshake";
import { startMiniflare } from "../support/dev-server.js";
import { openRaw, upgradeHead, newKey } from "../support/raw.js";

let mf;
before(async () => { mf = await startMiniflare(); });
after(async () => { await mf?.stop(); });

/** worker/index.js's edgePolicy for a request to this server (PROTOCOLS unset: chat, superchat). */
const edgePolicy = () => ({
  upgrades: ["websocket"], protocols: ["chat", "superchat"], origins: [mf.origin], permessageDeflate: true, edge: true, requireUpgrade: true,
});

/** A handshake for /echo from this server's own origin, changed by `edit`. */
function request(edit = (s) => s, key = newKey()) {
  return { key, raw: edit(upgradeHead({ port: mf.port, path: "/echo", key, headers: { Origin: mf.origin } })) };
}

/** Sends `raw` and reads the response head, and the body unless it is a 101. */
async function exchange(raw) {
  const conn = openRaw(mf.port);
  try {
    await conn.write(raw);
    const head = await conn.head();
    return { head, body: head.status === 101 ? "" : await conn.body(head) };
  } finally {
    conn.close();
  }
}

/** workerd logs an uncaught error on its stderr, which may come a moment after the response. */
async function logged(pattern) {
  const deadline = Date.now() + 10_000; // only a bound on the wait: the assertion is on the text
  while (!pattern.test(mf.output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return mf.output();
}

test("RFC 9112 §2.2: workerd reads bare LF line ends itself, so the Worker switches where the package refuses the raw bytes", async () => {
  // kj's HTTP parser accepts a bare LF (RFC 9112 §2.2: a recipient MAY); the Worker gets a parsed
  // Request with no line ends left to check, and the package's answer is its 101.
  for (const edit of [(s) => s.replace(/\r\n/g, "\n"), (s) => s.replace("\r\nUpgrade:", "\nUpgrade:")]) {
    const { key, raw } = request(edit);
    const { head } = await exchange(raw);
    assert.equal(head.statusLine, "HTTP/1.1 101 Switching Protocols", JSON.stringify(raw));
    assert.equal(head.get("sec-websocket-accept"), acceptKey(key));
    // The same bytes given to the package raw are refused: the check is the front parser's.
    const direct = negotiate(raw, edgePolicy());
    assert.equal(direct.status, 400);
    assert.equal(direct.error.code, "bare-lf");
  }
});

test("RFC 9112 §3.2: workerd answers Host: a:b itself with 500 before the Worker runs (the URL it builds is invalid)", async () => {
  const { raw } = request((s) => s.replace(`Host: 127.0.0.1:${mf.port}`, "Host: a:b"));
  const { head, body } = await exchange(raw);
  assert.equal(head.statusLine, "HTTP/1.1 500 Internal Server Error");
  assert.equal(head.get("connection"), "close");
  assert.equal(body, "Internal Server Error");
  assert.match(await logged(/Invalid URL string/), /Uncaught exception: .*TypeError: Invalid URL string/);
  // What the package answers when it reads the request (RFC 9112 §3.2 wants a 400).
  assert.equal(negotiate(raw, edgePolicy()).error.code, "bad-host");
});

test("RFC 9112 §3.2.4: workerd answers GET * itself with 500 before the Worker runs", async () => {
  const { raw } = request((s) => s.replace("GET /echo ", "GET * "));
  const { head, body } = await exchange(raw);
  assert.equal(head.statusLine, "HTTP/1.1 500 Internal Server Error");
  assert.equal(body, "Internal Server Error");
  assert.match(await logged(/invalid URL; url = \*/), /invalid URL; url = \*/);
  assert.equal(negotiate(raw, edgePolicy()).error.code, "bad-request-target");
});

test("RFC 9112 §3.2.3: workerd answers GET a:80 (authority-form) itself with 500 before the Worker runs", async () => {
  const { raw } = request((s) => s.replace("GET /echo ", "GET a:80 "));
  const { head, body } = await exchange(raw);
  assert.equal(head.statusLine, "HTTP/1.1 500 Internal Server Error");
  assert.equal(body, "Internal Server Error");
  assert.match(await logged(/invalid URL; url = a:80/), /invalid URL; url = a:80/);
  assert.equal(negotiate(raw, edgePolicy()).error.code, "bad-request-target");
});

test("RFC 6455 §11.3.5: Sec-WebSocket-Version: ,13 reaches the Worker and gets the package's 426", async () => {
  const { raw } = request((s) => s.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: ,13"));
  const { head, body } = await exchange(raw);
  const expected = negotiate(raw, edgePolicy());
  assert.equal(expected.error.code, "bad-websocket-version");
  assert.equal(head.statusLine, "HTTP/1.1 426 Upgrade Required");
  assert.equal(head.get("sec-websocket-version"), "13", "RFC 6455 §4.4: the versions this server speaks");
  assert.match(head.get("content-type"), /^text\/plain/);
  assert.equal(body, expected.body);
  assert.match(body, /RFC 6455 §4\.2\.2 item 4/);
  // workerd strips Upgrade and Connection from a Worker's 426 (tests/worker/workerd.test.js).
  assert.equal(head.get("upgrade"), undefined);
});

test("RFC 9112 §6.3: workerd answers Content-Length: abc itself with 500 before the Worker runs", async () => {
  const { raw } = request((s) => s.replace("\r\n\r\n", "\r\nContent-Length: abc\r\n\r\n"));
  const { head, body } = await exchange(raw);
  assert.equal(head.statusLine, "HTTP/1.1 500 Internal Server Error");
  assert.equal(head.get("connection"), "close");
  assert.equal(body, "Internal Server Error");
  assert.match(await logged(/invalid Content-Length header value; cl = abc/), /invalid Content-Length header value; cl = abc/);
  assert.equal(negotiate(raw, edgePolicy()).error.code, "bad-content-length");
});

test("RFC 7540 §3.2.1: Upgrade: h2c, websocket reaches the Worker, whose 101 workerd refuses to deliver (500)", async () => {
  // The package chooses websocket (the edge policy performs nothing else) and answers exactly the
  // plain 101; workerd only completes a WebSocket for a request whose Upgrade is "websocket"
  // alone, and turns the Worker's answer into a 500 naming that rule.
  const { key, raw } = request((s) => s.replace("Upgrade: websocket", "Upgrade: h2c, websocket"));
  const decided = negotiate(raw, edgePolicy());
  assert.equal(decided.kind, "switch");
  assert.equal(decided.protocol, "websocket");
  const plain = negotiate(request(undefined, key).raw, edgePolicy());
  assert.deepEqual(decided.headers, plain.headers, "exactly the 101 websocket gets alone");
  const { head, body } = await exchange(raw);
  assert.equal(head.statusLine, "HTTP/1.1 500 Internal Server Error");
  assert.match(body, /^TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket"\./);
});
