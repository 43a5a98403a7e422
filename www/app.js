// The inspector: draws what the upgrade-handshake package decides (Analyse, Verify, Compare) and what
// the Worker reports (Live). No handshake logic lives here.
import { acceptKey, negotiate, verifyResponse } from "upgrade-handshake";
import { EXAMPLES, RESPONSES, OFFER, RFC6455_REQUEST, PROXIED_REQUEST } from "./examples.js";
import {
  el, sectionLink, renderChecks, renderFields, splitHead, field, completeHead, showCrlf, statusLine,
  copyText, debounce, checkItem,
} from "./ui.js";
import { codeFor } from "./code.js";
import { chromiumMessages } from "./browsers.js";
import { setupLive } from "./live.js";
import { setupAudit } from "./audit.js";

const $ = (id) => document.getElementById(id);
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MODES = ["analyse", "verify", "live", "compare", "audit"];

// ------------------------------------------------------------------ state in the URL fragment
const state = {
  mode: "analyse",
  request: RFC6455_REQUEST,
  policy: { ...EXAMPLES[0].policy },
  response: RESPONSES[0].response,
  offer: { ...OFFER },
  a: RFC6455_REQUEST,
  b: PROXIED_REQUEST,
  live: "",
  liveProtocols: "chat, superchat",
  audit: { url: "", origin: "", protocols: "" },
};

const list = (s) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

function readFragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  if (MODES.includes(p.get("m"))) state.mode = p.get("m");
  if (p.has("r")) state.request = p.get("r");
  if (p.has("up") || p.has("pr") || p.has("or") || p.has("pmd") || p.has("tls") || p.has("edge")) {
    state.policy = {
      upgrades: list(p.get("up")),
      protocols: list(p.get("pr")),
      origins: list(p.get("or")),
      permessageDeflate: p.get("pmd") === "1" ? true : p.get("pmd") === "snct" ? { serverNoContextTakeover: true } : false,
      requireTls: p.get("tls") === "1",
      edge: p.get("edge") === "1",
    };
  }
  if (p.has("v")) state.response = p.get("v");
  if (p.has("k")) state.offer.key = p.get("k");
  if (p.has("vp")) state.offer.protocols = p.get("vp");
  if (p.has("ve")) state.offer.extensions = p.get("ve");
  if (p.has("a")) state.a = p.get("a");
  if (p.has("b")) state.b = p.get("b");
  if (p.has("u")) state.live = p.get("u");
  if (p.has("lp")) state.liveProtocols = p.get("lp");
  if (p.has("au")) state.audit = { url: p.get("au"), origin: p.get("ao") ?? "", protocols: p.get("ap") ?? "" };
}

function fragment() {
  const p = new URLSearchParams();
  p.set("m", state.mode);
  const pol = state.policy;
  if (state.mode === "analyse" || state.mode === "compare") {
    p.set("up", (pol.upgrades ?? []).join(","));
    if (pol.protocols?.length) p.set("pr", pol.protocols.join(","));
    if (pol.origins?.length) p.set("or", pol.origins.join(","));
    if (pol.permessageDeflate) p.set("pmd", pol.permessageDeflate === true ? "1" : "snct");
    if (pol.requireTls) p.set("tls", "1");
    if (pol.edge) p.set("edge", "1");
  }
  if (state.mode === "analyse") p.set("r", state.request);
  if (state.mode === "verify") {
    p.set("v", state.response);
    p.set("k", state.offer.key);
    if (state.offer.protocols) p.set("vp", state.offer.protocols);
    if (state.offer.extensions) p.set("ve", state.offer.extensions);
  }
  if (state.mode === "compare") { p.set("a", state.a); p.set("b", state.b); }
  if (state.mode === "live") { if (state.live) p.set("u", state.live); p.set("lp", state.liveProtocols); }
  if (state.mode === "audit" && state.audit.url) {
    p.set("au", state.audit.url);
    if (state.audit.origin) p.set("ao", state.audit.origin);
    if (state.audit.protocols) p.set("ap", state.audit.protocols);
  }
  return `#${p.toString()}`;
}

