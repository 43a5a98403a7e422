// Hono with upgrade-handshake/hono in front of upgradeWebSocket, as real servers:
// examples/hono-worker.js in workerd under `wrangler dev` with its own config (the ws client and
// Chromium, the package's rejections, no leak) and in workerd through Miniflare with no proxy in
// front (the rejections wrangler dev's proxy answers itself); examples/hono-node.mjs on Node with
// @hono/node-server and @hono/node-ws (the 101 byte for byte, rejections, Chromium, no leak).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { spawn } from "node:child_process";
import { negotiate } from "upgrade-handshake";
import { rawExchange, upgradeHead } from "../support/raw.js";
import { APP_ORIGIN, root, bin, examplePolicy, freePort, startExample, wsClientEcho, checkRejections, checkNoLeak, chromiumEcho, launchChromium, chatHead } from "../support/examples.js";

const CONFIG = "examples/hono-worker.wrangler.toml";
let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

describe("examples/hono-worker.js under wrangler dev (workerd)", () => {
  let server, policy;
  before(async () => {
    const origins = (port) => [APP_ORIGIN, `http://127.0.0.1:${port}`];
    server = await startExample(bin("wrangler"), async (port) => [
      "dev", "--config", CONFIG, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()),
      "--show-interactive-dev-session=false", "--log-level", "warn", "--var", `ORIGINS:${origins(port).join(",")}`,
    ], {
      origins,
      // wrangler listens before the Worker is loaded: ready once the Worker itself answers.
      ready: async (origin) => {
        // At most a minute: wrangler dev stays up when the bundle fails, so waiting longer only hides that.
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          try {
            const res = await fetch(`${origin}/chat`, { signal: AbortSignal.timeout(2000) });
            await res.arrayBuffer();
            if (res.status === 426) return;
          } catch {}
          await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error("the Worker did not answer");
      },
    });
    policy = examplePolicy("hono-worker", server.origins);
  });
  after(async () => { await server?.stop(); });

  test("the ws client: chat, permessage-deflate, echo (text and binary)", async () => {
    const headers = await wsClientEcho(server.port, policy);
    assert.equal(headers["sec-websocket-protocol"], "chat");
    assert.equal(headers["sec-websocket-extensions"], "permessage-deflate");
  });

  test("the 101 carries the package's subprotocol and extension", async () => {
    const head = chatHead(server.port, { Origin: APP_ORIGIN, "Sec-WebSocket-Protocol": "foo,superchat", "Sec-WebSocket-Extensions": "permessage-deflate; server_max_window_bits=10" });
    const outcome = negotiate(head, policy);
    const got = await rawExchange(server.port, head);
    assert.equal(got.status, 101);
    assert.equal(got.get("sec-websocket-protocol"), outcome.subprotocol);
    assert.equal(got.get("sec-websocket-extensions"), outcome.extensions);
    assert.equal(got.get("sec-websocket-accept"), outcome.headers.find(([k]) => k === "Sec-WebSocket-Accept")[1]);
  });

  test("Chromium: chat, permessage-deflate, echo", async () => {
    await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy });
  });

  test("raw rejections are the package's (version 8 and the short key: see the Miniflare run)", async () => {
    await checkRejections(server.port, policy, { skip: ["version 8", "15-byte key"], workerd: true });
  });

  test("wrangler dev's proxy answers version 8 and repairs a 15-byte key before the Worker runs", async () => {
    const v8 = await rawExchange(server.port, upgradeHead({ port: server.port, path: "/chat", version: "8" }));
    assert.equal(v8.status, 400);
    assert.match(v8.body, /WebSocket version is not supported/);
    const short = await rawExchange(server.port, upgradeHead({ port: server.port, path: "/chat", key: Buffer.alloc(15, 7).toString("base64") }));
    assert.equal(short.status, 101);
  });

  test("200 rejected handshakes in a row: every socket closed, the Worker still answers", async () => {
    await checkNoLeak(server.port, policy, { keepAlive: true });
  });
});

