// Starts the Worker under `wrangler dev` (local workerd, no network) on free loopback ports,
// exactly as `make demo` does, and stops it when the test is done.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * What a test needs of a child process it started detached (its own process group): its output so
 * far, whether it has exited, and `stop()`, which ends the whole group (SIGTERM, then SIGKILL).
 * @param {import("node:child_process").ChildProcess} child
 */
export function supervise(child) {
  let out = "";
  child.stdout?.on("data", (d) => { out += d; });
  child.stderr?.on("data", (d) => { out += d; });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = () => new Promise((resolve) => {
    if (exited()) return resolve();
    child.once("exit", () => resolve());
    try { process.kill(-child.pid, "SIGTERM"); } catch { resolve(); }
    setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} }, 3000).unref();
  });
  return { output: () => out, exited, stop };
}

/**
 * @param {{ vars?: Record<string,string>, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, port: number, origin: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startWrangler(options = {}) {
  // One retry: on a loaded machine wrangler dev can die while starting (or lose the free port
  // to another process between our probe and its bind); a second start is cheap and honest.
  try {
    return await startWranglerOnce(options);
  } catch (first) {
    try {
      return await startWranglerOnce(options);
    } catch (second) {
      second.message = `${second.message}\n(first attempt: ${first.message})`;
      throw second;
    }
  }
}

async function startWranglerOnce(options) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort),
    "--show-interactive-dev-session=false", "--log-level", "warn",
  ];
  for (const [k, v] of Object.entries(options.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child = spawn(`${root}node_modules/.bin/wrangler`, args, {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const { output, exited, stop } = supervise(child);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited()) throw new Error(`wrangler dev exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`wrangler dev did not start in time:\n${output()}`); }
    try {
      const res = await fetch(`${origin}/`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) { await res.arrayBuffer(); break; }
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: origin, port, origin, output, stop };
}

/**
 * Bundles the Worker exactly as `wrangler deploy` would, without network or account
 * (`wrangler deploy --dry-run --outdir`). Resolves to the output directory, the entry module
 * and wrangler's output; rejects when wrangler fails.
 * @param {string} outdir
 * @returns {Promise<{ outdir: string, main: string, files: string[], output: string }>}
 */
export async function bundleWorker(outdir) {
  const { readdir } = await import("node:fs/promises");
  const child = spawn(`${root}node_modules/.bin/wrangler`, ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { out += d; });
  const code = await new Promise((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`wrangler deploy --dry-run exited with ${code}:\n${out}`);
  const files = await readdir(outdir);
  return { outdir, main: `${outdir}/index.js`, files, output: out };
}

/**
 * Runs a Worker in local workerd through Miniflare 4 directly, with no proxy in front: the raw
 * client's request reaches workerd's HTTP server unchanged. By default the Worker is the
 * `wrangler deploy --dry-run` bundle of this project with wrangler.toml's compatibility date,
 * flags, vars and assets; `scriptPath` runs another module instead (a test fixture).
 * @param {{ vars?: Record<string,string>, scriptPath?: string, compatibilityFlags?: string[],
 *   assets?: boolean, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, port: number, origin: string, output: () => string,
 *   stop: () => Promise<void>, bundle?: { outdir: string, files: string[] } }>}
 */
export async function startMiniflare(options = {}) {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { dirname } = await import("node:path");
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const { Miniflare, Log, LogLevel } = await import("miniflare");
  const { unstable_getMiniflareWorkerOptions } = require("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${root}wrangler.toml`);
  let tmp = null;
  let scriptPath = options.scriptPath;
  let bundle;
  if (!scriptPath) {
    tmp = await mkdtemp(`${tmpdir()}/uh-worker-`);
    bundle = await bundleWorker(tmp);
    scriptPath = bundle.main;
  }
  let out = "";
  class CaptureLog extends Log {
    log(message) { out += `${message}\n`; }
  }
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // The bundle's source map points outside its directory; the modules root must contain both.
    modulesRoot: dirname(scriptPath),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: options.compatibilityFlags ?? workerOptions.compatibilityFlags,
    bindings: { ...workerOptions.bindings, ...options.vars },
    ...(options.assets === false || options.scriptPath ? {} : { assets: workerOptions.assets }),
    host: "127.0.0.1",
    port: 0,
    log: new CaptureLog(LogLevel.WARN),
    cf: false, // no request.cf download: tests never leave loopback
    // workerd's own stderr (e.g. its internal errors for a webSocket answered to a POST) goes to output().
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => { out += d; });
      stderr.on("data", (d) => { out += d; });
    },
  });
  const stop = async () => {
    await mf.dispose().catch(() => {});
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };
  let url;
  try {
    url = await Promise.race([
      mf.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error("Miniflare did not start in time")),
        options.timeoutMs ?? 60_000).unref()),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${out}`);
  }
  const origin = `http://127.0.0.1:${url.port}`;
  return { url: origin, port: Number(url.port), origin, output: () => out, stop, bundle };
}
