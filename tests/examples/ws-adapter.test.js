// upgrade-handshake/ws against ws alone, over every request of tests/adversarial.json sent on a raw
// socket to two Node servers: one where ws decides alone (WebSocketServer({ noServer: true,
// perMessageDeflate: true }).handleUpgrade), one where the package decides (handleUpgrade of the
// adapter, the case's policy). With the adapter, every request Node delivers gets the package's
// answer: its 101 byte for byte, its rejection's status and body. ws alone answers differently for
// the cases listed below (documented in the README). Node's own parser answers some requests before
// any upgrade event (obs-fold, control characters, heads over 16 KiB...), or delivers them as plain
// requests (no `upgrade` in Connection): those never reach ws or the adapter.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { WebSocketServer } from "ws";
import { negotiate } from "upgrade-handshake";
import { handleUpgrade, negotiateIncoming } from "upgrade-handshake/ws";
import { openRaw } from "../support/raw.js";

const corpus = JSON.parse(readFileSync(new URL("../adversarial.json", import.meta.url), "utf8")).negotiate;
const bytes = (request) => Buffer.concat((Array.isArray(request) ? request : [request]).map((p) =>
  typeof p === "string" ? Buffer.from(p, "latin1") : p.hex !== undefined ? Buffer.from(p.hex, "hex") : Buffer.from(p.repeat.repeat(p.times), "latin1")));

let policy = {};
const servers = {};

function listen(onUpgrade) {
  const server = createServer((req, res) => res.writeHead(200, { Connection: "close" }).end("plain"));
  server.on("upgrade", onUpgrade);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

before(async () => {
  const alone = new WebSocketServer({ noServer: true, perMessageDeflate: true });
  alone.on("connection", (ws) => ws.close());
  servers.alone = await listen((req, socket, head) => alone.handleUpgrade(req, socket, head, (ws) => alone.emit("connection", ws)));
  const gated = new WebSocketServer({ noServer: true });
  gated.on("connection", (ws) => ws.close());
  gated.on("error", (error) => { servers.errors.push(error); });
  servers.errors = [];
  servers.gated = await listen((req, socket, head) => {
    servers.seen = negotiateIncoming(req, policy);
    const outcome = handleUpgrade(gated, req, socket, head, policy);
    if (outcome.kind === "pass") socket.end("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\npass");
    else if (outcome.kind === "switch" && outcome.protocol !== "websocket") socket.end(outcome.response); // h2c, TLS: not ws's
  });
});
after(() => { for (const s of [servers.alone, servers.gated]) s?.close(); });

/** Sends `data`, returns the response head (or "closed"/"timeout") and the body of a non-101. */
async function exchange(server, data) {
  const conn = openRaw(server.address().port, { timeoutMs: 5000 });
  try {
    await conn.write(data);
    const head = await conn.head();
    const body = head.status === 101 ? "" : await conn.body(head).catch(() => "");
    return { ...head, body };
  } catch (error) {
    return { status: /closed/.test(error.message) ? "closed" : "timeout", text: "", body: "" };
  } finally {
    conn.close();
  }
}

// Requests the package switches and ws alone refuses: the adapter shows ws the request as the package
// accepted it (Upgrade: websocket, one subprotocol, the accepted deflate answer as the only offer).
// h2c and TLS are not ws's to perform: the adapter leaves those switches to the caller.
const WS_REFUSES = [
  "dup-upgrade-lines", "ext-repeated-param", "ext-unknown-param", "ext-window-bits-16-then-valid",
  "h2c-falls-through-to-websocket", "h2c-no-settings-falls-through", "h2c-valid-unknown-setting",
  "quote-unterminated-param", "quote-unterminated-swallows-next", "tls-upgrade", "ws-upgrade-client-order", "ws-upgrade-empty-elements",
];
// Requests ws alone switches and the package refuses: with the adapter the package answers first.
const WS_ACCEPTS = [
  "dup-host", "dup-host-absolute-form-without-host", "dup-host-invalid", "dup-host-missing", "dup-origin",
  "host-bad-ipv6", "host-port-is-a-name", "host-port-not-digits", "host-two-ports", "host-unclosed-ip-literal", "host-userinfo",
  "host-with-path", "origin-forbidden", "origin-null", "origin-suffix-attack", "size-101-fields", "size-policy-max-head-bytes",
  "size-policy-max-headers", "smuggle-key-noncanonical", "smuggle-version-8", "smuggle-version-leading-zero",
  "syntax-http-0.9-request-line", "syntax-http-2.0-request-line", "syntax-request-line-without-version",
  "target-absolute-form-empty-host", "target-asterisk-get", "tls-required-websocket", "utf8-host", "ws-http10",
];

test("with the adapter, every request Node delivers gets the package's answer; ws alone differs as listed", async () => {
  const refuses = [];
  const accepts = [];
  const nodeRefused = [];
  for (const c of corpus) {
    policy = c.policy ?? {};
    const data = bytes(c.request);
    servers.seen = undefined;
    const gated = await exchange(servers.gated, data);
    if (servers.seen === undefined) {
      nodeRefused.push(c.name); // Node's HTTP parser answered (or closed) before any upgrade event
      continue;
    }
    const outcome = servers.seen;
    if (outcome.kind === "switch") assert.equal(gated.text, outcome.response, c.name);
    else if (outcome.kind === "reject") {
      assert.equal(gated.status, outcome.status, c.name);
      assert.equal(gated.body, outcome.body, c.name);
    }
    const alone = await exchange(servers.alone, data);
    if (outcome.kind === "switch" && alone.status !== 101) refuses.push(c.name);
    if (outcome.kind !== "switch" && alone.status === 101) accepts.push(c.name);
  }
  assert.deepEqual(servers.errors, []);
  console.log(`# Node's parser refused ${nodeRefused.length}: ${nodeRefused.join(", ")}`);
  assert.deepEqual(refuses.sort(), WS_REFUSES);
  assert.deepEqual(accepts.sort(), WS_ACCEPTS);
});
