// Audit mode: runs the Worker's POST /api/audit (NDJSON progress) and draws the report: a grade,
// the cases grouped by area with RFC links, each case's exact bytes both ways (CR LF shown), and
// what ws, websocket-driver, Python websockets and workerd answer to the same case (conformance.json,
// the recorded output of `make conformance`). The verdicts are the package's; the page only draws.
import { AREAS } from "upgrade-handshake";
import { el, sectionLink } from "./ui.js";

const $ = (id) => document.getElementById(id);
const list = (s) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);
const ORDER = { fail: 0, warn: 1, info: 2, pass: 3 };
const WORD = { fail: "Fail", warn: "Warning", info: "Info", pass: "Pass" };
const MARK = { fail: "✗", warn: "!", info: "?", pass: "✓" };

/**
 * The grade: F when a case failed (a switch the RFC forbids, or a 101 clients must reject); A with
 * neither fails nor warnings; B with a few warnings (at most one case in ten); C with more.
 */
export function grade({ summary, cases }) {
  if (summary.fail > 0) return "F";
  if (summary.warn === 0) return "A";
  return summary.warn <= cases.length / 10 ? "B" : "C";
}

let peers = null;
/** conformance.json, fetched once; null when absent (the page still works without it). */
async function loadPeers() {
  if (peers !== null) return peers;
  try {
    const res = await fetch("/conformance.json");
    peers = res.ok ? await res.json() : false;
  } catch {
    peers = false;
  }
  return peers;
}

/**
 * The bytes as they are: printable text as it is, each CR and LF and every other control or
 * non-ASCII byte as a marked escape (\r, \n, \x00, \xff), with a line break after each LF.
 */
function bytesView(text) {
  const nodes = [];
  let plain = "";
  const flush = () => { if (plain) nodes.push(plain); plain = ""; };
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) { plain += ch; continue; }
    flush();
    const escape = ch === "\r" ? "\\r" : ch === "\n" ? "\\n" : ch === "\t" ? "\\t" : `\\x${code.toString(16).padStart(2, "0")}`;
    nodes.push(el("span", { class: "eol" }, escape));
    if (ch === "\n") nodes.push("\n");
  }
  flush();
  return nodes;
}

function wire(label, text, testid) {
  return el("div", { class: "audit-wire" },
    el("p", { class: "label" }, label),
    el("pre", { class: "wire", "data-testid": testid, tabindex: "0" }, ...(text === null ? ["(nothing)"] : bytesView(text))));
}

function peersTable(id, data) {
  const row = data?.cases?.[id];
  if (!row) return el("p", { class: "hint" }, "No conformance data for this case (run make conformance).");
  return el("div", { class: "table-wrap" },
    el("table", { class: "headers audit-peers", "data-testid": "audit-peers" },
      el("caption", { class: "hint" }, `Other servers, same case (make conformance, ${data.date}):`),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "server"), el("th", { scope: "col" }, "answer"), el("th", { scope: "col" }, "verdict"))),
      el("tbody", {}, ...data.servers.map((s) => {
        const r = row[s.id];
        return el("tr", { class: `hl ${r?.verdict === "info" ? "skip" : r?.verdict ?? ""}`, "data-server": s.id },
          el("th", { scope: "row" }, s.label), el("td", {}, el("code", {}, r?.answer ?? "—")),
          el("td", {}, el("span", { class: `badge ${r?.verdict === "info" ? "skip" : r?.verdict}` }, WORD[r?.verdict] ?? "—")));
      }))));
}

function caseItem(c, data) {
  const body = el("div", { class: "audit-body" });
  const item = el("details", { class: `audit-case check ${c.verdict === "info" ? "skip" : c.verdict}`, "data-testid": "audit-case", "data-id": c.id, "data-verdict": c.verdict },
    el("summary", {},
      el("span", { class: "mark", "aria-hidden": "true" }, MARK[c.verdict]),
      el("span", { class: "sr-only" }, `${WORD[c.verdict]}: `),
      el("code", { class: "audit-id" }, c.id), " ", sectionLink(c.section),
      el("span", { class: "audit-why" }, c.why)),
    body);
  // The bytes are drawn when the case is first opened: a full report holds megabytes of them.
  item.addEventListener("toggle", () => {
    if (!item.open || body.childElementCount) return;
    body.append(...[
      el("p", { class: "hint" }, c.title),
      c.error ? el("p", { class: "hint" }, `No complete answer: ${c.error}`) : null,
      el("div", { class: "grid two" },
        wire(`Sent (${c.sent.length} bytes)`, c.sent.length > 8192 ? `${c.sent.slice(0, 8192)}… (${c.sent.length - 8192} more bytes)` : c.sent, "audit-sent"),
        wire(`Received${c.received ? ` (${c.received.raw.length} bytes)` : ""}`, c.received ? c.received.raw : null, "audit-received")),
      peersTable(c.id, data)].filter(Boolean));
  });
  return item;
}

