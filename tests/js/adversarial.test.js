// The adversarial corpus of issue 7 (tests/adversarial.json) through the npm package, the
// injection cases only JavaScript can express (CR/LF and the binding's separators in Policy
// values, forged Request/Response objects, createRequest), and a bounded mutation run of
// 100,000 inputs after which the same wasm instance must still answer correctly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { negotiate, negotiateFetch, verifyResponse, createRequest, acceptKey } from "upgrade-handshake";

const corpus = JSON.parse(readFileSync(new URL("../adversarial.json", import.meta.url), "utf8"));
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const RFC = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
const EVIL = /x-evil/i;

/** A request/response: a string or parts (string | {repeat, times} | {hex}). */
export function expand(v) {
  if (typeof v === "string") return new Uint8Array(Buffer.from(v, "utf8"));
  return new Uint8Array(Buffer.concat(v.map((p) =>
    typeof p === "string" ? Buffer.from(p, "utf8")
      : p.hex !== undefined ? Buffer.from(p.hex, "hex")
        : Buffer.from(p.repeat.repeat(p.times), "utf8"))));
}
const hasBytes = (v) => Array.isArray(v) && v.some((p) => typeof p === "object" && p.hex !== undefined);

/** What holds for every Outcome, whatever the input. */
function invariants(out, label) {
  assert.ok(["switch", "reject", "pass", "incomplete"].includes(out.kind), label);
  assert.ok(Array.isArray(out.headers) && Array.isArray(out.checks), label);
  for (const [n, v] of out.headers) assert.ok(!/[\r\n\0]/.test(n) && !/[\r\n\0]/.test(v), `${label}: ${n}: ${JSON.stringify(v)}`);
  // "§" crosses the boundary as 0x01 (src/wasm.rs): every section arrives whole, and no mark is
  // left behind in any text.
  for (const c of out.checks) assert.match(c.section, /^RFC \d+ §\d/, `${label}: ${JSON.stringify(c)}`);
  if (out.error) assert.match(out.error.section, /^RFC \d+ §\d/, label);
  assert.ok(!/[\x01\ufffd]/.test(JSON.stringify(out)), `${label}: a stray mark in ${JSON.stringify(out)}`);
  if (out.kind === "reject") {
    assert.notEqual(out.status, 101, label);
    assert.ok(out.status >= 400 && out.status < 600, label);
    assert.ok(out.error && typeof out.error.code === "string", label);
    assert.ok(out.checks.length === 0 || out.checks.some((c) => c.result === "fail"), `${label}: no failing check`);
  }
  if (out.kind === "switch") assert.equal(out.status, 101, label);
  if (out.kind === "switch" || out.kind === "reject") {
    const head = out.response.slice(0, out.response.indexOf("\r\n\r\n"));
    for (const line of head.split("\r\n")) assert.ok(!/[\r\n\0]/.test(line), `${label}: ${JSON.stringify(line)}`);
  } else {
    assert.equal(out.response, "", label);
  }
}

function check(out, e, label) {
  invariants(out, label);
  assert.equal(out.kind, e.kind, `${label}: kind (${out.error?.code})`);
  if ("status" in e) assert.equal(out.status, e.status, `${label}: status`);
  if ("error" in e) assert.equal(out.error?.code, e.error ?? undefined, `${label}: error`);
  for (const k of ["protocol", "subprotocol", "extensions"]) {
    if (k in e) e[k] === null ? assert.ok(!(k in out), `${label}: ${k} should be absent`) : assert.equal(out[k], e[k], `${label}: ${k}`);
  }
  const compared = ["kind", "status", "error", "protocol", "subprotocol", "extensions", "headers", "notHeaders", "response", "warn"];
  for (const k of Object.keys(e)) assert.ok(compared.includes(k), `${label}: expect.${k} is not compared`);
  for (const [n, v] of e.headers ?? []) {
    assert.ok(out.headers.some(([hn, hv]) => hn.toLowerCase() === n.toLowerCase() && hv === v), `${label}: missing ${n}: ${v} in ${JSON.stringify(out.headers)}`);
  }
  for (const n of e.notHeaders ?? []) assert.ok(!out.headers.some(([hn]) => hn.toLowerCase() === n.toLowerCase()), `${label}: unexpected ${n}`);
  if (e.response !== undefined) assert.equal(out.response, e.response, label);
  for (const id of e.warn ?? []) {
    assert.ok(out.checks.some((c) => c.id === id && c.result === "warn"), `${label}: no warning ${id} in the trail`);
  }
}

