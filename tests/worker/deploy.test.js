// `wrangler deploy --dry-run --outdir` must succeed offline: it is what `npx wrangler deploy`
// uploads, minus the upload. The bundle must carry the package's WebAssembly as a module and
// keep the entry's initialisation (a "sideEffects": false package could let esbuild drop it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { bundleWorker } from "../support/dev-server.js";

test("wrangler deploy --dry-run bundles the Worker offline with the wasm module, the vars and the assets", async () => {
  const dir = await mkdtemp(`${tmpdir()}/uh-deploy-`);
  try {
    const { files, main, output } = await bundleWorker(dir);
    const wasm = files.filter((f) => f.endsWith(".wasm"));
    assert.equal(wasm.length, 1, files.join(", "));
    const js = await readFile(main, "utf8");
    assert.match(js, new RegExp(`^import \\w+ from "\\./${wasm[0].replace(/[.]/g, "\\.")}";$`, "m"), "the .wasm is imported as a module");
    assert.match(js, /^initSync\(\{ module \}\);$/m, "the workerd entry's initialisation survived tree-shaking");
    assert.match(js, /negotiateFetch/);
    assert.match(output, /env\.ASSETS/);
    assert.match(output, /env\.PROTOCOLS \("chat, superchat"\)/);
    assert.match(output, /env\.ALLOWED_ORIGINS/);
    assert.match(output, /--dry-run: exiting now\./);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
