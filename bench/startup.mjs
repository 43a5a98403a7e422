// Start-up (issue 8): compile + instantiate of the module and the first call, in Node and in workerd.
// `node bench/startup.mjs` writes target/bench/startup.json.
//
// Node: each sample is a fresh `node` process (cold V8, no code cache) that times
//   read the .wasm, `new WebAssembly.Module` (compile), `initSync` (instantiate + glue), the first
//   `negotiate` (lazy tier-up of the functions it touches), a second call, and `import("upgrade-handshake")`
//   as a user writes it in yet another fresh process.
// workerd: time inside a Worker does not advance while it computes (Spectre mitigation), so it is
//   measured from outside, against a baseline: Miniflare (local workerd) started with a Worker that
//   imports the package (its .wasm compiled by workerd at load) and with the same Worker without it;
//   start-to-ready and the first request (which calls negotiate) are compared, interleaved.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { RFC6455, median, root, save } from "./common.mjs";

const quick = process.env.BENCH_QUICK === "1";
const ROUNDS = quick ? 2 : 5;

if (process.argv[2] === "--child") {
  // Runs in a fresh process.
  const t0 = performance.now();
  const { initSync } = await import(`${root}pkg/gen/upgrade_handshake.js`);
  const api = await import(`${root}pkg/api.js`);

  const t1 = performance.now();
  const bytes = readFileSync(`${root}pkg/gen/upgrade_handshake_bg.wasm`);
  const t2 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t3 = performance.now();
  initSync({ module });
  const t4 = performance.now();
  const first = api.negotiate(RFC6455, { protocols: ["chat"] });
  const t5 = performance.now();
  api.negotiate(RFC6455, { protocols: ["chat"] });
  const t6 = performance.now();
  if (first.status !== 101) throw new Error("first call did not switch");
  process.stdout.write(JSON.stringify({
    loadJs: t1 - t0, read: t2 - t1, compile: t3 - t2, instantiate: t4 - t3, firstCall: t5 - t4, secondCall: t6 - t5,
  }));
  process.exit(0);
}
if (process.argv[2] === "--import") {
  const t0 = performance.now();
  const { negotiate } = await import("upgrade-handshake");
  const t1 = performance.now();
  negotiate(RFC6455, { protocols: ["chat"] });
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ importPackage: t1 - t0, firstCallAfterImport: t2 - t1 }));
  process.exit(0);
}

// ---- Node --------------------------------------------------------------------------------------
const self = new URL(import.meta.url).pathname;
const nodeSamples = [];
for (let r = 0; r < ROUNDS; r++) {
  const a = JSON.parse(execFileSync(process.execPath, [self, "--child"], { cwd: root, timeout: 30_000 }));
  const b = JSON.parse(execFileSync(process.execPath, [self, "--import"], { cwd: root, timeout: 30_000 }));
  nodeSamples.push({ ...a, ...b });
}
const node = {};
for (const k of Object.keys(nodeSamples[0])) node[k] = median(nodeSamples.map((s) => s[k]));

// ---- workerd -----------------------------------------------------------------------------------
const dir = mkdtempSync(`${tmpdir()}/uh-startup-`);
const REQ = JSON.stringify(RFC6455);
writeFileSync(`${dir}/with.js`, `
import module from "${root}pkg/gen/upgrade_handshake_bg.wasm";
import { initSync } from "${root}pkg/gen/upgrade_handshake.js";
import { negotiate } from "${root}pkg/api.js";

initSync({ module });
export default { fetch() { return new Response(String(negotiate(${REQ}, { protocols: ["chat"] }).status)); } };
`);
writeFileSync(`${dir}/without.js`, `
export default { fetch() { return new Response(String(${REQ}.length)); } };
`);

async function startWorker(which) {
  const { Miniflare, Log, LogLevel } = await import("miniflare");
  const t0 = performance.now();
  const mf = new Miniflare({
    modules: true,
    scriptPath: `${dir}/${which}.js`,
    modulesRoot: "/",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }, { type: "ESModule", include: ["**/*.js"] }],
    compatibilityDate: "2026-04-20",
    host: "127.0.0.1",
    port: 0,
    cf: false,
    log: new Log(LogLevel.ERROR),
  });
  try {
    const url = await Promise.race([
      mf.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error("workerd did not start")), 60_000).unref()),
    ]);
    const t1 = performance.now();
    const r1 = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    const body = await r1.text();
    const t2 = performance.now();
    const r2 = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    await r2.text();
    const t3 = performance.now();
    if (which === "with" && body !== "101") throw new Error(`workerd: negotiate answered ${body}`);
    return { ready: t1 - t0, firstRequest: t2 - t1, secondRequest: t3 - t2 };
  } finally {
    await mf.dispose().catch(() => {});
  }
}

let workerd;
try {
  const samples = { with: [], without: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const which of r % 2 ? ["without", "with"] : ["with", "without"]) samples[which].push(await startWorker(which));
  }
  const med = (arr) => Object.fromEntries(Object.keys(arr[0]).map((k) => [k, median(arr.map((s) => s[k]))]));
  const w = med(samples.with);
  const wo = med(samples.without);
  workerd = {
    with: w, without: wo,
    readyDelta: median(samples.with.map((s, i) => s.ready - samples.without[i].ready)),
    firstRequestDelta: median(samples.with.map((s, i) => s.firstRequest - samples.without[i].firstRequest)),
  };
} catch (error) {
  workerd = { error: String(error.message ?? error).split("\n")[0] };
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ms = (x) => `${x.toFixed(2)} ms`;
console.log(`start-up, median of ${ROUNDS} fresh processes`);
console.log(`  Node: compile ${ms(node.compile)}, instantiate ${ms(node.instantiate)}, first negotiate ${ms(node.firstCall)}` +
  ` (second ${ms(node.secondCall)}); import("upgrade-handshake") ${ms(node.importPackage)}, then first call ${ms(node.firstCallAfterImport)}`);
if (workerd.error) console.log(`  workerd: unavailable: ${workerd.error}`);
else {
  console.log(`  workerd: ready ${ms(workerd.with.ready)} with the package vs ${ms(workerd.without.ready)} without (delta ${ms(workerd.readyDelta)});` +
    ` first request ${ms(workerd.with.firstRequest)} vs ${ms(workerd.without.firstRequest)} (delta ${ms(workerd.firstRequestDelta)});` +
    ` second ${ms(workerd.with.secondRequest)} vs ${ms(workerd.without.secondRequest)}`);
}
save("startup", { rounds: ROUNDS, node, nodeSamples, workerd });