let writingHash = false;
const saveFragment = debounce(() => {
  const h = fragment();
  if (h !== location.hash) { writingHash = true; history.replaceState(null, "", h); writingHash = false; }
}, 250);

// ------------------------------------------------------------------ tabs (keyboard: arrows, Home, End)
const tabs = [...document.querySelectorAll('[role="tab"]')];
function showMode(mode, focus = false) {
  state.mode = mode;
  for (const t of tabs) {
    const on = t.dataset.mode === mode;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (mode === "compare") runCompare();
  if (mode === "verify") runVerify();
  saveFragment();
}
for (const t of tabs) {
  t.addEventListener("click", () => showMode(t.dataset.mode));
  t.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(t);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    showMode(tabs[(next + tabs.length) % tabs.length].dataset.mode, true);
  });
}

// ------------------------------------------------------------------ policy controls
const upBoxes = [...document.querySelectorAll('input[name="up"]')];
function policyToControls() {
  const p = state.policy;
  const ups = p.upgrades ?? ["websocket"];
  for (const b of upBoxes) b.checked = ups.includes(b.value);
  $("policy-protocols").value = (p.protocols ?? []).join(", ");
  $("policy-origins").value = (p.origins ?? []).join(", ");
  $("policy-hosts").value = (p.hosts ?? []).join(", ");
  $("policy-deflate").checked = Boolean(p.permessageDeflate);
  $("policy-snct").checked = typeof p.permessageDeflate === "object" && Boolean(p.permessageDeflate.serverNoContextTakeover);
  $("policy-snct").disabled = !p.permessageDeflate;
  $("policy-tls").checked = Boolean(p.requireTls);
  $("policy-edge").checked = Boolean(p.edge);
}
function controlsToPolicy() {
  const deflate = $("policy-deflate").checked;
  $("policy-snct").disabled = !deflate;
  state.policy = {
    upgrades: upBoxes.filter((b) => b.checked).map((b) => b.value),
    protocols: list($("policy-protocols").value),
    origins: list($("policy-origins").value),
    hosts: list($("policy-hosts").value),
    permessageDeflate: deflate ? ($("policy-snct").checked ? { serverNoContextTakeover: true } : true) : false,
    requireTls: $("policy-tls").checked,
    edge: $("policy-edge").checked,
  };
}
/** The policy as the package takes it (defaults left out). */
function packagePolicy() {
  const p = state.policy;
  const out = { upgrades: p.upgrades ?? [] };
  if (p.protocols?.length) out.protocols = p.protocols;
  if (p.origins?.length) out.origins = p.origins;
  if (p.hosts?.length) out.hosts = p.hosts;
  if (p.permessageDeflate) out.permessageDeflate = p.permessageDeflate;
  if (p.requireTls) out.requireTls = true;
  if (p.edge) out.edge = true;
  return out;
}
$("policy").addEventListener("input", () => { controlsToPolicy(); runAnalyse(); if (state.mode === "compare") runCompare(); });

// ------------------------------------------------------------------ Analyse
let last = null; // { text, outcome, fields, start }

function verdictNode(node, outcome) {
  node.className = `verdict card ${outcome.kind}`;
  const status = outcome.status;
  const line = statusLine(outcome.response);
  const reason = line.replace(/^HTTP\/1\.1 \d{3} ?/, "");
  const big = el("div", { class: "code-badge" }, status === null ? (outcome.kind === "pass" ? "200" : "…") : String(status));
  let title, detail = [];
  if (outcome.kind === "switch") {
    title = `${reason}: the connection switches to ${outcome.protocol}`;
    if (outcome.subprotocol) detail.push(el("p", {}, "Subprotocol: ", el("code", {}, outcome.subprotocol)));
    if (outcome.extensions) detail.push(el("p", {}, "Extensions: ", el("code", {}, outcome.extensions)));
  } else if (outcome.kind === "reject") {
    title = `${reason}: the server refuses the upgrade`;
    if (outcome.error) detail.push(el("p", {}, outcome.error.message, " ", sectionLink(outcome.error.section)));
  } else if (outcome.kind === "pass") {
    big.textContent = "—";
    title = "Served normally: no switch";
    const why = outcome.checks.find((c) => c.result === "skip" && /upgrade/.test(c.id));
    detail.push(el("p", {}, why ? `${why.message} ` : "", "The server answers the request as usual (200, a redirect, 404…) and ignores Upgrade."));
    if (outcome.headers.length) detail.push(el("p", {}, "Fields to add to that response: ", el("code", {}, outcome.headers.map(([n, v]) => `${n}: ${v}`).join("; "))));
  } else {
    title = "Incomplete: the head has not ended yet";
    detail.push(el("p", {}, "A server would keep reading."));
  }
  node.replaceChildren(big, el("div", {}, el("h2", { class: "verdict-title" }, title), ...detail));
}

