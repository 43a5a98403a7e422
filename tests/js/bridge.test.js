// The bridge between api.js and the module (pkg/bridge.js): a trapped instance is replaced.
// The core never panics, but memory exhaustion traps (a request of hundreds of MiB under limits
// raised to match); the call that trapped throws, and the next one runs on a fresh instance with
// the policy sent again. Here the trap is simulated, so that the test needs no GiB of memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { negotiate, acceptKey } from "upgrade-handshake";
import { attach } from "../../pkg/bridge.js";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const head = (origin) =>
  "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nOrigin: ${origin}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** A fresh instance of the package's module, made as bridge.js makes one after a trap. */
function fresh() {
  const module = new WebAssembly.Module(readFileSync(new URL("../../pkg/gen/upgrade_handshake_bg.wasm", import.meta.url)));
  const instance = new WebAssembly.Instance(module, { "./upgrade_handshake_bg.js": { __wbindgen_init_externref_table() {} } });
  instance.exports.__wbindgen_start();
  return { module, instance };
}

test("a trap fails that call only: the next call runs on a fresh instance, under the same policy", () => {
  const { module, instance } = fresh();
  let traps = 1;
  const exports = {
    ...instance.exports,
    negotiate(len, trail) {
      if (traps-- > 0) throw new WebAssembly.RuntimeError("unreachable");
      return instance.exports.negotiate(len, trail);
    },
  };
  attach(exports, module);
  const policy = { origins: ["http://good.example"] };
  assert.throws(() => negotiate(head("http://evil.example"), policy), WebAssembly.RuntimeError);
  // The policy was sent to the instance that trapped: the fresh one must get it again.
  assert.equal(negotiate(head("http://evil.example"), policy).status, 403);
  assert.equal(negotiate(head("http://good.example"), policy).status, 101);
  assert.equal(negotiate(head("http://evil.example")).status, 101, "no origin policy");
  assert.equal(acceptKey(KEY), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  const lazy = negotiate(head("http://evil.example"), policy);
  assert.ok(lazy.checks.some((c) => c.id === "origin" && c.result === "fail"));
});

test("an answer read as UTF-8 or as ASCII with its section marks gives the same outcome", () => {
  // The module says how its answer's text reads (answer in src/wasm.rs): 1 for ASCII where "§"
  // crosses as \x01, 2 for the same in UTF-8. Reading a 1 as a 2 must change nothing.
  const wanted = negotiate(head("http://evil.example"), { origins: ["http://good.example"], trail: true });
  assert.ok(wanted.checks.length > 0 && wanted.error.section.includes("§"));
  const { module, instance } = fresh();
  let seen = 0;
  const exports = {
    ...instance.exports,
    negotiate(len, trail) {
      const n = instance.exports.negotiate(len, trail);
      const meta = new Uint32Array(instance.exports.memory.buffer, instance.exports.answer(), 5);
      seen = meta[4];
      if (meta[4] === 1) meta[4] = 2;
      return n;
    },
  };
  attach(exports, module);
  const got = negotiate(head("http://evil.example"), { origins: ["http://good.example"], trail: true });
  assert.equal(seen, 1, "a rejection with its trail crosses as ASCII with marks");
  assert.deepEqual(got, wanted);
});
