// POST /api/audit in local workerd (Miniflare, the deployable bundle): the same flawed, strict and
// hostile servers as tests/js/audit.test.js audited over cloudflare:sockets, the same verdicts as
// the package in Node, and the guard (schemes, ports, private targets, case limits) without
// AUDIT_PRIVATE. Timeouts only stop hangs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { audit } from "upgrade-handshake";
import { startMiniflare } from "../support/dev-server.js";
import { start, ORIGIN, FLAWS } from "../support/servers.js";
import { guard, isPrivateHost } from "../../worker/audit.js";

const HOSTILE = ["silent", "megabyte-head", "garbage", "close-mid-head", "trickle", "101-then-nothing"];
const KINDS = [...Object.keys(FLAWS), "strict", ...HOSTILE];
const servers = {};
let open, guarded, capture;
const captured = [];

before(async () => {
  for (const kind of KINDS) servers[kind] = await start(kind);
  capture = createServer((s) => {
    let got = "";
    s.on("error", () => {});
    s.on("data", (d) => { got += d.toString("latin1"); if (got.includes("\r\n\r\n")) { captured.push(got); s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"); } });
  });
  await new Promise((r) => capture.listen(0, "127.0.0.1", r));
  const ports = [...Object.values(servers).map((s) => s.port), capture.address().port].join(",");
  [open, guarded] = await Promise.all([
    startMiniflare({ vars: { AUDIT_PRIVATE: "1", AUDIT_PORTS: ports } }),
    startMiniflare({ vars: { AUDIT_MAX_CASES: "3" } }),
  ]);
});
after(async () => {
  await Promise.all([open?.stop(), guarded?.stop(), ...Object.values(servers).map((s) => s.stop())]);
  capture?.close();
});

async function post(mf, body, headers = {}) {
  const res = await fetch(`${mf.url}/api/audit`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers, signal: AbortSignal.timeout(120_000) });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, body: type.includes("json") && !type.includes("ndjson") ? await res.json() : await res.text() };
}

for (const [kind, expected] of Object.entries(FLAWS)) {
  test(`/api/audit of the flawed server "${kind}": every flaw is a fail naming its clause`, async () => {
    const r = await post(open, { url: servers[kind].url, origin: ORIGIN, protocols: ["chat"], timeout: 2000 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const [id, clause] of expected) {
      const c = r.body.cases.find((x) => x.id === id);
      assert.equal(c.verdict, "fail", `${id}: ${c.why}`);
      assert.ok(c.why.startsWith(`${clause}:`) || c.section === clause, `${id}: ${c.why}`);
    }
  });
}

test("/api/audit and the package in Node reach the same verdict on every case (one engine)", async () => {
  const options = { origin: ORIGIN, protocols: ["chat"], timeout: 2000 };
  const [edge, node] = await Promise.all([
    post(open, { url: servers.naive.url, ...options }),
    audit(servers.naive.url, { ...options, maxBytes: 16384, maxRequestBytes: 32768 }),
  ]);
  const verdicts = (report) => Object.fromEntries(report.cases.map((c) => [c.id, c.verdict]));
  assert.deepEqual(verdicts(edge.body), verdicts(node));
  assert.deepEqual(Object.keys(edge.body), ["target", "startedAt", "cases", "summary"]);
});

test("/api/audit of the strict server: no fail", async () => {
  const r = await post(open, { url: servers.strict.url, origin: ORIGIN, protocols: ["chat"], timeout: 2000 });
  assert.deepEqual(r.body.cases.filter((c) => c.verdict === "fail").map((c) => `${c.id}: ${c.why}`), []);
});

test("/api/audit sends the case's bytes exactly, with the project's User-Agent", async () => {
  captured.length = 0;
  const r = await post(open, { url: `ws://127.0.0.1:${capture.address().port}/x`, only: ["baseline-rfc6455-1.3", "smuggle-key-duplicated"] });
  assert.equal(r.status, 200);
  assert.deepEqual([...captured].sort(), r.body.cases.map((c) => c.sent).sort());
  for (const sent of captured) assert.match(sent, /\r\nUser-Agent: upgrade-handshake-audit\/[^\r]+\r\n\r\n$/);
});

test("/api/audit with Accept: application/x-ndjson streams one line per case, then the report", async () => {
  const only = ["baseline-rfc6455-1.3", "smuggle-version-99", "origin-forbidden"];
  const r = await post(open, { url: servers.strict.url, only }, { Accept: "application/x-ndjson" });
  assert.match(r.type, /application\/x-ndjson/);
  const lines = r.body.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.type), ["case", "case", "case", "report"]);
  assert.deepEqual(lines.slice(0, 3).map((l) => l.done), [1, 2, 3]);
  assert.deepEqual(lines[3].report.cases.map((c) => c.id), only);
});

