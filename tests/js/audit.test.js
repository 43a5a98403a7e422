// The handshake audit (issue 19): the catalogue, the judge, audit() and the CLI against real
// servers started here on 127.0.0.1 (tests/support/servers.js): five flawed servers, each with one
// known flaw the audit must report as a fail naming its clause; a strict one (this package in front
// of ws) that gets no fail; hostile ones that must yield an error per case, never a hang or an
// unbounded read. Timeouts here only stop hangs; no assertion depends on timing.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { audit, auditCases, judge, AREAS } from "upgrade-handshake";
import { start, ORIGIN, FLAWS } from "../support/servers.js";

const CLI = fileURLToPath(new URL("../../pkg/cli.js", import.meta.url));
const corpus = JSON.parse(readFileSync(new URL("../adversarial.json", import.meta.url), "utf8"));
const KEYS = ["id", "title", "section", "area", "sent", "received", "error", "verdict", "why"];
const servers = [];
after(() => Promise.all(servers.map((s) => s.stop())));
const up = async (kind) => { const s = await start(kind); servers.push(s); return s; };

/** Runs the CLI; a kill after `limitMs` only stops a hang (the test then fails on the signal). */
function cli(args, limitMs = 60_000) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += d; });
    p.stderr.on("data", (d) => { stderr += d; });
    const kill = setTimeout(() => p.kill("SIGKILL"), limitMs);
    p.on("close", (code, signal) => { clearTimeout(kill); resolve({ code, signal, stdout, stderr }); });
  });
}

const fails = (report) => report.cases.filter((c) => c.verdict === "fail");
const byId = (report, id) => report.cases.find((c) => c.id === id);

test("the catalogue holds every server-side case of tests/adversarial.json, built for the target", () => {
  const cases = auditCases("ws://127.0.0.1:9/app?x=1", { h2c: true, tlsUpgrade: true, origin: ORIGIN, protocols: ["mqtt"] });
  const ids = new Set(cases.map((c) => c.id));
  const engineOnly = (p = {}) => p.edge || p.requireUpgrade || (p.maxHeadBytes ?? 16384) < 16384 || (p.maxHeaders ?? 100) < 100;
  for (const c of corpus.negotiate) assert.equal(ids.has(c.name), !engineOnly(c.policy), c.name);
  assert.ok(cases.some((c) => c.id.startsWith("rfc")), "the RFC examples of tests/vectors.json are in");
  for (const c of cases) {
    assert.ok(c.title && /^RFC \d+ §/.test(c.section) && AREAS[c.area], c.id);
    assert.ok(![...c.sent].some((ch) => ch.charCodeAt(0) > 255), `${c.id}: one character per byte`);
  }
  const base = cases.find((c) => c.id === "baseline-rfc6455-1.3").sent;
  assert.match(base, /^GET \/app\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:9\r\n/);
  assert.match(base, /\r\nOrigin: http:\/\/app\.example\r\n/);
  assert.match(base, /\r\nSec-WebSocket-Protocol: mqtt, superchat\r\n/);
  assert.match(base, /\r\nUser-Agent: upgrade-handshake-audit\/[^\r]+\r\n\r\n$/);
  assert.equal(cases.find((c) => c.id === "trunc-empty").sent, "", "a cut head is sent as cut");
  assert.match(cases.find((c) => c.id === "origin-suffix-attack").sent, /\r\nOrigin: http:\/\/app\.example\.evil\.example\r\n/);
  // h2c and TLS cases only when asked; one h2c offer always
  const plain = auditCases("ws://127.0.0.1:9/").map((c) => c.id);
  assert.deepEqual(plain.filter((id) => /h2c|^tls-/.test(id)), ["smuggle-h2c-not-enabled"]);
  assert.deepEqual(auditCases("wss://h.example/", { only: ["smuggle-key-*"] }).map((c) => c.id), corpus.negotiate.map((c) => c.name).filter((n) => n.startsWith("smuggle-key-")));
});

