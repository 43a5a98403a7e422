// `npm pack` of pkg/, installed offline into a fresh directory, works there when imported by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { execFile } from "node:child_process";

const run = promisify(execFile);

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });

test("npm pack -> npm install --offline in a fresh directory -> import by name", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "upgrade-handshake-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, PKG], dir));
  const files = packed[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "README.md",
    "api.js",
    "audit.js",
    "browser.js",
    "cli.js",
    "crossws.d.ts",
    "crossws.js",
    "deno.d.ts",
    "deno.js",
    "gen/catalogue.js",
    "gen/upgrade_handshake.js",
    "gen/upgrade_handshake_bg.wasm",
    "hono-node.d.ts",
    "hono-node.js",
    "hono.d.ts",
    "hono.js",
    "index.d.ts",
    "node.js",
    "package.json",
    "transport-node.js",
    "transport-workerd.js",
    "workerd.js",
    "ws.d.ts",
    "ws.js",
  ]);
  const tarball = join(dir, packed[0].filename);
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, type: "module" }));
  npm(["install", "--offline", "--no-package-lock", tarball], app);
  assert.ok(existsSync(join(app, "node_modules", "upgrade-handshake", "gen", "upgrade_handshake_bg.wasm")));
  assert.ok(!readdirSync(join(app, "node_modules", "upgrade-handshake")).includes("tests"));
  writeFileSync(
    join(app, "main.mjs"),
    `import { acceptKey, generateKey, negotiate, verifyResponse, createRequest, negotiateFetch, init } from "upgrade-handshake";
await init();
const req = createRequest({ url: "ws://example.com/chat", protocols: ["chat"] });
const out = negotiate(req.request, { protocols: ["chat"] });
const v = verifyResponse(out.response, { key: req.key, protocols: ["chat"] });
const f = negotiateFetch(new Request("http://example.com/"));
console.log(JSON.stringify({ accept: acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), key: generateKey().length, kind: out.kind, ok: v.ok, protocol: v.protocol, fetch: f.kind }));
`,
  );
  const result = JSON.parse(execFileSync(process.execPath, ["main.mjs"], { cwd: app, encoding: "utf8" }));
  assert.deepEqual(result, { accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key: 24, kind: "switch", ok: true, protocol: "chat", fetch: "pass" });
  // the sub-path adapters resolve by name and need none of ws, Hono or crossws installed
  const adapters = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", `
const names = {};
for (const sub of ["ws", "hono", "hono/node", "crossws", "deno"]) names[sub] = Object.keys(await import("upgrade-handshake/" + sub)).sort();
console.log(JSON.stringify(names));`], { cwd: app, encoding: "utf8" }));
  assert.deepEqual(adapters, {
    ws: ["answerUpgrade", "handleUpgrade", "negotiateIncoming", "upgradeHandler"],
    hono: ["OUTCOME", "upgradeHandshake"],
    "hono/node": ["injectWebSocket"],
    crossws: ["upgrade"],
    deno: ["upgradeWebSocket"],
  });
  // the package's own metadata resolves too
  const meta = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", `import p from "upgrade-handshake/package.json" with { type: "json" }; console.log(JSON.stringify({ name: p.name, types: p.types }));`], { cwd: app, encoding: "utf8" }));
  assert.deepEqual(meta, { name: "upgrade-handshake", types: "./index.d.ts" });
  // The installed bin audits a server (here one that answers every case with 400) with what the tarball holds.
  const bin = join(app, "node_modules", ".bin", "upgrade-handshake");
  assert.match(execFileSync(bin, ["--help"], { encoding: "utf8" }), /Usage: upgrade-handshake audit <url>/);
  const server = createServer((s) => { s.on("error", () => {}); s.on("data", () => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const { stdout } = await run(bin, ["audit", `ws://127.0.0.1:${server.address().port}/`, "--only", "smuggle-key-missing", "--json"]);
    const report = JSON.parse(stdout);
    assert.equal(report.cases[0].id, "smuggle-key-missing");
    assert.equal(report.cases[0].verdict, "pass");
  } finally {
    server.close();
  }
});