// ---- linear time, as a ratio between sizes (absolute figures are make bench's) -------------------

/**
 * How much longer `run` takes on `make(8 * n)` than on `make(n)`, each the best of five runs: about
 * 8 for linear work, 64 for quadratic. A ratio, not a deadline: a loaded machine slows both alike.
 */
function growth(n, make, run) {
  const best = (input) => {
    let b = Infinity;
    for (let i = 0; i < 5; i++) { const t = performance.now(); run(input); b = Math.min(b, performance.now() - t); }
    return b;
  };
  const small = make(n), large = make(8 * n);
  best(small);
  return best(large) / Math.max(best(small), 1e-3);
}
const LINEAR = 24;

/** A corpus input with every {repeat, times} part repeated times / divisor times. */
const scaled = (v, divisor) => Array.isArray(v)
  ? expand(v.map((p) => (p && typeof p === "object" && "repeat" in p ? { ...p, times: Math.floor(p.times / divisor) } : p)))
  : expand(v);
const isLarge = (v) => Array.isArray(v) && v.some((p) => p?.times >= 10000);

test("the large corpus cases take time linear in their size", () => {
  const cases = [
    ...corpus.negotiate.filter((c) => isLarge(c.request)).map((c) => [c.name, c.request, (b) => negotiate(b, c.policy)]),
    ...corpus.verify.filter((c) => isLarge(c.response)).map((c) => [c.name, c.response, (b) => verifyResponse(b, c.offer)]),
  ];
  assert.ok(cases.length >= 5, `${cases.length} large cases`);
  for (const [name, input, run] of cases) {
    const ratio = growth(1, (n) => scaled(input, 8 / n), run);
    assert.ok(ratio < LINEAR, `${name}: 8x the size took ${ratio.toFixed(1)}x the time`);
  }
});

// ---- the corpus --------------------------------------------------------------------------------

for (const c of corpus.negotiate) {
  test(`negotiate ${c.name}`, () => {
    // A known deviation is not a pass: the corpus has none, and one added fails here.
    assert.equal(c.knownBug, undefined, `${c.name}: a knownBug marker; fix the engine or the case`);
    const bytes = expand(c.request);
    const out = negotiate(bytes, c.policy);
    check(out, c.expect, `${c.name} (bytes)`);
    if (!hasBytes(c.request)) {
      const text = typeof c.request === "string" ? c.request : Buffer.from(bytes).toString("utf8");
      check(negotiate(text, c.policy), c.expect, `${c.name} (string)`);
    }
  });
}

test("the lazy trail equals the eager one on every corpus request, read after other calls ran", () => {
  // Outcomes built with the default (checks on first read), then every other request negotiated,
  // then each trail read: it must be what `trail: true` gives, and the rest of the outcome what
  // `trail: false` gives. Bytes the caller reuses must not change it.
  const pending = corpus.negotiate.map((c) => {
    const bytes = expand(c.request);
    const policy = c.policy ?? {};
    const lazy = negotiate(bytes, policy);
    return { c, bytes: bytes.slice(), policy, lazy, reused: bytes };
  });
  for (const p of pending) p.reused.fill(0x7a);
  for (const { c, bytes, policy, lazy } of pending) {
    const eager = negotiate(bytes, { ...policy, trail: true });
    const quiet = negotiate(bytes, { ...policy, trail: false });
    assert.deepEqual(lazy.checks, eager.checks, c.name);
    assert.deepEqual({ ...lazy, checks: [] }, quiet, c.name);
  }
});

