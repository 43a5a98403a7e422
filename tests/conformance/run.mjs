// `make conformance`: the handshake audit (the package's `audit`, the same engine as the CLI and
// /api/audit) run against real servers started here on 127.0.0.1 free ports: ws,
// websocket-driver, Python websockets and this Worker under wrangler dev. Writes
// docs/CONFORMANCE.md and www/conformance.json (the inspector's per-case answers of each server).
// Both are this script's recorded output, committed; do not edit them by hand. Every server is
// stopped before exit. CASES=<regexp> limits the cases.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { audit, auditCases } from "upgrade-handshake";
import { startWrangler, root } from "../support/dev-server.js";
import { render, matrixData } from "./report.mjs";

const here = new URL(".", import.meta.url);
const OPTIONS = { protocols: ["chat", "superchat"], timeout: 2500, concurrency: 4 };

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

const stops = [];
async function main() {
  const only = process.env.CASES ? new RegExp(process.env.CASES) : null;
  const ids = auditCases("ws://127.0.0.1/").map((c) => c.id).filter((id) => !only || only.test(id));
  const wranglerVersion = JSON.parse(readFileSync(`${root}node_modules/wrangler/package.json`, "utf8")).version;
  console.log("conformance: starting ws, websocket-driver, Python websockets and wrangler dev on 127.0.0.1");
  const node = child(process.execPath, [new URL("node_servers.mjs", here).pathname]);
  stops.push(node.stop);
  const py = python();
  stops.push(py.stop);
  const opts = { vars: { PROTOCOLS: "chat, superchat", ALLOWED_ORIGINS: "http://example.com" }, timeoutMs: 60000 };
  const [n, p, w] = await Promise.all([node.ready, py.ready, startWrangler(opts)]);
  stops.push(w.stop);
  const servers = [
    { id: "ws", label: `ws ${n.versions.ws}`, url: `ws://127.0.0.1:${n.ws}/chat` },
    { id: "driver", label: `websocket-driver ${n.versions.driver}`, url: `ws://127.0.0.1:${n.driver}/chat` },
    { id: "websockets", label: `websockets ${p.version} (Python)`, url: `ws://127.0.0.1:${p.port}/chat` },
    // The Worker serves WebSocket on /echo.
    { id: "workerd", label: `workerd (wrangler ${wranglerVersion} dev)`, url: `ws://127.0.0.1:${w.port}/echo` },
  ];
  for (const s of servers) {
    const t0 = Date.now();
    s.report = await audit(s.url, { ...OPTIONS, only: ids });
    s.ms = Date.now() - t0;
    // Did a case leave the server unable to answer the RFC's own handshake?
    const after = await audit(s.url, { ...OPTIONS, only: ["baseline-rfc6455-1.3"] });
    s.alive = after.cases[0].verdict === "pass";
    const { pass, fail, warn, info } = s.report.summary;
    console.log(`conformance: ${s.label}: ${fail} fail, ${warn} warn, ${info} info, ${pass} pass (${s.report.cases.length} cases, ${s.ms} ms)`);
  }
  const cases = auditCases(servers[0].url, { ...OPTIONS, only: ids });
  const run = { node: n.versions.node, date: new Date().toISOString().slice(0, 10), servers, cases };
  writeFileSync(new URL("../../docs/CONFORMANCE.md", here), render(run));
  writeFileSync(new URL("../../www/conformance.json", here), `${JSON.stringify(matrixData(run))}\n`);
  console.log(`conformance: wrote docs/CONFORMANCE.md and www/conformance.json (${cases.length} cases x ${servers.length} servers)`);
}

try {
  await main();
} finally {
  await Promise.all(stops.map((s) => s()));
}
