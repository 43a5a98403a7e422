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
 * @param {{ vars?: Record<string,string>, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, port: number, origin: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startWrangler(options = {}) {
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
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { out += d; });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    try { process.kill(-child.pid, "SIGTERM"); } catch { resolve(); }
    setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} }, 3000).unref();
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${out}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`wrangler dev did not start in time:\n${out}`); }
    try {
      const res = await fetch(`${origin}/`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) { await res.arrayBuffer(); break; }
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: origin, port, origin, output: () => out, stop };
}
