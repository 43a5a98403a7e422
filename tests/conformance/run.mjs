// The differential conformance matrix (issue 7): every request case of tests/adversarial.json
// sent over raw TCP to real servers started here on 127.0.0.1 free ports (ws, websocket-driver,
// Python websockets, this Worker under wrangler dev), beside this project's decision; writes
// docs/CONFORMANCE.md. Run by `make conformance`. Every server is stopped before exit.
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { negotiate } from "upgrade-handshake";
import { startWrangler, root } from "../support/dev-server.js";
import { render } from "./report.mjs";

const here = new URL(".", import.meta.url);
const corpus = JSON.parse(readFileSync(new URL("../adversarial.json", here), "utf8"));
const only = process.env.CASES ? new RegExp(process.env.CASES) : null;
const cases = corpus.negotiate.filter((c) => !only || only.test(c.name));

const expand = (v) => typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.concat(v.map((p) =>
  typeof p === "string" ? Buffer.from(p, "utf8") : p.hex !== undefined ? Buffer.from(p.hex, "hex") : Buffer.from(p.repeat.repeat(p.times), "utf8")));

/** Starts a child that prints one JSON line once it listens. */
function child(cmd, args) {
  const p = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let err = "";
  p.stderr.on("data", (d) => { err = (err + d).slice(-4000); });
  const ready = new Promise((resolve, reject) => {
    const rl = createInterface({ input: p.stdout });
    rl.once("line", (l) => { try { resolve(JSON.parse(l)); } catch (e) { reject(e); } });
    p.once("exit", (code) => reject(new Error(`${cmd} exited with ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`${cmd} did not start: ${err}`)), 30000).unref();
  });
  const stop = () => new Promise((r) => {
    if (p.exitCode !== null || p.signalCode !== null) return r();
    p.once("exit", () => r());
    try { process.kill(-p.pid, "SIGTERM"); } catch { r(); }
    setTimeout(() => { try { process.kill(-p.pid, "SIGKILL"); } catch {} }, 3000).unref();
  });
  return { ready, stop };
}

/** Python `websockets`, installed into target/conformance-venv (gitignored) when missing. */
function python() {
  const venv = `${root}target/conformance-venv`;
  const py = `${venv}/bin/python`;
  if (!existsSync(py)) {
    const r = spawnSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("python3 -m venv failed");
  }
  if (spawnSync(py, ["-c", "import websockets"]).status !== 0) {
    console.log("conformance: installing websockets from PyPI");
    const r = spawnSync(`${venv}/bin/pip`, ["install", "--quiet", "websockets"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("pip install websockets failed");
  }
  return child(py, [new URL("py_server.py", here).pathname]);
}

/**
 * Sends `bytes` on a fresh connection and reports the first status code, "closed" (closed with
 * no response) or "timeout" (no response and still open after `wait` ms), and how many
 * responses arrived (a second one means a pipelined request was served).
 */
function probe(port, bytes, wait = 1500) {
  return new Promise((resolve) => {
    const sock = connect({ host: "127.0.0.1", port });
    let buf = Buffer.alloc(0);
    let done = false;
    let settle;
    const finish = (how) => {
      if (done) return;
      done = true;
      clearTimeout(timer); clearTimeout(settle);
      sock.destroy();
      const text = buf.toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const responses = (text.match(/(^|\r\n\r\n|\n\n)HTTP\/1\.[01] \d{3}/g) ?? []).length;
      resolve({ status: m ? Number(m[1]) : how, responses, closed: how === "closed" });
    };
    const timer = setTimeout(() => finish("timeout"), wait);
    sock.on("connect", () => { sock.write(bytes); });
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 65536) return finish("data");
      const text = buf.toString("latin1");
      if (/^HTTP\/1\.[01] 101/.test(text) && text.includes("\r\n\r\n")) return finish("101");
      // A response head arrived: give the server a moment to close or to answer a pipelined request.
      clearTimeout(settle);
      if (text.includes("\r\n\r\n")) settle = setTimeout(() => finish("open"), 400);
    });
    sock.on("error", () => finish("closed"));
    sock.on("close", () => finish("closed"));
  });
}

/** The Worker serves WebSocket on /echo: the corpus' /chat target is rewritten on that column only. */
const forWorker = (bytes) => {
  const text = bytes.toString("latin1");
  return /^([A-Za-z]+ )\/chat( )/.test(text) ? Buffer.from(text.replace(/^([A-Za-z]+ )\/chat /, "$1/echo "), "latin1") : bytes;
};

const BASELINE = expand(corpus.negotiate.find((c) => c.name === "baseline-rfc6455-1.3").request);

/** A server the matrix can restart when a case leaves it unable to answer a valid handshake. */
function server(id, start, map = (b) => b) {
  const s = { id, label: id, port: 0, map, stop: async () => {}, restarts: [] };
  s.start = async () => {
    const h = await start();
    Object.assign(s, { port: h.port, label: h.label, stop: h.stop });
    return s;
  };
  return s;
}

const servers = [];
let nodeVersion = process.version;
async function main() {
  const wranglerVersion = JSON.parse(readFileSync(`${root}node_modules/wrangler/package.json`, "utf8")).version;
  const nodeServer = (key, name) => async () => {
    const c = child(process.execPath, [new URL("node_servers.mjs", here).pathname]);
    const n = await c.ready.catch(async (e) => { await c.stop(); throw e; });
    nodeVersion = n.versions.node;
    return { port: n[key], label: `${name} ${n.versions[key]}`, stop: c.stop };
  };
  servers.push(
    server("ws", nodeServer("ws", "ws")),
    server("driver", nodeServer("driver", "websocket-driver")),
    server("websockets", async () => {
      const c = python();
      const p = await c.ready.catch(async (e) => { await c.stop(); throw e; });
      return { port: p.port, label: `websockets ${p.version} (Python)`, stop: c.stop };
    }),
    server("workerd", async () => {
      const opts = { vars: { PROTOCOLS: "chat, superchat", ALLOWED_ORIGINS: "http://example.com" }, timeoutMs: 60000 };
      // One retry: on a loaded machine wrangler dev occasionally dies while starting.
      const w = await startWrangler(opts).catch((e) => { console.log(`conformance: wrangler dev failed to start, retrying: ${String(e).slice(0, 300)}`); return startWrangler(opts); });
      return { port: w.port, label: `workerd (wrangler ${wranglerVersion} dev)`, stop: w.stop };
    }, forWorker),
  );
  console.log("conformance: starting ws, websocket-driver, Python websockets and wrangler dev on 127.0.0.1");
  await Promise.all(servers.map((s) => s.start()));
  console.log(`conformance: ${cases.length} cases x ${servers.length} servers (${servers.map((s) => `${s.id}:${s.port}`).join(", ")})`);
  const rows = [];
  for (const c of cases) {
    const bytes = expand(c.request);
    const ours = negotiate(new Uint8Array(bytes), c.policy);
    const wait = c.expect.kind === "incomplete" ? 1200 : 2500;
    const results = await Promise.all(servers.map((s) => probe(s.port, s.map(bytes), wait)));
    const row = { case: c, ours: { kind: ours.kind, status: ours.status ?? (ours.kind === "incomplete" ? "incomplete" : "pass") }, results: {}, notes: {} };
    await Promise.all(servers.map(async (s, i) => {
      row.results[s.id] = results[i];
      if (typeof results[i].status === "number") return;
      // Closed or silent: is the server still alive? If not, note it, restart it and retry the case once.
      const health = await probe(s.port, s.map(BASELINE), 5000);
      if (health.status === 101) return;
      console.log(`conformance: ${s.id} stopped answering after ${c.name}; restarting`);
      s.restarts.push(c.name);
      await s.stop();
      await s.start();
      row.notes[s.id] = "the server stopped answering valid handshakes after this case and was restarted";
      row.results[s.id] = { ...(await probe(s.port, s.map(bytes), wait)), restarted: true };
    }));
    rows.push(row);
    process.stdout.write(`  ${c.name.padEnd(44)} ours ${String(row.ours.status).padEnd(10)} ${servers.map((s) => `${s.id} ${row.results[s.id].status}${row.results[s.id].responses > 1 ? "+" : ""}${row.notes[s.id] ? "!" : ""}`).join("  ")}\n`);
  }
  const out = new URL("../../docs/CONFORMANCE.md", here);
  mkdirSync(new URL(".", out), { recursive: true });
  writeFileSync(out, render({ rows, servers, node: nodeVersion }));
  console.log(`conformance: wrote docs/CONFORMANCE.md (${rows.length} rows)`);
}

try {
  await main();
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
