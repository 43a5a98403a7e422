// `make bench`: every measurement of issue 8 (and issue 7's linear-time figures) in one run, then
// one table on stdout and docs/BENCHMARKS.md. Each part also runs alone (`node bench/<part>.mjs`,
// `cargo bench --bench handshake`); BENCH_QUICK=1 shortens everything for a smoke run.
// Figures are ratios from this one run (interleaved where they share a process); absolute times
// drift on a shared machine and are given for scale only.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { outDir, root, save } from "./common.mjs";

const quick = process.env.BENCH_QUICK === "1";
const started = Date.now();
const failures = [];

const reportOnly = process.env.BENCH_REPORT_ONLY === "1"; // re-render from target/bench only
function step(name, cmd, args, env = {}) {
  if (reportOnly) return;
  console.log(`\n== ${name}: ${[cmd, ...args].join(" ")}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  if (r.status !== 0) failures.push(`${name} (exit ${r.status ?? r.signal})`);
  console.log(`== ${name}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

// ---- run every part ------------------------------------------------------------------------------
const criterionArgs = quick
  ? ["--warm-up-time", "0.5", "--measurement-time", "1", "--sample-size", "20"]
  : ["--warm-up-time", "2", "--measurement-time", "6"];
step("criterion (native, vs tungstenite)", "cargo", ["bench", "--bench", "handshake", "--", ...criterionArgs, "--noplot"]);
step("Node (interleaved rounds, linear time)", process.execPath, [`${root}bench/node.mjs`]);
step("size", process.execPath, [`${root}bench/size.mjs`]);
step("start-up", process.execPath, [`${root}bench/startup.mjs`]);
step("edge throughput", process.execPath, [`${root}bench/edge.mjs`]);

// ---- collect -------------------------------------------------------------------------------------
function criterion() {
  const dir = `${root}target/criterion`;
  const out = {};
  if (!existsSync(dir)) return out;
  for (const d of readdirSync(dir)) {
    const meta = `${dir}/${d}/new/benchmark.json`;
    const est = `${dir}/${d}/new/estimates.json`;
    if (!existsSync(meta) || !existsSync(est)) continue;
    const { title } = JSON.parse(readFileSync(meta, "utf8"));
    const e = JSON.parse(readFileSync(est, "utf8"));
    out[title] = { median: e.median.point_estimate, low: e.median.confidence_interval.lower_bound,
      high: e.median.confidence_interval.upper_bound };
  }
  return out;
}
const load = (name) => {
  try { return JSON.parse(readFileSync(`${outDir}/${name}.json`, "utf8")); } catch { return null; }
};
const crit = criterion();
const prior = reportOnly ? load("summary") : null;
const seconds = prior?.seconds ?? (Date.now() - started) / 1000;
const node = load("node");
const size = load("size");
const startup = load("startup");
const edge = load("edge");

const fmt = (ns) => ns === undefined ? "n/a" : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
const x = (r) => (r === undefined || Number.isNaN(r) ? "n/a" : `${r.toFixed(2)}x`);
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const verdict = (value, budget) => value === undefined || Number.isNaN(value) ? "not measured"
  : value <= budget ? "met" : `MISSED by ${((value / budget - 1) * 100).toFixed(0)}%`;

const NATIVE_PAIRS = [
  ["accept_key", "tungstenite derive_accept_key"],
  ["negotiate rfc6455 §1.3 (no trail)", "tungstenite server parse + create_response", 0.5],
  ["negotiate rfc6455 §1.3 (trail)", "tungstenite server parse + create_response"],
  ["negotiate rfc6455 §1.3 + write_to (no trail)", "tungstenite server parse + create_response + write_response"],
  ["negotiate h2c (no trail)", null],
  ["negotiate TLS/1.0 (no trail)", null],
  ["verify_response", "tungstenite client response parse only"],
  ["create_request + verify_response", "tungstenite client handshake (build request + verify response)"],
];
const nativeRows = NATIVE_PAIRS.map(([a, b, budget]) => {
  const ra = crit[a]?.median;
  const rb = b ? crit[b]?.median : undefined;
  return { name: a, ns: ra, peer: b, peerNs: rb, ratio: rb ? ra / rb : undefined, budget };
});

const targets = [];
// The budgets of issue 14.
const negNative = nativeRows.find((r) => r.name === "negotiate rfc6455 §1.3 + write_to (no trail)");
targets.push(["negotiate + serialize the 101 <= 0.6x tungstenite (native, RFC 6455 §1.3, no trail; aim 0.3x)", x(negNative.ratio), verdict(negNative.ratio, 0.6)]);
const nodeRatio = (n) => node?.ratios.find((r) => r.name === n);
const ak = nodeRatio("acceptKey");
targets.push(["acceptKey <= 0.8x node:crypto (aim 0.6x)", x(ak?.ratio), verdict(ak?.ratio, 0.8)]);
const neg = nodeRatio("negotiate(string)");
targets.push(["negotiate(string), default options, response read <= 0.6x websocket-driver (aim 0.4x)", x(neg?.ratio), verdict(neg?.ratio, 0.6)]);
targets.push([".wasm <= 160 KiB raw", size ? kib(size.wasm.raw) : "n/a", verdict(size?.wasm.raw, 160 * 1024)]);
targets.push([".wasm <= 64 KiB gzip (aim 48)", size ? kib(size.wasm.gzip) : "n/a", verdict(size?.wasm.gzip, 64 * 1024)]);
const lin = node?.linear ?? [];
for (const s of lin) {
  const last = s.rows[s.rows.length - 1];
  targets.push([`issue 7: ${last.size.toLocaleString("en")} ${last.unit} (${s.label}) well under 50 ms in wasm`, `${last.ms.toFixed(1)} ms`, verdict(last.ms, 50)]);
}

// ---- the markdown --------------------------------------------------------------------------------
const L = [];
const date = new Date().toISOString().slice(0, 10);
L.push("# Benchmarks", "");
L.push(`Produced by \`make bench\` on ${date} (${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}` +
  `${quick ? ", BENCH_QUICK=1" : ""}), in ${seconds.toFixed(0)} s. The machine is shared, so` +
  " absolute times drift between runs: read the **ratios**, each taken within this one run (Node candidates in" +
  " interleaved rounds). Regenerate with `make bench`; each part also runs alone (`node bench/<part>.mjs`," +
  " `cargo bench --bench handshake`).", "");
if (failures.length) L.push(`**Parts that failed in this run:** ${failures.join(", ")}.`, "");

L.push("## Targets", "", "| Target | Measured | Verdict |", "|---|---:|---|");
for (const [t, m, v] of targets) L.push(`| ${t} | ${m} | ${v} |`);
L.push("");

L.push("## Native (criterion, `cargo bench --bench handshake`)", "",
  `Median time per call (criterion, ${criterionArgs.join(" ")}); the peer is tungstenite 0.29 on the same input.`, "",
  "| This crate | Time | Peer (tungstenite) | Time | Ratio |", "|---|---:|---|---:|---:|");
for (const r of nativeRows) L.push(`| ${r.name} | ${fmt(r.ns)} | ${r.peer ?? "—"} | ${r.peer ? fmt(r.peerNs) : "—"} | ${r.peer ? x(r.ratio) : "—"} |`);
L.push("", "tungstenite's server handshake builds an `http::Response` (no trail, no subprotocol choice, no Origin check);" +
  " the rows with `write_to`/`write_response` include serializing the 101. tungstenite has no h2c or TLS upgrade.", "");

if (node) {
  L.push("## Node (one process, interleaved rounds)", "",
    `${node.node}, ${node.rounds} rounds; each round runs every candidate in a rotated order; median ns per call,` +
    " ratio = median of the per-round ratios. websocket-driver: a fresh `driver.server()` fed the raw request bytes" +
    " through its socket stream (`io.write`), the 101 read from what it writes back. `negotiate(Request)` takes a Fetch" +
    " `Request` built once, as a Worker receives it. Without a `trail` option (the rows without one) `checks` is built" +
    " on first read, by negotiating again with the trail on; `then read checks` measures that whole cost, and" +
    " `trail: true` builds it with the outcome.", "",
    "| Candidate | Median | Baseline | Baseline median | Ratio | Budget |", "|---|---:|---|---:|---:|---|");
  for (const r of node.ratios) {
    L.push(`| ${r.name} | ${fmt(r.ns)} | ${r.base} | ${fmt(r.baseNs)} | ${x(r.ratio)} | ${r.budget === null ? "—" : `${r.budget}x (aim ${r.aim}x): ${verdict(r.ratio, r.budget)}`} |`);
  }
  L.push("");
  L.push("### Linear time in wasm (issue 7)", "",
    "Each input is a valid RFC 6455 request negotiated by the package (`Uint8Array` in, `trail: false`, `maxHeadBytes`" +
    " 4 MiB, `maxHeaders` 100,000); median of repeated calls. Growth is the time relative to the smallest size.", "");
  for (const s of lin) {
    L.push(`**${s.label}**`, "", "| Size | Bytes | Time | ns/byte | Growth (size ×) |", "|---:|---:|---:|---:|---:|");
    for (const r of s.rows) L.push(`| ${r.size.toLocaleString("en")} ${r.unit} | ${r.bytes.toLocaleString("en")} | ${r.ms.toFixed(2)} ms | ${r.nsPerByte.toFixed(1)} | ${r.growth.toFixed(2)} (${(r.bytes / s.rows[0].bytes).toFixed(2)}) |`);
    L.push("");
  }
}

if (size) {
  L.push("## Size", "", "| File | Raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|");
  L.push(`| gen/upgrade_handshake_bg.wasm | ${size.wasm.raw} B (${kib(size.wasm.raw)}) | ${size.wasm.gzip} B (${kib(size.wasm.gzip)}) | ${size.wasm.brotli} B (${kib(size.wasm.brotli)}) |`);
  for (const [f, s] of Object.entries(size.js)) L.push(`| ${f} | ${s.raw} B | ${s.gzip} B | ${s.brotli} B |`);
  L.push("", "Sections of the shipped .wasm: " + size.sections.map((s) => `${s.name} ${s.bytes} B`).join(", ") + ".", "");
  const c = size.contributions;
  if (c?.crates) {
    L.push("### What each dependency contributes", "",
      `Code bytes by crate (${c.method}; code section ${c.codeShipped} B shipped, ${c.codeNamed} B in the named twin).`, "",
      "| Crate | Code bytes | Share of code | Functions |", "|---|---:|---:|---:|");
    for (const r of c.crates) L.push(`| ${r.crate} | ${r.bytes} | ${(r.share * 100).toFixed(1)}% | ${r.functions} |`);
    L.push("", `Data section: ${c.data.bytes} B (check messages, RFC section names, tables), of which panic-location paths ${c.data.panicLocationPathBytes} B.`, "",
      "Largest functions: " + c.largestFunctions.slice(0, 10).map((f) => `\`${f.name}\` ${f.bytes} B`).join(", ") + ".", "");
  } else if (c?.error) {
    L.push(`Per-crate split unavailable in this run: ${c.error}`, "");
  }
}

if (startup) {
  const n = startup.node;
  L.push("## Start-up", "", `Median of ${startup.rounds} fresh processes each.`, "",
    "| Node (fresh process) | Time |", "|---|---:|",
    `| compile (\`new WebAssembly.Module\`) | ${n.compile.toFixed(2)} ms |`,
    `| instantiate (\`initSync\`, glue) | ${n.instantiate.toFixed(2)} ms |`,
    `| first \`negotiate\` (lazy tier-up) | ${n.firstCall.toFixed(2)} ms |`,
    `| second \`negotiate\` | ${n.secondCall.toFixed(2)} ms |`,
    `| \`import("upgrade-handshake")\` (resolve, read, compile, instantiate) | ${n.importPackage.toFixed(2)} ms |`,
    `| first call after that import | ${n.firstCallAfterImport.toFixed(2)} ms |`, "");
  const w = startup.workerd;
  if (w.error) L.push(`workerd: unavailable in this run: ${w.error}`, "");
  else {
    L.push("workerd (Miniflare, local workerd) cannot time itself (its clock stands still while a Worker computes), so" +
      " the package's cost is the difference against the same Worker without it, started alternately:", "",
      "| workerd | With the package | Without | Delta |", "|---|---:|---:|---:|",
      `| start to ready (module collection, workerd load incl. wasm compile) | ${w.with.ready.toFixed(1)} ms | ${w.without.ready.toFixed(1)} ms | ${w.readyDelta.toFixed(1)} ms |`,
      `| first request (instantiate + first negotiate) | ${w.with.firstRequest.toFixed(1)} ms | ${w.without.firstRequest.toFixed(1)} ms | ${w.firstRequestDelta.toFixed(1)} ms |`,
      `| second request | ${w.with.secondRequest.toFixed(1)} ms | ${w.without.secondRequest.toFixed(1)} ms | |`, "");
  }
}

if (edge) {
  L.push("## Edge throughput", "",
    `WebSocket handshakes per second over loopback, ${edge.seconds} s per run: N concurrent clients each loop connect →` +
    " opening handshake (subprotocols chat, superchat) → read the 101 → reset. The Worker's `/echo` (negotiateFetch in" +
    " edge mode, WebSocketPair) runs in local workerd via Miniflare (its entry worker in front, as in `wrangler dev`" +
    " minus the proxy); the peer is a plain `ws` server in its own Node process with the same negotiation. The load" +
    " generator shares the machine's cores with both.", "",
    "| N | Worker (workerd) | ws | Worker / ws |", "|---:|---:|---:|---:|");
  for (let i = 0; i < edge.worker.length; i++) {
    const w = edge.worker[i];
    const p = edge.ws[i];
    L.push(`| ${w.clients} | ${w.perSecond.toFixed(0)}/s${w.failed ? ` (${w.failed} failed)` : ""} | ${p.perSecond.toFixed(0)}/s${p.failed ? ` (${p.failed} failed)` : ""} | ${x(w.perSecond / p.perSecond)} |`);
  }
  L.push("");
}

if (existsSync(`${root}bench/notes.md`)) L.push(readFileSync(`${root}bench/notes.md`, "utf8").trim(), "");
writeFileSync(`${root}docs/BENCHMARKS.md`, L.join("\n"));

// ---- the table -----------------------------------------------------------------------------------
console.log("\n== summary (ratios from this run; docs/BENCHMARKS.md has every figure)");
for (const [t, m, v] of targets) console.log(`  ${t.padEnd(76)} ${String(m).padStart(10)}  ${v}`);
for (const r of nativeRows) if (r.peer) console.log(`  native ${r.name.padEnd(45)} ${fmt(r.ns).padStart(10)}  ${x(r.ratio)} of tungstenite`);
if (node) for (const r of node.ratios) console.log(`  node ${r.name.padEnd(47)} ${fmt(r.ns).padStart(10)}  ${x(r.ratio)} of ${r.base}`);
if (size) console.log(`  .wasm ${size.wasm.raw} B raw, ${size.wasm.gzip} B gzip, ${size.wasm.brotli} B brotli; JS glue+api ${size.js["glue + api.js + workerd.js"].gzip} B gzip`);
if (startup && !startup.workerd.error) console.log(`  start-up: Node compile ${startup.node.compile.toFixed(1)} ms + instantiate ${startup.node.instantiate.toFixed(1)} ms + first call ${startup.node.firstCall.toFixed(1)} ms; workerd first request +${startup.workerd.firstRequestDelta.toFixed(1)} ms, ready +${startup.workerd.readyDelta.toFixed(1)} ms`);
if (edge) for (let i = 0; i < edge.worker.length; i++) console.log(`  edge N=${edge.worker[i].clients}: Worker ${edge.worker[i].perSecond.toFixed(0)}/s, ws ${edge.ws[i].perSecond.toFixed(0)}/s`);
save("summary", { seconds, targets, nativeRows, failures });
console.log(`\nwrote docs/BENCHMARKS.md in ${((Date.now() - started) / 1000).toFixed(0)} s${failures.length ? `; FAILED: ${failures.join(", ")}` : ""}`);
process.exit(failures.length ? 1 : 0);