for (const c of corpus.verify) {
  test(`verifyResponse ${c.name}`, () => {
    const v = verifyResponse(expand(c.response), c.offer);
    const e = c.expect;
    assert.equal(v.ok, e.ok, `${c.name}: ok (${v.error?.code})`);
    assert.ok(!(v.ok && v.error), c.name);
    // Every expected field is compared; null (or an empty versions list, a false incomplete) means
    // the package leaves the key out.
    const absent = (key) => assert.ok(!(key in v), `${c.name}: ${key} should be absent, got ${JSON.stringify(v[key])?.slice(0, 80)}`);
    for (const [key, want] of Object.entries(e)) {
      if (key === "ok") continue;
      if (key === "error") want === null ? absent("error") : assert.equal(v.error?.code, want, c.name);
      else if (key === "protocol" || key === "extensions") want === null ? absent(key) : assert.equal(v[key], want, `${c.name}: ${key}`);
      else if (key === "versions") want.length === 0 ? absent("versions") : assert.deepEqual(v.versions, want, c.name);
      else if (key === "incomplete") want ? assert.equal(v.incomplete, true, c.name) : absent("incomplete");
      else assert.fail(`${c.name}: expect.${key} is not compared`);
    }
  });
}

// ---- injection through the JS object paths -----------------------------------------------------

const offering = (p) => RFC.replace("\r\n\r\n", `\r\nSec-WebSocket-Protocol: ${p}\r\n\r\n`);
const withOrigin = (o) => RFC.replace("\r\n\r\n", `\r\nOrigin: ${o}\r\n\r\n`);

test("policy: CR/LF in a subprotocol never reaches the 101", () => {
  for (const p of ["chat\r\nX-Evil: 1", "chat\r\n", "chat\n", "chat\rX-Evil: 1", "chat\0X-Evil: 1"]) {
    const out = negotiate(offering("chat"), { protocols: [p] });
    invariants(out, JSON.stringify(p));
    assert.equal(out.kind, "switch");
    assert.equal(out.subprotocol, undefined, JSON.stringify(p));
    assert.ok(!EVIL.test(out.response), out.response);
  }
});

test("policy: CR/LF in an origin, an upgrade token or the require-TLS stack never reaches a response", () => {
  const o = negotiate(withOrigin("http://example.com"), { origins: ["http://example.com\r\nX-Evil: 1"] });
  invariants(o, "origins");
  assert.equal(o.status, 403);
  assert.ok(!EVIL.test(o.response));
  for (const up of ["websocket\r\nX-Evil: 1", "TLS/1.0\r\nX-Evil: 1", "foo\r\nX-Evil: 1"]) {
    for (const requireTls of [false, true]) {
      const out = negotiate(RFC.replace("Upgrade: websocket", `Upgrade: ${up.split("\r")[0]}`), { upgrades: [up], requireTls });
      invariants(out, up);
      // require-TLS performs TLS/1.0 by itself, so that one offer may switch; nothing else may.
      if (!(requireTls && up.startsWith("TLS/1.0"))) assert.notEqual(out.kind, "switch", up);
      else assert.equal(out.protocol, "TLS/1.0");
      assert.ok(!EVIL.test(out.response) && !out.headers.some(([, v]) => EVIL.test(v)), out.response);
    }
  }
  const tls = negotiate(RFC, { upgrades: ["TLS/1.0\r\nX-Evil: 1"], requireTls: true });
  assert.equal(tls.status, 426);
  assert.ok(tls.headers.some(([n, v]) => n === "Upgrade" && v === "TLS/1.0, HTTP/1.1"), JSON.stringify(tls.headers));
});

