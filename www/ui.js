// Drawing helpers shared by the inspector's modes. Nothing here decides anything about a handshake.

/** Creates an element: el("a", { href, class: "x" }, "text", child...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** "RFC 6455 §4.2.1 item 5" -> https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1 (null when it names no RFC). */
export function sectionHref(section) {
  const m = /RFC\s*(\d+)(?:\s*§\s*(\d+(?:\.\d+)*))?/.exec(section ?? "");
  if (!m) return null;
  return `https://www.rfc-editor.org/rfc/rfc${m[1]}${m[2] ? `#section-${m[2]}` : ""}`;
}

/** A link to an RFC section, as the package cites it. */
export function sectionLink(section) {
  const href = sectionHref(section);
  return href ? el("a", { class: "sec", href, rel: "noopener", target: "_blank" }, section) : el("span", { class: "sec" }, section);
}

const MARKS = { pass: "✓", fail: "✗", warn: "!", skip: "–" };
const WORDS = { pass: "Pass", fail: "Fail", warn: "Warning", skip: "Skipped" };

/** One check as a checklist item. */
export function checkItem(check, extra) {
  return el("li", { class: `check ${check.result}`, "data-result": check.result, "data-id": check.id },
    el("span", { class: "mark", "aria-hidden": "true" }, MARKS[check.result] ?? "?"),
    el("div", { class: "body" },
      el("p", { class: "msg" }, el("span", { class: "sr-only" }, `${WORDS[check.result] ?? check.result}: `), check.message),
      el("p", { class: "meta" },
        check.header ? el("code", { class: "chip" }, check.header) : null,
        sectionLink(check.section),
        el("span", { class: "id" }, check.id)),
      extra ?? null));
}

/** Fills an <ol> with checks; returns the counts by result. */
export function renderChecks(list, checks, countsNode) {
  list.replaceChildren(...checks.map((c) => checkItem(c)));
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const c of checks) counts[c.result] = (counts[c.result] ?? 0) + 1;
  if (countsNode) {
    countsNode.replaceChildren(...["pass", "fail", "warn", "skip"].filter((r) => counts[r])
      .map((r) => el("span", { class: `count ${r}` }, `${counts[r]} ${WORDS[r].toLowerCase()}`)));
  }
  return counts;
}

/**
 * Splits a pasted head into its start line and field lines, only to draw them (the package parses
 * it for real; a line it rejects is still drawn here as typed).
 */
export function splitHead(text) {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const start = lines.shift() ?? "";
  const fields = [];
  for (const line of lines) {
    if (line === "") break;
    const i = line.indexOf(":");
    fields.push(i < 0 ? [line, ""] : [line.slice(0, i), line.slice(i + 1).trim()]);
  }
  return { start, fields };
}

/** The value of the first field named `name` in a split head (display only). */
export function field(fields, name) {
  const f = fields.find(([n]) => n.toLowerCase() === name.toLowerCase());
  return f ? f[1] : undefined;
}

/**
 * A pasted head usually lacks the empty line that ends it (textareas drop it); add it so the
 * package sees a complete head. Returns the text to analyse and whether it was added.
 */
export function completeHead(text) {
  // A text box holds LF line ends (browsers turn a pasted CR LF into LF); HTTP/1.1 lines end in
  // CR LF (RFC 9112 §2.2), and the engine refuses a bare LF by default. Each one becomes CR LF, and
  // `converted` says so, for the page to show.
  const converted = /(^|[^\r])\n/.test(text);
  let wire = text.replace(/\r?\n/g, "\r\n");
  if (wire.trim() === "" || wire.includes("\r\n\r\n")) return { text: wire, added: false, converted };
  wire += wire.endsWith("\r\n") ? "\r\n" : "\r\n\r\n";
  return { text: wire, added: true, converted };
}

/** Shows CR and LF of a wire string. */
export function showCrlf(text) {
  return text.replace(/\r\n/g, "␍␊\n").replace(/(?<!␍␊)\n/g, "␊\n");
}

const worst = { fail: 3, warn: 2, pass: 1, skip: 0 };

/** For each field name (lowercased), the worst check result on it. */
export function fieldResults(checks) {
  const map = new Map();
  for (const c of checks) {
    if (!c.header) continue;
    const k = c.header.toLowerCase();
    const prev = map.get(k);
    if (!prev || worst[c.result] > worst[prev.result]) map.set(k, { result: c.result, checks: [...(prev?.checks ?? []), c] });
    else prev.checks.push(c);
  }
  return map;
}

/** Fills a <tbody> with the fields of a head, highlighting those the checks looked at. */
export function renderFields(tbody, fields, checks) {
  const results = fieldResults(checks);
  const present = new Set(fields.map(([n]) => n.toLowerCase()));
  // A field a check failed or warned about but the request lacks is drawn too, as absent.
  const missing = [...results].filter(([k, r]) => !present.has(k) && (r.result === "fail" || r.result === "warn"))
    .map(([, r]) => [r.checks[0].header, null]);
  tbody.replaceChildren(...[...fields, ...missing].map(([name, value]) => {
    const r = results.get(name.toLowerCase());
    return el("tr", { class: r ? `hl ${r.result}` : "", "data-field": name.toLowerCase(), "data-result": r?.result },
      el("th", { scope: "row" }, el("code", {}, name)),
      el("td", {}, value === null ? el("span", { class: "absent" }, "absent") : el("code", { class: "val" }, value)),
      el("td", { class: "tag" }, r ? el("span", { class: `badge ${r.result}`, title: r.checks.map((c) => c.message).join("\n") },
        r.result === "pass" ? "checked" : r.result) : ""));
  }));
}

/** The reason phrase line of a serialized response ("HTTP/1.1 101 Switching Protocols"). */
export function statusLine(response) {
  return (response ?? "").split("\r\n", 1)[0];
}

/** Copies text; resolves to true when the clipboard took it. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}
