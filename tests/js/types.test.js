// The TypeScript declarations match the package: `tsc --noEmit --strict` accepts the documented
// uses and rejects misuse (tests/js/types/usage.ts), and index.d.ts declares exactly the runtime
// exports of every entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as pkg from "upgrade-handshake";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("tsc --noEmit --strict compiles the usage file against index.d.ts", () => {
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, "-p", "tests/js/types/tsconfig.json"], { cwd: root, encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("index.d.ts declares exactly the runtime exports", async () => {
  const dts = readFileSync(new URL("../../pkg/index.d.ts", import.meta.url), "utf8");
  const declared = [...dts.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(pkg).sort());
  for (const name of declared) assert.equal(typeof pkg[name], name === "AREAS" ? "object" : "function", name);
  // node.js, workerd.js and browser.js all re-export api.js, init(), and the audit
  const api = await import("../../pkg/api.js");
  assert.deepEqual([...Object.keys(api), "init", "audit", "auditCases", "judge", "AREAS"].sort(), declared);
  for (const entry of ["node.js", "workerd.js", "browser.js"]) {
    const src = readFileSync(new URL(`../../pkg/${entry}`, import.meta.url), "utf8");
    assert.match(src, /export \* from "\.\/api\.js";/, entry);
    assert.match(src, /export (async )?function init\(/, entry);
    assert.match(src, /export \{ AREAS, auditCases, judge \} from "\.\/audit\.js";/, entry);
    assert.match(src, /export const audit = /, entry);
  }
});

test("package.json: exports conditions in order, files whitelist, sideEffects, license", () => {
  const p = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
  assert.deepEqual(Object.keys(p.exports["."]), ["types", "workerd", "browser", "default"]);
  assert.ok(!("worker" in p.exports["."]), "the worker condition is webpack's web workers, not workerd");
  assert.equal(p.type, "module");
  // the entries initialise the wasm on import: a bundler must keep them even when it could
  // re-route `export *` straight to api.js
  for (const entry of ["./node.js", "./workerd.js", "./browser.js"]) assert.ok(p.sideEffects.includes(entry), entry);
  assert.ok(p.license);
  assert.ok(Array.isArray(p.files));
});

test("each sub-path export's .d.ts declares exactly its module's runtime exports", async () => {
  const p = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
  const subpaths = Object.entries(p.exports).filter(([k, v]) => k !== "." && typeof v === "object");
  assert.deepEqual(subpaths.map(([k]) => k).sort(), ["./crossws", "./deno", "./hono", "./hono/node", "./ws"]);
  for (const [name, target] of subpaths) {
    assert.deepEqual(Object.keys(target), ["types", "default"], name);
    const dts = readFileSync(new URL(`../../pkg/${target.types}`, import.meta.url), "utf8");
    const declared = [...dts.matchAll(/^export (?:declare )?(?:function|const) (\w+)/gm)].map((m) => m[1]).sort();
    const mod = await import(`upgrade-handshake/${name.slice(2)}`);
    assert.deepEqual(declared, Object.keys(mod).sort(), name);
    for (const file of [target.types, target.default]) assert.ok(p.files.includes(file.slice(2)), `${file} is packed`);
  }
});