test("policy: the binding's separators (NUL, 0x01, 0x1F) cannot shift or split policy fields", () => {
  // A NUL in a subprotocol must not push "http://evil.example" into the origins field.
  const a = negotiate(withOrigin("http://evil.example"), { protocols: ["x\0http://evil.example"], origins: ["http://example.com"] });
  assert.equal(a.status, 403);
  // A unit separator must not split one entry into two subprotocols.
  const b = negotiate(offering("chat"), { protocols: ["nope\x1fchat"] });
  assert.equal(b.kind, "switch");
  assert.equal(b.subprotocol, undefined);
  // 0x01 marks "absent" (the default upgrades); an entry holding it must not restore the default.
  const c = negotiate(RFC, { upgrades: ["\x01"] });
  assert.notEqual(c.kind, "switch");
  // Separators in the offer and in header values are refused, not re-interpreted.
  const d = verifyResponse(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n`,
    { key: KEY, protocols: ["x\x1fchat"] });
  assert.equal(d.ok, false);
  assert.equal(d.error?.code, "response-protocol");
});

/** A Request from another realm or Fetch implementation: the package accepts anything Request-shaped. */
function forged({ method = "GET", url = "http://server.example.com/chat", headers = [] } = {}) {
  const base = [["upgrade", "websocket"], ["connection", "Upgrade"], ["sec-websocket-key", KEY], ["sec-websocket-version", "13"], ["host", "server.example.com"]];
  const all = [...base.filter(([n]) => !headers.some(([h]) => h === n)), ...headers];
  return {
    method, url, body: null,
    headers: { forEach(f) { for (const [n, v] of all) f(v, n); }, has(n) { return all.some(([h]) => h === n.toLowerCase()); } },
  };
}

test("Request path: forged Request objects carrying CR/LF/NUL are refused with 400, never 101", () => {
  const cases = [
    [{ headers: [["sec-websocket-protocol", "chat\r\nX-Evil: 1"]] }, "bad-field-value"],
    [{ headers: [["sec-websocket-protocol", "chat\0"]] }, "bad-field-value"],
    [{ headers: [["sec-websocket-protocol", "chat\x1fsuperchat"]] }, "bad-field-value"],
    [{ headers: [["x-evil\r\nupgrade", "websocket"]] }, "bad-field-name"],
    [{ headers: [["sec-websocket-version", "13\r\nSec-WebSocket-Version: 8"]] }, "bad-field-value"],
    [{ method: "GET /admin HTTP/1.1\r\nHost: internal\r\n\r\nGET" }, "bad-request-line"],
    // Not a ByteString: a code point above U+00FF crosses as DEL, which no field value may hold.
    [{ headers: [["x-wide", "caf\u00e9 \u0101\u{1f600}"]] }, "bad-field-value"],
  ];
  for (const [spec, code] of cases) {
    const out = negotiate(forged(spec), { protocols: ["chat"] });
    invariants(out, JSON.stringify(spec));
    assert.equal(out.status, 400, JSON.stringify(spec));
    assert.equal(out.error.code, code, JSON.stringify(spec));
    assert.ok(!EVIL.test(out.response));
  }
  // Latin-1 (obs-text) is a valid field value, and a chosen subprotocol after it is still read.
  const latin = negotiate(forged({ headers: [["x-latin", "caf\u00e9 \u00ff\u0080"], ["sec-websocket-protocol", "chat"]] }), { protocols: ["chat"] });
  assert.equal(latin.kind, "switch");
  assert.equal(latin.subprotocol, "chat");
  const noHost = forged({ url: "http://server.example.com/chat\r\nX-Evil: 1", headers: [] });
  noHost.headers.has = () => false;
  const out = negotiate(noHost);
  invariants(out, "url");
  assert.notEqual(out.kind, "switch");
  assert.ok(!EVIL.test(out.response));
});

test("Request path: a real Request refuses CR/LF itself; Latin-1, duplicate keys and bad versions never switch", () => {
  assert.throws(() => new Request("http://server.example.com/chat", { headers: { "Sec-WebSocket-Protocol": "chat\r\nX-Evil: 1" } }), TypeError);
  const req = (h) => new Request("http://server.example.com/chat", { headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13", ...h } });
  const latin1 = negotiate(req({ "Sec-WebSocket-Protocol": "ch\u00e4t" }), { protocols: ["chat"] });
  assert.equal(latin1.status, 400);
  assert.equal(latin1.error.code, "bad-websocket-protocol");
  const twoKeys = new Request("http://server.example.com/chat", { headers: [["Upgrade", "websocket"], ["Connection", "Upgrade"], ["Sec-WebSocket-Key", KEY], ["Sec-WebSocket-Key", KEY], ["Sec-WebSocket-Version", "13"]] });
  const k = negotiate(twoKeys);
  assert.notEqual(k.kind, "switch", "Headers combines two keys into one list; it must not switch");
  assert.equal(k.status, 400);
  const v8 = negotiate(req({ "Sec-WebSocket-Version": "8" }));
  assert.equal(v8.status, 426);
  const many = {};
  for (let i = 0; i < 200; i++) many[`x-f${i}`] = "v";
  assert.equal(negotiate(req(many)).status, 431);
  const f = negotiateFetch(req({ "Sec-WebSocket-Protocol": "chat" }), { protocols: ["chat\r\nX-Evil: 1"] });
  assert.equal(f.kind, "switch");
  for (const [n, v] of f.headers) assert.ok(!EVIL.test(n) && !EVIL.test(v));
  const r = negotiateFetch(req({ "Sec-WebSocket-Version": "8" }));
  assert.equal(r.kind, "reject");
  assert.notEqual(r.response.status, 101);
});

test("Response path: forged Response objects with CR/LF values are not accepted", () => {
  const headers = [["upgrade", "websocket"], ["connection", "Upgrade"], ["sec-websocket-accept", ACCEPT], ["sec-websocket-protocol", "chat\r\nX-Evil: 1"]];
  const res = { status: 101, headers: { forEach(f) { for (const [n, v] of headers) f(v, n); } } };
  const v = verifyResponse(res, { key: KEY, protocols: ["chat"] });
  assert.equal(v.ok, false);
});

test("createRequest: CR/LF in any option throws instead of building a request", () => {
  const bad = [
    { url: "ws://server.example.com/chat\r\nX-Evil: 1" },
    { url: "ws://server.example.com/chat", protocols: ["chat\r\nX-Evil: 1"] },
    { url: "ws://server.example.com/chat", extensions: "permessage-deflate\r\nX-Evil: 1" },
    { url: "ws://server.example.com/chat", origin: "http://example.com\r\nX-Evil: 1" },
    { url: "ws://server.example.com/chat", protocols: ["a\0b"] },
  ];
  for (const o of bad) assert.throws(() => createRequest(o), TypeError, JSON.stringify(o));
  // A key is the base64 of 16 bytes (RFC 6455 §4.1 item 7): anything else is refused, never sent.
  assert.throws(() => createRequest({ url: "ws://server.example.com/chat", key: "abc\r\nX-Evil: 1" }),
    { name: "TypeError", message: "createRequest: the key must be the base64 encoding of exactly 16 bytes (key)" });
});

test("policy limits of 2^32-1 are an outcome, not a wasm trap (in a child process)", () => {
  // Isolated: a trap could leave this file's instance in an unknown state.
  const script = `import { negotiate } from "upgrade-handshake";
    const rfc = ${JSON.stringify(RFC)};
    let kind;
    try { kind = negotiate(rfc, { maxHeadBytes: 2 ** 32 - 1, maxHeaders: 2 ** 32 - 1 }).status; } catch (e) { kind = e.constructor.name + ": " + e.message; }
    // Generous limits cost nothing until an input needs them: the same head, 200 times each way.
    const best = (policy) => { let b = Infinity; for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < 200; i++) negotiate(rfc, policy); b = Math.min(b, performance.now() - t); } return b; };
    best(undefined);
    const ratio = best({ maxHeadBytes: 1e9, maxHeaders: 1e7 }) / best(undefined);
    console.log(JSON.stringify({ kind, ratio, after: negotiate(rfc).status }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: new URL(".", import.meta.url), encoding: "utf8", timeout: 30000 });
  const got = JSON.parse(r.stdout.trim().split("\n").pop());
  assert.equal(got.after, 101, "the instance still answers");
  assert.equal(got.kind, 101, `core bug (src/server.rs negotiate sizes header slots from the policy, not the input): ${got.kind}`);
  assert.ok(got.ratio < 4, `a 150-byte head took ${got.ratio.toFixed(1)}x as long under generous limits`);
});

