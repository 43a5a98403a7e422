// Runs the files of examples/ as real servers on 127.0.0.1 (PORT and ORIGINS in their environment)
// and holds the checks every example must pass: a real client's handshake and echo, the package's
// rejections on raw sockets, and nothing left open after 200 rejected handshakes in a row.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { readdirSync, readlinkSync } from "node:fs";
import assert from "node:assert/strict";
import { negotiate } from "upgrade-handshake";
import { root, freePort, supervise } from "./dev-server.js";
import { openRaw, rawExchange, upgradeHead } from "./raw.js";
import { openWs, nextMessage, closeWs } from "./ws-client.js";

export { root, freePort };
export const bin = (name) => `${root}node_modules/.bin/${name}`;

/** The origin the tests allow besides the page origin of the Chromium checks. */
export const APP_ORIGIN = "https://app.example";
export const FOREIGN_ORIGIN = "https://evil.example";

/** The policy each example applies, as its file spells it (with ORIGINS already split). */
export function examplePolicy(name, origins) {
  const base = { protocols: ["chat", "superchat"], origins, permessageDeflate: true, requireUpgrade: true };
  if (name === "deno") return { ...base, permessageDeflate: false }; // upgrade-handshake/deno turns it off
  if (name === "bun") return { ...base, permessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true } };
  if (name === "hono-worker") return { ...base, edge: true };
  return base;
}

/** The TCP connections a process holds open (its socket descriptors), or null where /proc is missing. */
export function openSockets(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:");
      } catch {
        return false;
      }
    }).length;
  } catch {
    return null;
  }
}

/** Resolves once something accepts TCP connections on `port`, or rejects when `child` exits first. */
async function listening(port, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs; // stops a hang, not a pass criterion
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the example exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the example did not listen on ${port}:\n${output()}`);
    const ok = await new Promise((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts `command args` (an example) with PORT and ORIGINS set; resolves to { port, origin, origins,
 * pid, output, stop }. `args` and `origins` may be functions of the port. `ready` overrides the
 * readiness probe (wrangler's HTTP answer, for instance). One retry on a fresh port: on a loaded
 * machine another process can take the free port between the probe and the example's bind.
 */
export async function startExample(command, args, options = {}) {
  try {
    return await startExampleOnce(command, args, options);
  } catch (first) {
    try {
      return await startExampleOnce(command, args, options);
    } catch (second) {
      second.message = `${second.message}\n(first attempt: ${first.message})`;
      throw second;
    }
  }
}

async function startExampleOnce(command, args, { origins = [], env = {}, ready, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  if (typeof origins === "function") origins = origins(port);
  if (typeof args === "function") args = await args(port);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", FORCE_COLOR: "0", PORT: String(port), ORIGINS: origins.join(","), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const { output, stop } = supervise(child);
  try {
    await listening(port, child, output, timeoutMs);
    if (ready) await ready(origin);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, origin, origins, pid: child.pid, output, stop };
}

/** An upgrade request head to `/chat` with the offer of the clients under test. */
export function chatHead(port, headers = {}) {
  return upgradeHead({
    port,
    path: "/chat",
    headers: { "Sec-WebSocket-Protocol": "chat, superchat", "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits", ...headers },
  });
}

/** What a client offered, as a head the package can judge (the key does not change the choice). */
export function offerHead({ port, origin, protocols = "chat, superchat", extensions }) {
  const headers = { "Sec-WebSocket-Protocol": protocols };
  if (extensions !== undefined) headers["Sec-WebSocket-Extensions"] = extensions;
  if (origin !== undefined) headers.Origin = origin;
  return upgradeHead({ port, path: "/chat", headers });
}

/** permessage-deflate parameters as a sorted list: uWebSockets (Bun) orders them differently. */
export const params = (value) => (value ?? "").split(";").map((s) => s.trim()).filter(Boolean).sort();

/**
 * The ws client with `chat, superchat` and permessage-deflate (its offer: `permessage-deflate;
 * client_max_window_bits`): the echo works, and the subprotocol and extension are what `negotiate`
 * decides for that offer under `policy`. Returns the 101's headers.
 */
export async function wsClientEcho(port, policy, { origin = APP_ORIGIN, sameOrder = true } = {}) {
  const decided = negotiate(offerHead({ port, origin, extensions: "permessage-deflate; client_max_window_bits" }), policy);
  assert.equal(decided.kind, "switch");
  const { ws, res } = await openWs(`ws://127.0.0.1:${port}/chat`, { protocols: ["chat", "superchat"], origin, perMessageDeflate: { threshold: 0 } });
  try {
    assert.ok(ws, "the handshake succeeded");
    assert.equal(ws.protocol, decided.subprotocol);
    assert.equal(res.headers["sec-websocket-protocol"], decided.subprotocol);
    if (sameOrder) assert.equal(res.headers["sec-websocket-extensions"], decided.extensions);
    else assert.deepEqual(params(res.headers["sec-websocket-extensions"]), params(decided.extensions));
    const text = "echo ".repeat(400); // compressible, so a deflate mismatch would show
    ws.send(text);
    const got = await nextMessage(ws);
    assert.equal(got.data.toString(), text);
    assert.equal(got.isBinary, false);
    ws.send(Buffer.from([0, 1, 2, 250]));
    const bin = await nextMessage(ws);
    assert.deepEqual([...bin.data], [0, 1, 2, 250]);
    assert.equal(bin.isBinary, true);
  } finally {
    await closeWs(ws);
  }
  return res.headers;
}