for (const kind of HOSTILE) {
  test(`/api/audit of the hostile server "${kind}": an error per case, bounded reads, an answer`, async () => {
    const only = ["baseline-rfc6455-1.3", "smuggle-version-99", "smuggle-key-missing"];
    const r = await post(open, { url: servers[kind].url, only, timeout: 1500 });
    assert.equal(r.status, 200);
    for (const c of r.body.cases) {
      assert.ok(c.error, `${c.id}: an error`);
      assert.equal(c.verdict, "warn");
      assert.ok(!c.received || c.received.raw.length <= 16384, `${c.id}: read ${c.received?.raw.length}`);
    }
  });
}

test("the guard refuses private, loopback and link-local targets without AUDIT_PRIVATE", async () => {
  for (const url of ["ws://127.0.0.1/", "ws://localhost/", "wss://a.localhost/", "ws://10.1.2.3/", "http://192.168.0.1:8080/",
    "http://172.20.0.1/", "ws://169.254.169.254/", "ws://[::1]/", "ws://[fe80::1]/", "ws://[fd00::1]/", "ws://[::ffff:127.0.0.1]/",
    "ws://0.0.0.0/", "ws://2130706433/", "ws://0x7f.1/"]) {
    const r = await post(guarded, { url });
    assert.equal(r.status, 403, `${url}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.error, /AUDIT_PRIVATE=1/);
  }
});

test("the guard refuses other schemes and ports, bad bodies, and more cases than AUDIT_MAX_CASES", async () => {
  for (const url of ["ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)"]) {
    const r = await post(guarded, { url });
    assert.equal(r.status, 400, url);
    assert.match(r.body.error, /url:/);
  }
  for (const url of ["ws://example.com:22/", "https://example.com:6379/", "ws://example.com:8787/"]) {
    const r = await post(guarded, { url });
    assert.equal(r.status, 400, url);
    assert.match(r.body.error, /port \d+ is not auditable/);
  }
  assert.equal((await post(guarded, "not json")).status, 400);
  assert.equal((await post(guarded, { url: 42 })).status, 400);
  assert.equal((await post(guarded, { url: "ws://example.com/", protocols: "chat" })).status, 400);
  assert.equal((await post(guarded, { url: "ws://example.com/", only: ["no-such-case"] })).status, 400);
  assert.equal((await post(guarded, JSON.stringify({ url: "ws://example.com/", pad: "x".repeat(5000) }))).status, 413);
  assert.equal((await fetch(`${guarded.url}/api/audit`)).status, 405);
  const r = await post(guarded, { url: "ws://example.com/" });
  assert.equal(r.status, 400);
  assert.match(r.body.error, /^at most 3 cases per request/);
});

test("the guard's rules one by one: the Worker's own host, AUDIT_PORTS, AUDIT_PRIVATE", () => {
  const request = new Request("https://audit.example.workers.dev/api/audit");
  assert.deepEqual(guard("wss://audit.example.workers.dev/", request, {}), [403, "url: this Worker does not audit itself"]);
  assert.equal(guard("wss://other.example/", request, {}), null);
  assert.equal(guard("ws://other.example:9000/", request, {})[0], 400);
  assert.equal(guard("ws://other.example:9000/", request, { AUDIT_PORTS: "9000" }), null);
  assert.equal(guard("ws://127.0.0.1/", request, { AUDIT_PRIVATE: "1" }), null);
  assert.equal(isPrivateHost("8.8.8.8"), false);
  assert.equal(isPrivateHost("[2606:4700::1]"), false);
  assert.equal(isPrivateHost("100.64.0.1"), true);
  for (const url of ["ws://[::127.0.0.1]/", "ws://[64:ff9b::10.0.0.1]/", "ws://[::ffff:192.168.1.1]/", "ws://[0:0:0:0:0:0:0:1]/"]) {
    assert.equal(isPrivateHost(new URL(url).hostname), true, url);
  }
  assert.equal(isPrivateHost(new URL("ws://[64:ff9b::8.8.8.8]/").hostname), false);
});
