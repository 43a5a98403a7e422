// examples/deno.ts, examples/bun.ts and examples/crossws.mjs as real servers: the ws client, Chromium,
// Deno's and Bun's own WebSocket against their examples, the package's rejections, no leak.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { negotiate } from "upgrade-handshake";
import { rawExchange } from "../support/raw.js";
import { APP_ORIGIN, bin, examplePolicy, startExample, wsClientEcho, checkRejections, checkNoLeak, chatHead, offerHead, params, chromiumEcho, launchChromium } from "../support/examples.js";

const run = promisify(execFile);
const origins = (port) => [APP_ORIGIN, `http://127.0.0.1:${port}`]; // the second: Chromium's page, the example's own 404
let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** The runtime's own WebSocket client (tests/examples/runtime-client.mjs) against `port`. */
async function ownClient(command, args, port) {
  const { stdout } = await run(command, [...args, "tests/examples/runtime-client.mjs", `ws://127.0.0.1:${port}/chat`], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

describe("examples/deno.ts (upgrade-handshake/deno in front of Deno.upgradeWebSocket)", () => {
  let server, policy;
  before(async () => {
    server = await startExample(bin("deno"), ["run", "--quiet", "--allow-net", "--allow-env", "--allow-read", "examples/deno.ts"], { origins });
    policy = examplePolicy("deno", server.origins);
  });
  after(async () => { await server?.stop(); });

  test("the ws client: chat, no extension (Deno has no permessage-deflate), echo", async () => {
    const headers = await wsClientEcho(server.port, policy);
    assert.equal(headers["sec-websocket-protocol"], "chat");
    assert.equal(headers["sec-websocket-extensions"], undefined);
  });

  test("Deno's own WebSocket: the subprotocol negotiate decides, echo", async () => {
    // Deno's client offers `chat, superchat` and no extension.
    const decided = negotiate(offerHead({ port: server.port }), policy);
    const got = await ownClient(bin("deno"), ["run", "--quiet", "--allow-net"], server.port);
    assert.deepEqual(got, { protocol: decided.subprotocol, extensions: "", text: true, binary: [0, 1, 2, 250] });
  });

  test("Chromium: chat, no extension, echo", async () => {
    await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy });
  });

  test("`chat,superchat` (no space) switches as the package decided: Deno alone throws", async () => {
    const head = chatHead(server.port, { "Sec-WebSocket-Protocol": "superchat,chat", Origin: APP_ORIGIN });
    const got = await rawExchange(server.port, head);
    assert.equal(got.status, 101);
    assert.equal(got.get("sec-websocket-protocol"), negotiate(head, policy).subprotocol);
  });

  test("raw rejections are the package's", async () => {
    await checkRejections(server.port, policy);
  });

  test("200 rejected handshakes in a row: every socket closed, the server still answers", async () => {
    // Deno leaves a rejected upgrade's connection open despite `Connection: close`: the client closes.
    await checkNoLeak(server.port, policy, { pid: server.pid, keepAlive: true });
  });
});

describe("examples/bun.ts (negotiateFetch in front of server.upgrade)", () => {
  let server, policy;
  before(async () => {
    server = await startExample(bin("bun"), ["examples/bun.ts"], { origins });
    policy = examplePolicy("bun", server.origins);
  });
  after(async () => { await server?.stop(); });

  test("the ws client: chat, permessage-deflate as the package decided (uWebSockets' order), echo", async () => {
    const headers = await wsClientEcho(server.port, policy, { sameOrder: false });
    assert.equal(headers["sec-websocket-protocol"], "chat");
    assert.deepEqual(params(headers["sec-websocket-extensions"]), ["client_no_context_takeover", "permessage-deflate", "server_no_context_takeover"]);
  });

  test("Bun's own WebSocket: the subprotocol and extension negotiate decides, echo", async () => {
    // Bun's client offers `chat, superchat` and `permessage-deflate; client_max_window_bits`.
    const decided = negotiate(offerHead({ port: server.port, extensions: "permessage-deflate; client_max_window_bits" }), policy);
    const got = await ownClient(bin("bun"), [], server.port);
    assert.deepEqual({ ...got, extensions: params(got.extensions) },
      { protocol: decided.subprotocol, extensions: params(decided.extensions), text: true, binary: [0, 1, 2, 250] });
  });

  test("Chromium: chat, permessage-deflate as the package decided (uWebSockets' order), echo", async () => {
    await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy, sameOrder: false });
  });

  test("an offer uWebSockets declines (server_max_window_bits=10): Bun answers no extension, the package would accept", async () => {
    const head = chatHead(server.port, { Origin: APP_ORIGIN, "Sec-WebSocket-Extensions": "permessage-deflate; server_max_window_bits=10" });
    const got = await rawExchange(server.port, head);
    assert.equal(got.status, 101);
    assert.equal(got.get("sec-websocket-extensions"), undefined);
    assert.match(negotiate(head, policy).extensions, /server_max_window_bits=10/);
  });

  test("raw rejections are the package's", async () => {
    await checkRejections(server.port, policy);
  });

  test("200 rejected handshakes in a row: every socket closed, the server still answers", async () => {
    await checkNoLeak(server.port, policy, { pid: server.pid, extraCheck: { sameOrder: false } });
  });
});

describe("examples/crossws.mjs (upgrade-handshake/crossws as crossws's upgrade hook, Node adapter)", () => {
  let server, policy;
  before(async () => {
    server = await startExample(process.execPath, ["examples/crossws.mjs"], { origins });
    policy = examplePolicy("crossws", server.origins);
  });
  after(async () => { await server?.stop(); });

  test("the ws client: chat, permessage-deflate, echo (text and binary)", async () => {
    const headers = await wsClientEcho(server.port, policy);
    assert.equal(headers["sec-websocket-protocol"], "chat");
    assert.equal(headers["sec-websocket-extensions"], "permessage-deflate");
  });

  test("Chromium: chat, permessage-deflate, echo", async () => {
    await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy });
  });

  test("the 101's fields are the package's (crossws writes the subprotocol's name in lower case)", async () => {
    for (const headers of [
      { "Sec-WebSocket-Protocol": "foo, superchat" },
      { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits; server_max_window_bits=10" },
    ]) {
      const head = chatHead(server.port, { "Sec-WebSocket-Extensions": null, ...headers, Origin: APP_ORIGIN });
      const outcome = negotiate(head, policy);
      const got = await rawExchange(server.port, head);
      assert.equal(got.status, 101);
      const fields = (list) => list.map(([k, v]) => `${k.toLowerCase()}: ${v}`).sort();
      assert.deepEqual(fields(got.headers), fields(outcome.headers), JSON.stringify(headers));
    }
  });

  test("raw rejections are the package's", async () => {
    await checkRejections(server.port, policy);
  });

  test("200 rejected handshakes in a row: every socket closed, the server still answers", async () => {
    await checkNoLeak(server.port, policy, { pid: server.pid });
  });
});