describe("examples/hono-worker.js in workerd through Miniflare (no proxy in front)", () => {
  let mf, port, policy, outdir;
  before(async () => {
    outdir = await mkdtemp(`${tmpdir()}/uh-hono-`);
    const child = spawn(bin("wrangler"), ["deploy", "--dry-run", "--config", CONFIG, "--outdir", outdir], {
      cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { out += d; });
    const code = await new Promise((resolve) => child.once("close", resolve));
    assert.equal(code, 0, out);
    port = await freePort();
    const origins = [APP_ORIGIN];
    policy = examplePolicy("hono-worker", origins);
    const { Miniflare, Log, LogLevel } = await import("miniflare");
    mf = new Miniflare({
      modules: true,
      scriptPath: `${outdir}/hono-worker.js`,
      modulesRoot: outdir,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-04-20",
      bindings: { ORIGINS: origins.join(",") },
      host: "127.0.0.1",
      port,
      log: new Log(LogLevel.WARN),
      cf: false,
    });
    await mf.ready;
  });
  after(async () => {
    await mf?.dispose();
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  test("raw rejections are the package's, version 8 and the 15-byte key included", async () => {
    await checkRejections(port, policy, { workerd: true });
  });

  test("the ws client: chat, permessage-deflate, echo", async () => {
    await wsClientEcho(port, policy);
  });

  test("`Upgrade: WebSocket`, which Hono's helper alone refuses, switches as the package decided", async () => {
    for (const upgrade of ["WebSocket"]) {
      const head = chatHead(port, { Origin: APP_ORIGIN, Upgrade: upgrade, "Sec-WebSocket-Protocol": "foo, superchat", "Sec-WebSocket-Extensions": "permessage-deflate; server_no_context_takeover" });
      const outcome = negotiate(head, policy);
      assert.equal(outcome.kind, "switch");
      const got = await rawExchange(port, head);
      assert.equal(got.status, 101, upgrade);
      assert.equal(got.get("sec-websocket-protocol"), outcome.subprotocol);
      assert.equal(got.get("sec-websocket-extensions"), outcome.extensions);
      assert.equal(got.get("sec-websocket-accept"), outcome.headers.find(([k]) => k === "Sec-WebSocket-Accept")[1]);
    }
  });

  test("an Upgrade list the package accepts: workerd itself fails the Worker's 101 (500)", async () => {
    const head = chatHead(port, { Origin: APP_ORIGIN, Upgrade: "websocket, foo/1" });
    assert.equal(negotiate(head, policy).kind, "switch");
    const got = await rawExchange(port, head);
    assert.equal(got.status, 500);
  });
});

describe("examples/hono-node.mjs (@hono/node-server, @hono/node-ws, upgrade-handshake/hono/node)", () => {
  let server, policy;
  before(async () => {
    server = await startExample(process.execPath, ["examples/hono-node.mjs"], { origins: (port) => [APP_ORIGIN, `http://127.0.0.1:${port}`] });
    policy = examplePolicy("hono-node", server.origins);
  });
  after(async () => { await server?.stop(); });

  test("the ws client: chat, permessage-deflate, echo (text and binary)", async () => {
    await wsClientEcho(server.port, policy);
  });

  test("the 101 on the wire is the package's, byte for byte", async () => {
    for (const headers of [
      { "Sec-WebSocket-Protocol": "foo, superchat" }, // ws alone would choose foo
      { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits; server_max_window_bits=11" }, // @hono/node-ws alone has no deflate
      { Upgrade: "WebSocket, foo/1" }, // @hono/node-ws's helper alone refuses a list
    ]) {
      const head = chatHead(server.port, { "Sec-WebSocket-Extensions": null, ...headers, Origin: APP_ORIGIN });
      const got = await rawExchange(server.port, head);
      assert.equal(got.text, negotiate(head, policy).response, JSON.stringify(headers));
    }
  });

  test("Chromium: chat, permessage-deflate, echo", async () => {
    await chromiumEcho(browser, { port: server.port, pageUrl: `${server.origin}/`, policy });
  });

  test("raw rejections are the package's, body and fields included", async () => {
    await checkRejections(server.port, policy);
  });

  test("200 rejected handshakes in a row: every socket closed, the server still answers", async () => {
    await checkNoLeak(server.port, policy, { pid: server.pid });
  });
});
