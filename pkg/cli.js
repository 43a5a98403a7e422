#!/usr/bin/env node
// `upgrade-handshake audit <url>`: audits a live server's Upgrade handling (README: "Audit").
// Exit status: 0 no case failed, 1 a case failed, 2 a usage error or no answer at all.
import { parseArgs } from "node:util";
import { audit, AREAS } from "./node.js";

const USAGE = `Usage: upgrade-handshake audit <url> [options]

Sends each case of the audit catalogue on its own connection to <url> (ws, wss, http or https)
and judges every answer against the RFCs.

Options:
  --origin <origin>     the Origin your pages use (then a foreign Origin accepted is a fail)
  --protocol <name>     a subprotocol the server speaks (repeatable)
  --h2c                 the server performs h2c: audit its h2c handshake too
  --tls-upgrade         the server performs the RFC 2817 TLS upgrade: audit it too
  --only <ids>          comma-separated case ids (a trailing * matches a prefix)
  --concurrency <n>     cases in flight at once (default 4)
  --timeout <ms>        deadline for each whole case: connect, send, read (default 5000)
  --insecure            accept any TLS certificate (wss:, https:)
  --json                print the report as JSON on stdout
  -h, --help            this text
`;

const out = (s) => process.stdout.write(s);
const err = (s) => process.stderr.write(s);

function usage(message) {
  if (message) err(`upgrade-handshake: ${message}\n\n`);
  err(USAGE);
  process.exit(2);
}

const positiveInt = (name, v) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) usage(`--${name} expects a positive integer, not ${JSON.stringify(v)}`);
  return Number(v);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      origin: { type: "string" }, protocol: { type: "string", multiple: true }, h2c: { type: "boolean" },
      "tls-upgrade": { type: "boolean" }, only: { type: "string" }, concurrency: { type: "string" },
      timeout: { type: "string" }, insecure: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
  });
} catch (e) {
  usage(e.message);
}
const { values: v, positionals } = parsed;
if (v.help) { out(USAGE); process.exit(0); }
if (positionals[0] !== "audit") usage(positionals.length ? `unknown command ${JSON.stringify(positionals[0])}` : "");
if (positionals.length !== 2) usage("audit takes exactly one URL");

const options = {
  origin: v.origin, protocols: v.protocol, h2c: v.h2c, tlsUpgrade: v["tls-upgrade"], insecure: v.insecure,
  only: v.only?.split(",").map((s) => s.trim()).filter(Boolean), concurrency: positiveInt("concurrency", v.concurrency),
  timeout: positiveInt("timeout", v.timeout),
};
for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];

/** Why a refusal that is not the RFC's matters, whatever the area. */
const REFUSAL_MATTERS = "Clients that send this handshake fail, or cannot learn from the refusal how to retry.";
const tty = process.stderr.isTTY;
const color = (code, s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[${code}m${s}\x1b[0m` : s);
const LABEL = { fail: color("31;1", "FAIL"), warn: color("33;1", "WARN"), info: color("36", "INFO"), pass: color("32", "PASS") };

let run;
try {
  run = audit(positionals[1], options);
} catch (e) {
  usage(e.message);
}

if (!v.json) err(`Auditing ${positionals[1]}\n`);
for await (const event of run) {
  if (v.json) continue;
  const c = event.case;
  const line = `[${String(event.done).padStart(3)}/${event.total}] ${c.verdict.padEnd(4)} ${c.id}`;
  if (tty) err(`\r\x1b[2K${line}`);
  else err(`${line}\n`);
}
if (tty && !v.json) err("\r\x1b[2K");
const report = await run;

if (v.json) {
  out(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const findings = report.cases.filter((c) => c.verdict !== "pass");
  const order = ["fail", "warn", "info"];
  out(`\nupgrade-handshake audit of ${report.target} (${report.startedAt})\n`);
  for (const [area, meta] of Object.entries(AREAS)) {
    const here = findings.filter((c) => c.area === area).sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
    if (!here.length) continue;
    out(`\n${meta.title}\n`);
    for (const c of here) {
      out(`  ${LABEL[c.verdict]} ${c.id} (${c.section})\n`);
      out(`       ${c.why}\n`);
      // No answer is about the server's availability, not the area's risk.
      if (!c.error) out(`       why it matters: ${c.verdict === "warn" ? REFUSAL_MATTERS : meta.matters}\n`);
    }
  }
  const s = report.summary;
  out(`\n${report.cases.length} cases: ${s.pass} pass, ${LABEL.fail} ${s.fail}, ${LABEL.warn} ${s.warn}, ${LABEL.info} ${s.info}\n`);
}
if (report.cases.length > 0 && report.cases.every((c) => c.received === null && c.error && !/^Waited/.test(c.why))) {
  err(`upgrade-handshake: no case got an answer from ${report.target} (${report.cases[0].error})\n`);
  process.exitCode = 2;
} else {
  // exitCode, not exit(): a large --json report must drain to a pipe first.
  process.exitCode = report.summary.fail > 0 ? 1 : 0;
}