/** The package's answer to `head` under `policy`: status, fields (by lowercase name) and body. */
function expected(head, policy) {
  const outcome = negotiate(head, policy);
  const fields = new Map(outcome.headers.map(([k, v]) => [k.toLowerCase(), v]));
  return { outcome, fields };
}

/**
 * Raw-socket rejections, each the package's answer: a foreign Origin gets 403 with the package's
 * body; `Sec-WebSocket-Version: 8` gets 426 with `Sec-WebSocket-Version: 13`; a 15-byte key gets
 * 400; a plain GET to /chat gets what the policy says (426 with `Upgrade: websocket`).
 * `skip` names the cases a front proxy answers before the server (wrangler dev). `workerd`: workerd
 * drops `Upgrade` and `Connection` from a Worker's 426 (pinned by tests/worker/workerd.test.js).
 */
export async function checkRejections(port, policy, { skip = [], workerd = false } = {}) {
  const cases = {
    "foreign origin": chatHead(port, { Origin: FOREIGN_ORIGIN }),
    "version 8": upgradeHead({ port, path: "/chat", version: "8" }),
    "15-byte key": upgradeHead({ port, path: "/chat", key: Buffer.alloc(15, 7).toString("base64") }),
    "plain GET": `GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  };
  const statuses = { "foreign origin": 403, "version 8": 426, "15-byte key": 400, "plain GET": 426 };
  for (const [name, head] of Object.entries(cases)) {
    if (skip.includes(name)) continue;
    const { outcome, fields } = expected(head, policy);
    assert.equal(outcome.status, statuses[name], `${name}: the package's status`);
    const got = await rawExchange(port, head);
    assert.equal(got.status, outcome.status, `${name}: ${got.text}`);
    assert.equal(got.body, outcome.body, `${name}: the package's body`);
    assert.equal(got.get("content-type"), fields.get("content-type"), name);
    if (name === "version 8") assert.equal(got.get("sec-websocket-version"), "13");
    if (name === "plain GET") assert.equal(got.get("upgrade"), workerd ? undefined : "websocket");
  }
}

/**
 * 200 rejected handshakes (a foreign Origin) in a row: each gets the package's 403 and the server
 * closes the connection (`keepAlive`: the server leaves it open and the client closes it; workerd
 * keeps it for the next request, as HTTP allows, and Deno even after its `Connection: close`);
 * afterwards the server still switches and echoes, and (with `pid`)
 * holds no more sockets than before.
 */
export async function checkNoLeak(port, policy, { pid, extraCheck, keepAlive = false } = {}) {
  const before = pid ? openSockets(pid) : null;
  const head = chatHead(port, { Origin: FOREIGN_ORIGIN });
  const body = negotiate(head, policy).body;
  for (let i = 0; i < 200; i++) {
    const conn = openRaw(port);
    try {
      await conn.write(head);
      const got = await conn.head();
      assert.equal(got.status, 403, `rejection ${i}`);
      assert.equal(await conn.body(got), body, `rejection ${i}`);
      if (!keepAlive) await conn.closed(); // the server closes every rejected connection
    } finally {
      conn.close();
    }
  }
  await wsClientEcho(port, policy, extraCheck);
  if (before !== null) {
    // The server's side of every closed connection is released (polled: closing is asynchronous).
    let now = openSockets(pid);
    for (let i = 0; i < 100 && now > before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = openSockets(pid);
    }
    assert.ok(now <= before, `sockets held by the server: ${before} before, ${now} after`);
  }
}

/**
 * Chromium (playwright-core) opens `ws://127.0.0.1:port/chat` with `chat, superchat` from a page of
 * `pageOrigin`; the echo works, and the subprotocol and extension are what `negotiate` decides for
 * Chromium's offer (`permessage-deflate; client_max_window_bits`) from that Origin.
 */
export async function chromiumEcho(browser, { port, pageUrl, policy, sameOrder = true }) {
  const pageOrigin = new URL(pageUrl).origin;
  const decided = negotiate(offerHead({ port, origin: pageOrigin, extensions: "permessage-deflate; client_max_window_bits" }), policy);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    const result = await page.evaluate(async (url) => {
      const ws = new WebSocket(url, ["chat", "superchat"]);
      ws.binaryType = "arraybuffer";
      const opened = await new Promise((resolve) => {
        ws.onopen = () => resolve(true);
        ws.onclose = () => resolve(false);
      });
      if (!opened) return { opened };
      const text = "echo ".repeat(400);
      const echo = await new Promise((resolve) => {
        ws.onmessage = (e) => resolve(e.data);
        ws.send(text);
      });
      ws.close(1000);
      return { opened, protocol: ws.protocol, extensions: ws.extensions, same: echo === text };
    }, `ws://127.0.0.1:${port}/chat`);
    const ext = (v) => (sameOrder ? v ?? "" : params(v));
    assert.deepEqual({ ...result, extensions: ext(result.extensions) }, { opened: true, protocol: decided.subprotocol, extensions: ext(decided.extensions), same: true });
  } finally {
    await context.close();
  }
}

export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
}