function renderReport(report, data) {
  const g = grade(report);
  const s = report.summary;
  const summary = $("audit-summary");
  summary.hidden = false;
  summary.className = `verdict card audit-summary grade-${g}`;
  summary.replaceChildren(
    el("div", { class: "code-badge", "data-testid": "audit-grade" }, g),
    el("div", {},
      el("h2", { class: "verdict-title" }, s.fail ? `${s.fail} case${s.fail > 1 ? "s" : ""} failed` : s.warn ? "No fail; refusals not as the RFCs say" : "Every answer matches the RFCs"),
      el("p", {}, el("span", { class: "count fail" }, `${s.fail} fail`), el("span", { class: "count warn" }, `${s.warn} warn`),
        el("span", { class: "count skip" }, `${s.info} info`), el("span", { class: "count pass" }, `${s.pass} pass`)),
      el("p", { class: "hint" }, `${report.target}, ${report.cases.length} cases, started ${report.startedAt}`)));
  const groups = Object.entries(AREAS).map(([area, meta]) => {
    const here = report.cases.filter((c) => c.area === area).sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
    if (!here.length) return null;
    const n = (v) => here.filter((c) => c.verdict === v).length;
    return el("section", { class: "card audit-area", "data-area": area },
      el("h2", {}, meta.title, el("span", { class: "counts" }, ...["fail", "warn", "info", "pass"].filter(n).map((v) => el("span", { class: `count ${v === "info" ? "skip" : v}` }, `${n(v)} ${v}`)))),
      el("p", { class: "hint" }, meta.matters),
      el("div", { class: "audit-cases" }, ...here.map((c) => caseItem(c, data))));
  });
  $("audit-findings").replaceChildren(...groups.filter(Boolean));
}

export function setupAudit({ state, saveFragment }) {
  const form = $("audit-form");
  const progress = $("audit-progress");
  const status = $("audit-status");
  const save = () => {
    state.audit = { url: $("audit-url").value.trim(), origin: $("audit-origin").value.trim(), protocols: $("audit-protocols").value };
    saveFragment();
  };
  for (const id of ["audit-url", "audit-origin", "audit-protocols"]) $(id).addEventListener("input", save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save();
    const body = { url: state.audit.url };
    if (state.audit.origin) body.origin = state.audit.origin;
    if (list(state.audit.protocols).length) body.protocols = list(state.audit.protocols);
    $("audit-run").disabled = true;
    $("audit-summary").hidden = true;
    $("audit-findings").replaceChildren();
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "Starting…";
    try {
      const [res, data] = await Promise.all([
        fetch("/api/audit", { method: "POST", headers: { Accept: "application/x-ndjson", "Content-Type": "application/json" }, body: JSON.stringify(body) }),
        loadPeers(),
      ]);
      if (!res.ok) {
        const text = await res.text();
        let message = text;
        try { message = JSON.parse(text).error ?? text; } catch {}
        status.textContent = `Refused (${res.status}): ${message}`;
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      let report = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let nl;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = JSON.parse(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
          if (line.type === "case") {
            progress.max = line.total;
            progress.value = line.done;
            status.textContent = `${line.done} of ${line.total}: ${line.case.id} ${line.case.verdict}`;
          } else if (line.type === "report") report = line.report;
          else if (line.type === "error") status.textContent = `The audit stopped: ${line.error}`;
        }
      }
      if (report) {
        status.textContent = `Done: ${report.cases.length} cases.`;
        renderReport(report, data || null);
      }
    } catch (error) {
      status.textContent = `The audit failed: ${error.message}`;
    } finally {
      $("audit-run").disabled = false;
      progress.hidden = true;
    }
  });
}