// ---- mutation run, then the same instance must still be right ------------------------------------

test("100,000 mutated inputs through the package: no exception, no 101 on a rejection", () => {
  let seed = 0x9e3779b9;
  const rnd = (n) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
  const seeds = [...corpus.negotiate, ...corpus.verify]
    .map((c) => ({ c, bytes: expand(c.request ?? c.response) }))
    .filter(({ bytes }) => bytes.length < 2048);
  const NOISE = [..."\r\n\0\t :,;=\"\\/\x7f\xff"].map((ch) => ch.charCodeAt(0));
  const policies = [undefined, { upgrades: ["websocket", "h2c", "TLS/1.0"], permessageDeflate: true, protocols: ["chat"] },
    { edge: true, origins: ["http://example.com"] }, { requireTls: true, maxHeaders: 8, maxHeadBytes: 512 }, { trail: false }];
  const kinds = { switch: 0, reject: 0, pass: 0, incomplete: 0 };
  let n = 0;
  for (; n < 100000; n++) {
    const { c, bytes } = seeds[rnd(seeds.length)];
    const m = Array.from(bytes);
    for (let k = 1 + rnd(4); k > 0; k--) {
      const at = rnd(m.length + 1);
      switch (rnd(5)) {
        case 0: m[at] = rnd(256); break;
        case 1: m.splice(at, 0, NOISE[rnd(NOISE.length)]); break;
        case 2: m.splice(at, 1 + rnd(8)); break;
        case 3: m.splice(at, 0, ...m.slice(rnd(m.length), rnd(m.length))); break;
        default: m.length = Math.min(m.length, at); break;
      }
    }
    const input = new Uint8Array(m);
    if (c.response !== undefined) {
      const v = verifyResponse(input, c.offer);
      assert.ok(!(v.ok && v.error));
      continue;
    }
    const out = negotiate(n % 7 === 0 ? Buffer.from(input).toString("latin1") : input, policies[rnd(policies.length)]);
    kinds[out.kind]++;
    if (out.kind === "reject") assert.notEqual(out.status, 101);
    if ((n & 255) === 0) invariants(out, `mutation ${n}`);
  }
  assert.equal(n, 100000);
  assert.ok(kinds.reject > 0 && kinds.switch > 0, JSON.stringify(kinds));
});

test("after the corpus and the mutation run the same instance still answers correctly", () => {
  const out = negotiate(offering("chat, superchat"), { protocols: ["superchat"] });
  assert.equal(out.kind, "switch");
  assert.equal(out.subprotocol, "superchat");
  assert.ok(out.headers.some(([n, v]) => n === "Sec-WebSocket-Accept" && v === ACCEPT));
  assert.equal(acceptKey(KEY), ACCEPT);
  assert.equal(negotiate(RFC.replace("Version: 13", "Version: 8")).status, 426);
  assert.equal(negotiate(RFC.slice(0, 40)).kind, "incomplete");
  assert.equal(verifyResponse(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`, { key: KEY }).ok, true);
  // Heavy inputs still behave after everything else.
  const big = (n) => RFC.replace("\r\n\r\n", `\r\nSec-WebSocket-Protocol: ${"a, ".repeat(n)}chat\r\n\r\n`);
  const policy = { protocols: ["chat"], maxHeadBytes: 1 << 22 };
  assert.equal(negotiate(big(100000), policy).subprotocol, "chat");
  const ratio = growth(12500, big, (r) => negotiate(r, policy));
  assert.ok(ratio < LINEAR, `8x the elements took ${ratio.toFixed(1)}x the time`);
});
