// Size (issue 8): the shipped .wasm raw / gzip -9 / brotli, the JS glue, and what each dependency
// contributes. `node bench/size.mjs` (after `make pkg`) writes target/bench/size.json.
//
// Per-dependency contribution, twiggy-style ("top", shallow sizes) without installing twiggy: the
// same wasm-bindgen + wasm-opt pipeline as `make pkg`, but keeping the name section (`-g`), then each
// function body in the code section is charged to the crate its (demangled) name starts with.
// The named build's code section equals the shipped one's (checked below), so the split is exact for
// code; the data section (string constants, panic locations, tables) is reported as a whole, with the
// bytes of panic-location paths (`/rustc/...`, `.cargo/registry/...`, `src/...rs`) counted apart.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { root, save } from "./common.mjs";

const GEN = `${root}pkg/gen`;
const RAW = `${root}target/wasm32-unknown-unknown/release/upgrade_handshake.wasm`;
const WASM_OPT_FLAGS = ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", "--strip-producers"];

const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sizes = (b) => ({ raw: b.length, gzip: gz(b), brotli: br(b) });

// ---- a minimal wasm reader: sections, imports, code bodies, the name section -----------------
function leb(buf, pos) {
  let result = 0, shift = 0, byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [result, pos];
}
function str(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [buf.toString("utf8", p, p + len), p + len];
}
function readWasm(buf) {
  const sections = [];
  let pos = 8;
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    const end = start + size;
    let name = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element",
      "code", "data", "datacount", "tag"][id] ?? `section ${id}`;
    if (id === 0) {
      const [custom, p] = str(buf, start);
      name = `custom "${custom}"`;
      if (custom === "name") {
        let q = p;
        while (q < end) {
          const sub = buf[q];
          const [len, r] = leb(buf, q + 1);
          if (sub === 1) {
            let [n, s] = leb(buf, r);
            for (let i = 0; i < n; i++) {
              let idx, nm;
              [idx, s] = leb(buf, s);
              [nm, s] = str(buf, s);
              names.set(idx, nm);
            }
          }
          q = r + len;
        }
      }
    } else if (id === 2) {
      let [n, p] = leb(buf, start);
      for (let i = 0; i < n; i++) {
        [, p] = str(buf, p);
        [, p] = str(buf, p);
        const kind = buf[p++];
        if (kind === 0) { importedFuncs++; [, p] = leb(buf, p); }
        else if (kind === 1) { p++; const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }
        else if (kind === 2) { const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; [, p] = leb(buf, p); }
      }
    } else if (id === 10) {
      let [n, p] = leb(buf, start);
      for (let i = 0; i < n; i++) {
        const [len, b] = leb(buf, p);
        bodies.push({ index: importedFuncs + i, bytes: b + len - p });
        p = b + len;
      }
    }
    sections.push({ id, name, bytes: end - pos });
    pos = end;
  }
  return { sections, bodies, names };
}