test("wrong arguments throw, naming the argument", () => {
  assert.throws(() => audit(42), { name: "TypeError", message: /^url:/ });
  assert.throws(() => audit("ftp://example.com/"), { name: "TypeError", message: /^url: the scheme/ });
  assert.throws(() => audit("ws://a/", { timeout: "5s" }), { name: "TypeError", message: /^options\.timeout:/ });
  assert.throws(() => audit("ws://a/", { protocols: ["a b"] }), { name: "TypeError", message: /^options\.protocols:/ });
  assert.throws(() => audit("ws://a/", { origin: "http://a\r\nX: y" }), { name: "TypeError", message: /^options\.origin:/ });
  assert.throws(() => audit("ws://a/", { transport: "tcp" }), { name: "TypeError", message: /^options\.transport:/ });
  assert.throws(() => audit("ws://a/", { only: ["no-such-case"] }), { name: "RangeError", message: /^options\.only:/ });
  assert.throws(() => judge({}, {}), { name: "TypeError", message: /^case:/ });
});

test("the judge: fail, warn, info and pass as the issue defines them", () => {
  const cases = Object.fromEntries(auditCases("ws://h.example/").map((c) => [c.id, c]));
  const answer = (raw) => ({ received: { status: Number(raw.slice(9, 12)), headers: raw.split("\r\n").slice(1).filter(Boolean).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]), raw }, end: "head" });
  const v101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  let j = judge(cases["smuggle-key-duplicated"], answer(v101));
  assert.equal(j.verdict, "fail");
  assert.match(j.why, /^RFC 6455 §11\.3\.1:/);
  j = judge(cases["smuggle-version-99"], answer("HTTP/1.1 400 Bad Request\r\n\r\n"));
  assert.equal(j.verdict, "warn");
  assert.match(j.why, /426 with Sec-WebSocket-Version: 13 is due/);
  j = judge(cases["smuggle-version-99"], answer("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n"));
  assert.equal(j.verdict, "warn", "a 426 without Upgrade");
  assert.match(j.why, /^RFC 9110 §15\.5\.22/);
  j = judge(cases["smuggle-version-99"], answer("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n"));
  assert.equal(j.verdict, "pass");
  j = judge(cases["origin-forbidden"], answer(v101));
  assert.equal(j.verdict, "info", "no origin given: a foreign Origin accepted is policy");
  const withOrigin = auditCases("ws://h.example/", { origin: "http://example.com", only: ["origin-forbidden"] })[0];
  assert.equal(judge(withOrigin, answer(v101)).verdict, "fail");
  j = judge(cases["baseline-rfc6455-1.3"], answer(v101.replace("s3p", "xxx")));
  assert.equal(j.verdict, "fail");
  assert.match(j.why, /^RFC 6455 §4\.1 response step 4:/);
  j = judge(cases["baseline-rfc6455-1.3"], answer(v101.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: admin\r\n\r\n")));
  assert.match(j.why, /^RFC 6455 §4\.1 response step 6:/);
  assert.equal(judge(cases["trunc-empty"], { received: null, end: "timeout", error: "no answer" }).verdict, "pass");
  assert.equal(judge(cases["smuggle-version-99"], { received: null, end: "timeout", error: "no answer" }).verdict, "warn");
  // h2c and TLS 101s name an offered protocol (HTTP/1.1 may follow it as a stack)
  const h2c = auditCases("http://h.example/", { h2c: true, only: ["h2c-valid-unknown-setting"] })[0];
  assert.equal(judge(h2c, answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")).verdict, "pass");
  assert.match(judge(h2c, answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")).why, /^RFC 9110 §7\.8: the 101 switches to websocket, which the client did not offer/);
  const tls = auditCases("http://h.example/", { tlsUpgrade: true, only: ["tls-upgrade"] })[0];
  assert.equal(judge(tls, answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n")).verdict, "pass");
  assert.equal(judge(cases["smuggle-h2c-not-enabled"], answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n")).verdict, "info");
  // a 101 head that never ended is no answer, not a switch
  j = judge(cases["smuggle-version-99"], { received: { status: 101, headers: [], raw: "HTTP/1.1 101 OK\r\nUpg" }, end: "closed", error: "closed" });
  assert.equal(j.verdict, "warn");
});

test("every byte goes out exactly as the case wrote it, one connection per case", async () => {
  const seen = [];
  const server = createServer((s) => {
    let got = "";
    s.on("error", () => {});
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.includes("\r\n\r\n") || got.includes("\n\n")) { seen.push(got); s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"); }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const only = ["latin1-raw-byte", "ctl-nul-in-value", "ctl-bare-lf-lines", "smuggle-key-duplicated"];
  const report = await audit(`ws://127.0.0.1:${server.address().port}/chat`, { only, timeout: 3000 });
  await new Promise((r) => server.close(r));
  assert.equal(seen.length, only.length);
  assert.deepEqual([...seen].sort(), report.cases.map((c) => c.sent).sort());
  assert.ok(report.cases.find((c) => c.id === "latin1-raw-byte").sent.includes("\xff"));
});

for (const [kind, expected] of Object.entries(FLAWS)) {
  test(`flawed server "${kind}": every flaw is a fail naming its clause`, async () => {
    const s = await up(kind);
    const report = await audit(s.url, { origin: ORIGIN, protocols: ["chat"], timeout: 3000, concurrency: 8 });
    for (const [id, clause] of expected) {
      const c = byId(report, id);
      assert.equal(c.verdict, "fail", `${id}: ${c.why}`);
      assert.ok(c.why.startsWith(`${clause}:`) || c.section === clause, `${id} names ${clause}: ${c.why}`);
    }
    if (kind === "second-key") assert.deepEqual(fails(report).map((c) => c.id), ["smuggle-key-duplicated"]);
    if (kind === "ignores-version") for (const c of fails(report)) assert.match(c.id, /version|after-reject-smuggled/, c.why);
    assert.equal(report.summary.fail, fails(report).length);
  });
}

test("the strict server (this package in front of ws) gets no fail", async () => {
  const s = await up("strict");
  const report = await audit(s.url, { origin: ORIGIN, protocols: ["chat"], timeout: 3000, concurrency: 8 });
  assert.deepEqual(fails(report).map((c) => `${c.id}: ${c.why}`), []);
  assert.equal(byId(report, "baseline-rfc6455-1.3").verdict, "pass");
  assert.equal(byId(report, "origin-forbidden").verdict, "pass");
  const total = report.summary.pass + report.summary.fail + report.summary.warn + report.summary.info;
  assert.equal(total, report.cases.length);
});

test("progress: the run is async-iterable, one event per case, then resolves to the report", async () => {
  const s = await up("strict");
  const only = ["baseline-rfc6455-1.3", "smuggle-version-8", "smuggle-key-missing"];
  const run = audit(s.url, { origin: ORIGIN, protocols: ["chat"], only });
  const seen = [];
  const called = [];
  for await (const e of run) seen.push([e.done, e.total, e.case.id]);
  const report = await run;
  assert.deepEqual(seen.map(([d, t]) => [d, t]), [[1, 3], [2, 3], [3, 3]]);
  assert.deepEqual(seen.map(([, , id]) => id).sort(), [...only].sort());
  assert.deepEqual(report.cases.map((c) => c.id), only, "the report keeps catalogue order");
  await audit(s.url, { only, onProgress: (e) => called.push(e.done) });
  assert.deepEqual(called, [1, 2, 3]);
});

test("CLI: human output groups findings by area with clause and why it matters; exit 1 on a fail", async () => {
  const s = await up("naive");
  const r = await cli(["audit", s.url, "--only", "baseline-rfc6455-1.3,smuggle-key-duplicated,origin-forbidden,smuggle-version-99", "--origin", ORIGIN, "--timeout", "3000"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /\[ *\d\/4\] fail smuggle-key-duplicated/);
  assert.match(r.stdout, /\nVersion and key \(WebSocket smuggling\)\n  FAIL /);
  assert.match(r.stdout, /\n  FAIL smuggle-key-duplicated \(RFC 6455 §11\.3\.1\)\n {7}RFC 6455 §11\.3\.1: the server switched \(101\) where it must refuse/);
  assert.match(r.stdout, /why it matters: A proxy that checks the 101 opens a tunnel/);
  assert.match(r.stdout, /Origin \(cross-site WebSocket hijacking\)\n  FAIL origin-forbidden/);
  assert.match(r.stdout, /4 cases: 1 pass, FAIL 3, WARN 0, INFO 0/);
});

test("CLI --json: the report's schema is the README's contract; exit 0 without a fail", async () => {
  const s = await up("strict");
  const r = await cli(["audit", s.url, "--json", "--protocol", "chat", "--origin", ORIGIN, "--only", "baseline-rfc6455-1.3,smuggle-version-99,trunc-empty", "--concurrency", "2"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ["target", "startedAt", "cases", "summary"]);
  assert.equal(report.target, s.url);
  assert.ok(!Number.isNaN(Date.parse(report.startedAt)));
  assert.deepEqual(Object.keys(report.summary), ["pass", "fail", "warn", "info"]);
  for (const c of report.cases) {
    assert.ok(Object.keys(c).every((k) => KEYS.includes(k)), Object.keys(c).join());
    assert.ok(["pass", "fail", "warn", "info"].includes(c.verdict));
    assert.ok(AREAS[c.area], `${c.id}: area ${c.area}`);
    assert.equal(typeof c.sent, "string");
    if (c.received) assert.deepEqual(Object.keys(c.received), ["status", "headers", "raw"]);
  }
  assert.equal(report.cases[0].received.status, 101);
  assert.equal(report.cases[2].received, null);
  assert.ok(report.cases[2].error);
});

test("CLI: usage errors exit 2", async () => {
  assert.equal((await cli(["audit", "ftp://a/"])).code, 2);
  assert.equal((await cli(["audit"])).code, 2);
  assert.equal((await cli(["audit", "ws://a/", "--timeout", "soon"])).code, 2);
  assert.equal((await cli(["audit", "ws://127.0.0.1:1/", "--only", "baseline-rfc6455-1.3"])).code, 2, "nothing answered");
});

const HOSTILE = ["silent", "megabyte-head", "garbage", "close-mid-head", "trickle", "101-then-nothing"];
for (const kind of HOSTILE) {
  test(`hostile server "${kind}": an error per case, bounded reads, no hang`, async () => {
    const s = await up(kind);
    const only = ["baseline-rfc6455-1.3", "smuggle-version-99", "size-1mib-field", "trunc-no-blank-line"];
    const report = await audit(s.url, { only, timeout: 1500, concurrency: 4 });
    assert.equal(report.cases.length, only.length);
    for (const c of report.cases) {
      assert.ok(c.received === null || c.received.raw.length <= 65536, `${c.id}: read ${c.received?.raw.length}`);
      if (c.id === "trunc-no-blank-line" && c.received === null) continue; // silence is the right answer there
      assert.ok(c.error, `${c.id}: an error`);
      assert.equal(c.verdict, "warn", `${c.id}: ${c.why}`);
    }
  });
}

test("hostile servers through the CLI: it ends, with an error per case", async () => {
  for (const kind of ["101-then-nothing", "megabyte-head"]) {
    const s = await up(kind);
    const r = await cli(["audit", s.url, "--json", "--timeout", "1000", "--only", "baseline-rfc6455-1.3,smuggle-key-missing"], 30_000);
    assert.equal(r.signal, null, `${kind}: the CLI hung`);
    const report = JSON.parse(r.stdout);
    for (const c of report.cases) assert.ok(c.error, `${kind} ${c.id}`);
  }
});

test("an abort ends the running cases and the rest at once, each with error \"aborted\"", async () => {
  const s = await up("silent");
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const report = await audit(s.url, { only: ["smuggle-*"], timeout: 60_000, signal: controller.signal });
  assert.ok(report.cases.length > 10);
  for (const c of report.cases) assert.equal(c.error, "aborted", c.id);
});

test("wss: the same audit over node:tls (a self-signed certificate needs insecure)", async (t) => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { createServer: tlsServer } = await import("node:tls");
  const { acceptKey } = await import("upgrade-handshake");
  const dir = mkdtempSync(`${tmpdir()}/uh-audit-tls-`);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`], { stdio: "ignore" });
  // The naive flaw behind TLS: a 101 for any request with Upgrade.
  const server = tlsServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (s) => {
    let got = "";
    s.on("error", () => {});
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (!got.includes("\r\n\r\n")) return;
      const key = /\r\nSec-WebSocket-Key: *([^\r]*)/i.exec(got)?.[1] ?? "";
      s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => server.close());
  const url = `wss://127.0.0.1:${server.address().port}/chat`;
  const only = ["baseline-rfc6455-1.3", "smuggle-version-99"];
  const trusted = await audit(url, { only, insecure: true, timeout: 3000 });
  assert.deepEqual(trusted.cases.map((c) => c.verdict), ["pass", "fail"]);
  const strictTls = await audit(url, { only, timeout: 3000 });
  for (const c of strictTls.cases) assert.match(c.error, /self[- ]signed|certificate/i);
});