async function sha1Hex(text) {
  if (!globalThis.crypto?.subtle) return "(SHA-1 display needs a secure context: open this page over https or on localhost)";
  const d = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

let deriveSeq = 0;
async function drawDerivation() {
  const key = $("key").value.trim();
  const seq = ++deriveSeq;
  $("step-concat").textContent = `${key}${GUID}`;
  $("accept").textContent = acceptKey(key);
  const hex = await sha1Hex(`${key}${GUID}`);
  if (seq === deriveSeq) $("step-sha1").textContent = hex;
  const sent = last?.outcome.headers.find(([n]) => n.toLowerCase() === "sec-websocket-accept")?.[1];
  $("accept").title = sent ? (sent === $("accept").textContent ? "Matches the 101's Sec-WebSocket-Accept" : "Differs from the 101 (the key was edited)") : "";
}
$("key").addEventListener("input", drawDerivation);

function drawResponse() {
  const r = last?.outcome.response ?? "";
  const text = r === "" ? (last?.outcome.kind === "pass" ? "(no upgrade response: the request is served normally)" : "(none yet)") : r;
  $("response").textContent = $("show-crlf").checked ? showCrlf(text) : text;
}
$("show-crlf").addEventListener("change", drawResponse);

function runAnalyse() {
  const raw = $("raw-request").value;
  state.request = raw;
  const { text, added, converted } = completeHead(raw);
  const outcome = negotiate(text, packagePolicy());
  const { start, fields } = splitHead(text);
  last = { text, outcome, start, fields };

  verdictNode($("verdict"), outcome);
  if (converted) {
    $("verdict").append(el("p", { class: "hint note", "data-testid": "crlf-note" },
      "Each line end was sent as CR LF: a text box holds bare LF line ends, which the server refuses (400) unless lenientLineEnds is on. ",
      sectionLink("RFC 9112 §2.2")));
  }
  if (added) $("verdict").append(el("p", { class: "hint note" }, "The empty line that ends a head was added to what you typed."));
  $("request-line").textContent = start || "(empty)";
  renderFields($("header-table").tBodies[0], fields, outcome.checks);
  renderChecks($("checks"), outcome.checks, $("check-counts"));
  drawResponse();

  // WebSocket: the accept derivation, for the key the client sent.
  const key = field(fields, "Sec-WebSocket-Key");
  const isWs = key !== undefined || outcome.protocol === "websocket";
  $("accept-card").hidden = !isWs;
  if (isWs) { $("key").value = key ?? ""; drawDerivation(); }

  // h2c: the decoded SETTINGS.
  const settings = outcome.settings && Object.entries(outcome.settings);
  $("settings-card").hidden = !settings;
  if (settings) {
    $("settings-card").querySelector("tbody").replaceChildren(...(settings.length ? settings.map(([k, v]) =>
      el("tr", {}, el("th", { scope: "row" }, el("code", {}, k)), el("td", {}, el("code", {}, v.toLocaleString("en-US"))))) :
      [el("tr", {}, el("td", { colspan: 2 }, "(empty: the client keeps every default)"))]));
  }

  // TLS: the 101's (or 426's) Upgrade tokens, drawn bottom-up.
  const up = outcome.headers.find(([n]) => n.toLowerCase() === "upgrade")?.[1];
  const tls = up && /TLS\//i.test(up);
  $("stack-card").hidden = !tls;
  if (tls) {
    const tokens = up.split(",").map((s) => s.trim()).filter(Boolean);
    $("stack-card").querySelector("h2").firstChild.textContent = outcome.status === 101 ? "Protocol stack after the switch " : "Protocol stack the server requires ";
    $("stack").replaceChildren(...[...tokens].reverse().map((t, i) =>
      el("li", { class: i === tokens.length - 1 ? "layer base" : "layer" }, el("code", {}, t),
        el("span", { class: "hint" }, i === tokens.length - 1 ? " bottom: first on the wire, right after the empty line" : " carried inside the layer below"))),
      el("li", { class: "layer tcp" }, "TCP connection (unchanged)"));
  }

  $("policy-json").textContent = `negotiate(request, ${JSON.stringify(packagePolicy())})`;
  if ($("code").dataset.kind) drawCode($("code").dataset.kind);
  saveFragment();
}
$("raw-request").addEventListener("input", debounce(runAnalyse, 120));
$("analyze").addEventListener("click", runAnalyse);

// Examples
$("examples").replaceChildren(...EXAMPLES.map((ex) => el("li", {},
  el("button", { class: "example", "data-testid": `example-${ex.id}`, "data-example": ex.id, onclick: () => loadExample(ex) },
    el("span", { class: "ex-title" }, ex.title), el("span", { class: "ex-about" }, ex.about)),
  el("a", { class: "sec src", href: ex.source.href, rel: "noopener", target: "_blank" }, ex.source.label))));

function loadExample(ex) {
  $("raw-request").value = ex.request;
  state.policy = structuredClone(ex.policy);
  policyToControls();
  runAnalyse();
  $("verdict").scrollIntoView?.({ block: "nearest" });
}

// Copy as code
function drawCode(kind) {
  const { text, outcome, start, fields } = last;
  const code = codeFor(kind, { request: text, start, fields, outcome });
  $("code").dataset.kind = kind;
  $("code").textContent = code;
  return code;
}
for (const b of document.querySelectorAll("[data-copy]")) {
  b.addEventListener("click", async () => {
    const code = drawCode(b.dataset.copy);
    const ok = await copyText(code);
    $("copy-note").textContent = ok ? `Copied: ${b.textContent}.` : "Shown above: select it to copy (the clipboard is not available here).";
  });
}
$("share").addEventListener("click", async () => {
  history.replaceState(null, "", fragment());
  const ok = await copyText(location.href);
  $("share-note").textContent = ok ? "Link copied." : "The link is in the address bar.";
});

// ------------------------------------------------------------------ Verify
function offerFromInputs() {
  state.offer = { key: $("offer-key").value.trim(), protocols: $("offer-protocols").value, extensions: $("offer-extensions").value.trim() };
  const offer = { key: state.offer.key };
  const protocols = list(state.offer.protocols);
  if (protocols.length) offer.protocols = protocols;
  if (state.offer.extensions) offer.extensions = state.offer.extensions;
  return offer;
}
function runVerify() {
  state.response = $("raw-response").value;
  const offer = offerFromInputs();
  const { text, added } = completeHead(state.response);
  let v;
  try {
    v = verifyResponse(text, offer);
  } catch (e) {
    $("verify-verdict").className = "verdict card reject";
    $("verify-verdict").replaceChildren(el("div", { class: "code-badge" }, "?"), el("div", {}, el("h2", { class: "verdict-title" }, "Cannot check"), el("p", {}, e.message)));
    return;
  }
  const { start, fields } = splitHead(text);
  const node = $("verify-verdict");
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(start)?.[1] ?? "?";
  node.className = `verdict card ${v.ok ? "switch" : v.incomplete ? "incomplete" : "reject"}`;
  const detail = [];
  if (v.ok) {
    detail.push(el("p", {}, "The client accepts this response: the connection is a WebSocket now."));
    detail.push(el("p", {}, "Subprotocol: ", el("code", {}, v.protocol ?? "(none)"), " · Extensions: ", el("code", {}, v.extensions ?? "(none)")));
  } else if (v.error) {
    detail.push(el("p", {}, v.error.message, " ", sectionLink(v.error.section)));
    if (v.versions) detail.push(el("p", {}, "The server speaks versions: ", el("code", {}, v.versions.join(", "))));
  } else if (v.incomplete) detail.push(el("p", {}, "The response head has not ended yet."));
  node.replaceChildren(el("div", { class: "code-badge" }, status),
    el("div", {}, el("h2", { class: "verdict-title" }, v.ok ? `${status}: the WebSocket opens` : v.incomplete ? "Incomplete" : `${status}: the client fails the connection`), ...detail));
  if (added) node.append(el("p", { class: "hint note" }, "The empty line that ends a head was added to what you typed."));
  renderChecks($("verify-checks"), v.checks, $("verify-counts"));

  const msgs = chromiumMessages(v, { start, fields, offer });
  $("browser-messages").replaceChildren(...(msgs.length ? msgs.map((m) => el("div", { class: `console ${m.level}`, "data-testid": "chromium-message" },
    el("p", { class: "console-line mono" }, m.text), el("p", { class: "hint" }, m.note))) :
    [el("p", { class: "hint", "data-testid": "chromium-ok" }, v.ok ? "Chromium opens the connection: onopen fires, ws.protocol and ws.extensions report what the server chose." : "")]));
  saveFragment();
}
for (const id of ["raw-response", "offer-key", "offer-protocols", "offer-extensions"]) $(id).addEventListener("input", debounce(runVerify, 120));
$("verify").addEventListener("click", runVerify);
$("verify-examples").replaceChildren(...RESPONSES.map((r) => el("li", {},
  el("button", { class: "example", "data-testid": `response-${r.id}`, onclick: () => {
    $("raw-response").value = r.response;
    $("offer-key").value = OFFER.key; $("offer-protocols").value = OFFER.protocols; $("offer-extensions").value = OFFER.extensions;
    runVerify();
  } }, el("span", { class: "ex-title" }, r.title)))));
$("from-analyse").addEventListener("click", () => {
  if (!last) return;
  $("raw-response").value = last.outcome.response.replace(/\r\n/g, "\n");
  $("offer-key").value = field(last.fields, "Sec-WebSocket-Key") ?? "";
  $("offer-protocols").value = field(last.fields, "Sec-WebSocket-Protocol") ?? "";
  $("offer-extensions").value = field(last.fields, "Sec-WebSocket-Extensions") ?? "";
  runVerify();
});

// ------------------------------------------------------------------ Compare
function runCompare() {
  state.a = $("compare-a").value;
  state.b = $("compare-b").value;
  const pol = packagePolicy();
  const sides = [state.a, state.b].map((raw) => {
    const { text } = completeHead(raw);
    return { outcome: negotiate(text, pol), ...splitHead(text) };
  });
  verdictNode($("compare-verdict-a"), sides[0].outcome);
  verdictNode($("compare-verdict-b"), sides[1].outcome);
  $("compare-verdict-a").classList.add("small");
  $("compare-verdict-b").classList.add("small");

  // Checks by id on each side; a check whose result changed (or that only one side made) matters.
  const byId = (checks) => new Map(checks.map((c) => [c.id, c]));
  const [ca, cb] = sides.map((s) => byId(s.outcome.checks));
  const changed = [];
  for (const id of new Set([...ca.keys(), ...cb.keys()])) {
    const x = ca.get(id), y = cb.get(id);
    if (!x || !y || x.result !== y.result) changed.push({ id, a: x, b: y });
  }
  const mattersFor = (name) => changed.filter((c) => (c.a?.header ?? c.b?.header)?.toLowerCase() === name.toLowerCase());

  const names = [];
  for (const s of sides) for (const [n] of s.fields) if (!names.some((m) => m.toLowerCase() === n.toLowerCase())) names.push(n);
  const rows = [el("tr", { class: "start-line" }, el("th", { scope: "row" }, "request line"),
    el("td", {}, el("code", {}, sides[0].start)), el("td", {}, el("code", {}, sides[1].start)),
    el("td", {}, sides[0].start === sides[1].start ? "" : el("span", { class: "badge warn" }, "differs")))];
  for (const n of names) {
    const va = sides[0].fields.filter(([k]) => k.toLowerCase() === n.toLowerCase()).map(([, v]) => v).join(", ");
    const vb = sides[1].fields.filter(([k]) => k.toLowerCase() === n.toLowerCase()).map(([, v]) => v).join(", ");
    const hasA = sides[0].fields.some(([k]) => k.toLowerCase() === n.toLowerCase());
    const hasB = sides[1].fields.some(([k]) => k.toLowerCase() === n.toLowerCase());
    const same = hasA === hasB && va === vb;
    const m = same ? [] : mattersFor(n);
    const what = !hasB ? "removed" : !hasA ? "added" : "rewritten";
    rows.push(el("tr", { class: same ? "same" : m.length ? "hl fail" : "hl changed", "data-field": n.toLowerCase(), "data-matters": m.length ? "yes" : "no" },
      el("th", { scope: "row" }, el("code", {}, n)),
      el("td", {}, hasA ? el("code", { class: "val" }, va) : el("span", { class: "absent" }, "absent")),
      el("td", {}, hasB ? el("code", { class: "val" }, vb) : el("span", { class: "absent" }, "absent")),
      el("td", {}, same ? "" : m.length ? el("span", { class: "badge fail", title: m.map((c) => (c.b ?? c.a).message).join("\n") }, `${what}: matters`) :
        el("span", { class: "badge skip" }, `${what}: no effect`))));
  }
  $("compare-table").tBodies[0].replaceChildren(...rows);
  // Checks both made with different results, or that only B made, in full; those B never reached, in one line.
  const shown = changed.filter((c) => c.b);
  const unreached = changed.filter((c) => !c.b);
  const items = shown.map((c) => checkItem(c.b, el("p", { class: "hint" }, c.a ? `A: ${c.a.result} → B: ${c.b.result}` : `B only (${c.b.result}); A did not need this check`)));
  if (unreached.length) {
    items.push(el("li", { class: "check skip", "data-testid": "compare-unreached" }, el("span", { class: "mark", "aria-hidden": "true" }, "–"),
      el("div", { class: "body" }, el("p", { class: "msg" }, `B stopped before ${unreached.length} check${unreached.length > 1 ? "s" : ""} that A made: `),
        el("p", { class: "meta" }, ...unreached.map((c) => el("span", { class: "id", title: c.a.message }, `${c.a.id} (${c.a.result})`))))));
  }
  $("compare-checks").replaceChildren(...(items.length ? items : [el("li", { class: "hint" }, "No check changed: both are judged alike.")]));
  saveFragment();
}
$("compare-a").addEventListener("input", debounce(runCompare, 150));
$("compare-b").addEventListener("input", debounce(runCompare, 150));

// ------------------------------------------------------------------ start
function applyState() {
  $("raw-request").value = state.request;
  policyToControls();
  $("raw-response").value = state.response;
  $("offer-key").value = state.offer.key;
  $("offer-protocols").value = state.offer.protocols;
  $("offer-extensions").value = state.offer.extensions;
  $("compare-a").value = state.a;
  $("compare-b").value = state.b;
  $("live-url").value = state.live || `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/inspect`;
  $("live-protocols").value = state.liveProtocols;
  $("audit-url").value = state.audit.url;
  $("audit-origin").value = state.audit.origin;
  $("audit-protocols").value = state.audit.protocols;
  runAnalyse();
  showMode(state.mode);
}

readFragment();
setupLive({ state, saveFragment });
setupAudit({ state, saveFragment });
applyState();
window.addEventListener("hashchange", () => { if (!writingHash) { readFragment(); applyState(); } });
$("loading").remove();
document.body.dataset.ready = "true";