/** The crate a demangled Rust symbol belongs to (the first path segment of its self type). */
function crateOf(name) {
  if (name === undefined) return "(unnamed)";
  let s = name.replace(/^(<|&|mut |dyn |\*const |\*mut |\[)+/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(s);
  if (m) return m[1];
  // wasm-bindgen's export shims, into which wasm-opt inlines the binding's bodies (src/wasm.rs).
  if (/ (multivalue|externref) shim$/.test(s) || /^[a-z][A-Za-z]+$/.test(s)) return "exports";
  if (/^__wbg|^__wbindgen|^__externref|wasm_bindgen/.test(s)) return "wasm_bindgen";
  if (/^(memcpy|memset|memmove|memcmp|bcmp|__rust|rust_)/.test(s)) return "compiler_builtins/std";
  if (/^(dlmalloc|malloc|free|realloc)/.test(s)) return "dlmalloc";
  if (/^(negotiate|verify|accept|create)[A-Z]/.test(s)) return "upgrade_handshake (exports)";
  return "(other)";
}
const GROUP = {
  upgrade_handshake: "upgrade_handshake (this crate)",
  "upgrade_handshake (exports)": "upgrade_handshake (this crate)",
  exports: "binding exports (src/wasm.rs inlined in wasm-bindgen shims)",
  __rustc: "Rust alloc (String, Vec, fmt::format)",
  httparse: "httparse",
  sha1_smol: "sha1_smol",
  sha1: "sha1 (RustCrypto)",
  base64: "base64",
  wasm_bindgen: "wasm-bindgen glue",
  js_sys: "js-sys / web-sys",
  web_sys: "js-sys / web-sys",
  serde_wasm_bindgen: "serde-wasm-bindgen",
  serde: "serde",
  alloc: "Rust alloc (String, Vec, fmt::format)",
  core: "Rust core (fmt, str, slice, panics)",
  std: "Rust std",
  dlmalloc: "dlmalloc (allocator)",
  "compiler_builtins/std": "compiler_builtins / std",
};

// ---- figures -----------------------------------------------------------------------------------
const wasm = readFileSync(`${GEN}/upgrade_handshake_bg.wasm`);
const glue = readFileSync(`${GEN}/upgrade_handshake.js`);
const api = readFileSync(`${root}pkg/api.js`);
const entries = ["node.js", "workerd.js", "browser.js"].map((f) => [f, readFileSync(`${root}pkg/${f}`)]);
const jsAll = Buffer.concat([glue, api, entries[1][1]]);

const shipped = readWasm(wasm);
const result = {
  wasm: sizes(wasm),
  js: {
    "gen/upgrade_handshake.js (wasm-bindgen glue)": sizes(glue),
    "api.js": sizes(api),
    ...Object.fromEntries(entries.map(([f, b]) => [f, sizes(b)])),
    "glue + api.js + workerd.js": sizes(jsAll),
  },
  sections: shipped.sections,
  budget: { raw: 160 * 1024, gzip: 64 * 1024, aimRaw: 160 * 1024, aimGzip: 48 * 1024 },
};

// The named twin of the shipped module.
const tmp = `${root}target/bench/named`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
let contributions = null;
try {
  if (!existsSync(RAW)) throw new Error(`${RAW} missing: run make pkg`);
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", tmp, "--out-name", "uh", "--no-typescript", "--keep-debug", RAW]);
  execFileSync(`${root}node_modules/.bin/wasm-opt`, [...WASM_OPT_FLAGS, "-g", `${tmp}/uh_bg.wasm`, "-o", `${tmp}/named.wasm`]);
  const named = readWasm(readFileSync(`${tmp}/named.wasm`));
  const codeOf = (w) => w.sections.find((s) => s.name === "code")?.bytes ?? 0;
  const byCrate = new Map();
  const fns = [];
  for (const b of named.bodies) {
    const n = named.names.get(b.index);
    const group = GROUP[crateOf(n)] ?? `${crateOf(n)}`;
    const e = byCrate.get(group) ?? { bytes: 0, functions: 0 };
    e.bytes += b.bytes;
    e.functions++;
    byCrate.set(group, e);
    fns.push({ name: (n ?? `func[${b.index}]`).replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, ""), bytes: b.bytes });
  }
  const data = shipped.sections.find((s) => s.name === "data")?.bytes ?? 0;
  const text = wasm.toString("latin1");
  let panicPaths = 0;
  for (const m of text.matchAll(/(\/rustc\/[0-9a-f]+\/library\/[\w/.-]+\.rs|\/[\w/.-]*\.cargo\/registry\/src\/[\w/.-]+\.rs|src\/[\w/]+\.rs)/g)) panicPaths += m[0].length;
  contributions = {
    method: "function bodies of a wasm-opt -g twin, charged to the crate their names start with; data as a whole",
    codeShipped: codeOf(shipped),
    codeNamed: codeOf(named),
    crates: [...byCrate.entries()].map(([crate, e]) => ({ crate, ...e, share: e.bytes / codeOf(named) }))
      .sort((a, b) => b.bytes - a.bytes),
    data: { bytes: data, panicLocationPathBytes: panicPaths },
    largestFunctions: fns.sort((a, b) => b.bytes - a.bytes).slice(0, 15),
    other: fns.filter((f) => ["(other)", "core"].includes(crateOf(f.name))).slice(0, 40),
  };
} catch (error) {
  contributions = { error: String(error.message ?? error).split("\n")[0] };
}
result.contributions = contributions;

const k = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`.wasm ${wasm.length} B (${k(wasm.length)}) raw, ${result.wasm.gzip} B gzip, ${result.wasm.brotli} B brotli` +
  ` (budget 160 KiB raw, 64 KiB gzip)`);
for (const [f, s] of Object.entries(result.js)) console.log(`  ${f}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli`);
console.log("  sections: " + shipped.sections.map((s) => `${s.name} ${s.bytes}`).join(", "));
if (contributions.crates) {
  console.log(`  code by crate (code section ${contributions.codeShipped} B shipped, ${contributions.codeNamed} B named twin):`);
  for (const c of contributions.crates) console.log(`    ${c.crate.padEnd(40)} ${String(c.bytes).padStart(7)} B  ${(c.share * 100).toFixed(1).padStart(5)}%  ${c.functions} fns`);
  console.log(`  data section ${contributions.data.bytes} B, of which panic-location paths ${contributions.data.panicLocationPathBytes} B`);
} else {
  console.log(`  per-crate split unavailable: ${contributions.error}`);
}
if (contributions.largestFunctions) {
  console.log("  largest functions: " + contributions.largestFunctions.slice(0, 8).map((f) => `${f.name} ${f.bytes}`).join("; "));
}
save("size", result);
