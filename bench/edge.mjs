// Edge throughput (issue 8): WebSocket handshakes per second over loopback against this Worker's
// /echo under local workerd (Miniflare directly, no wrangler proxy: tests/support/dev-server.js),
// beside a plain `ws` server (bench/ws-server.mjs, its own process) doing the same negotiation.
// N = 1, 16, 64 concurrent clients, each a loop of: connect, send the opening handshake, read the
// 101 head, reset the connection (RST, so no TIME_WAIT piles up). Bounded: EDGE_SECONDS per run.
// `node bench/edge.mjs` writes target/bench/edge.json.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { KEY, root, save } from "./common.mjs";
import { startMiniflare } from "../tests/support/dev-server.js";

const quick = process.env.BENCH_QUICK === "1";
const SECONDS = Number(process.env.EDGE_SECONDS ?? (quick ? 1 : 3));
const CONCURRENCY = [1, 16, 64];

function handshake(port, path) {
  const request =
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true });
    let head = "";
    const done = (ok) => {
      clearTimeout(timer);
      socket.removeAllListeners("data");
      if (typeof socket.resetAndDestroy === "function" && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 10_000);
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end !== -1) done(head.startsWith("HTTP/1.1 101") && /\r\nSec-WebSocket-Protocol: chat\r\n/i.test(head.slice(0, end + 2)));
    });
  });
}

async function load(port, path, clients, seconds) {
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (await handshake(port, path)) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { clients, ok, failed, seconds: elapsed, perSecond: ok / elapsed };
}

async function startWs() {
  const child = spawn(process.execPath, [`${root}bench/ws-server.mjs`], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.once("exit", (code) => reject(new Error(`ws server exited with ${code}`)));
    setTimeout(() => reject(new Error("ws server did not start")), 15_000).unref();
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
  return { port, stop };
}

const worker = await startMiniflare();
let ws;
const results = { seconds: SECONDS, worker: [], ws: [] };
try {
  ws = await startWs();
  // Each server answers correctly before anything is timed.
  if (!(await handshake(worker.port, "/echo"))) throw new Error(`the Worker did not answer 101 on /echo\n${worker.output()}`);
  if (!(await handshake(ws.port, "/echo"))) throw new Error("the ws server did not answer 101");
  // Warm-up (JIT, isolate) for both.
  await load(worker.port, "/echo", 4, 0.5);
  await load(ws.port, "/echo", 4, 0.5);
  for (const [i, n] of CONCURRENCY.entries()) {
    const order = i % 2 ? ["ws", "worker"] : ["worker", "ws"];
    for (const who of order) {
      const port = who === "worker" ? worker.port : ws.port;
      results[who].push(await load(port, "/echo", n, SECONDS));
    }
  }
} finally {
  await ws?.stop();
  await worker.stop();
}

console.log(`edge throughput, handshakes/s over loopback, ${SECONDS} s per run`);
for (let i = 0; i < CONCURRENCY.length; i++) {
  const w = results.worker[i];
  const p = results.ws[i];
  console.log(`  N=${String(w.clients).padStart(2)}: Worker (workerd) ${w.perSecond.toFixed(0).padStart(6)}/s (${w.failed} failed)` +
    `  ws ${p.perSecond.toFixed(0).padStart(6)}/s (${p.failed} failed)  Worker/ws ${(w.perSecond / p.perSecond).toFixed(2)}x`);
}
save("edge", results);
