// The handshake audit (index.d.ts: audit, auditCases, judge, AREAS): the catalogue of cases
// (tests/adversarial.json and the RFC examples of tests/vectors.json, generated into
// gen/catalogue.js), built for one target; a judge that compares a server's raw answer with the
// decision this package's own engine makes for the case (`negotiate`) and checks a 101 as a
// client must (`verifyResponse`); and a runner that sends each case on its own connection through
// a transport the caller's runtime provides (node.js: node:net/node:tls; workerd.js:
// cloudflare:sockets). Nothing here does IO itself.
import CATALOGUE from "./gen/catalogue.js";
import { negotiate, verifyResponse } from "./api.js";

/** The areas findings are grouped by, each with one line on why it matters. */
export const AREAS = {
  handshake: { title: "Opening handshake", matters: "A 101 to something that is not a valid handshake lets a proxy and the server disagree about the connection; a refusal of a valid one breaks clients." },
  smuggling: { title: "Version and key (WebSocket smuggling)", matters: "A proxy that checks the 101 opens a tunnel when the server switches on a bad key or version: requests smuggled through it reach routes the proxy guards." },
  h2c: { title: "h2c upgrade (h2c smuggling)", matters: "A proxy that forwards Upgrade: h2c lets a client speak HTTP/2 straight to the backend, past the proxy's access rules." },
  syntax: { title: "Message syntax (RFC 9112)", matters: "Two parsers that read the same bytes differently are how requests are smuggled past a proxy." },
  duplicates: { title: "Duplicated fields", matters: "Two values where one is allowed: each hop may act on a different one (smuggling, access-control bypass)." },
  limits: { title: "Limits", matters: "An unbounded head or field list costs the server memory and CPU for each connection (denial of service)." },
  negotiation: { title: "Subprotocols and extensions", matters: "A client fails the connection when the 101 names a subprotocol or extension it did not offer." },
  origin: { title: "Origin (cross-site WebSocket hijacking)", matters: "A page on any site can open a WebSocket with the user's cookies when the server accepts every Origin (CSWSH)." },
  tls: { title: "TLS upgrade (RFC 2817)", matters: "A TLS upgrade done wrong leaves the connection in cleartext or in a state the client did not ask for." },
};

export const USER_AGENT = "upgrade-handshake-audit/0.1.0 (+https://www.npmjs.com/package/upgrade-handshake)";
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SCHEMES = { "ws:": false, "wss:": true, "http:": false, "https:": true };
const DEFAULTS = { concurrency: 4, timeout: 5000, maxBytes: 65536, incompleteWait: 1500 };

/** The bytes as a string, one character per byte (latin1). */
export function latin1(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return s;
}
const toBytes = (s) => {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
};
const hexBytes = (hex) => String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16)));

/** The target of an audit from its URL: what goes on the wire and where to connect. */
function targetOf(url) {
  if (typeof url !== "string" && !(url instanceof URL)) throw new TypeError("url: expected a string or a URL");
  let u;
  try {
    u = new URL(String(url));
  } catch {
    throw new TypeError(`url: not a URL: ${JSON.stringify(String(url))}`);
  }
  if (!(u.protocol in SCHEMES)) throw new TypeError(`url: the scheme must be ws:, wss:, http: or https:, not ${u.protocol}`);
  if (u.username || u.password) throw new TypeError("url: no user or password in the URL");
  const secure = SCHEMES[u.protocol];
  const hostname = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    url: u.href, secure, hostname, port: Number(u.port || (secure ? 443 : 80)),
    host: u.host, path: (u.pathname || "/") + u.search, origin: `${secure ? "https" : "http"}://${u.host}`,
  };
}

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError("options: expected an object");
  const o = options;
  if (o.origin !== undefined && (typeof o.origin !== "string" || !/^[\x21-\x7e]+$/.test(o.origin))) {
    throw new TypeError("options.origin: expected a serialized origin (printable ASCII, no spaces)");
  }
  if (o.protocols !== undefined && (!Array.isArray(o.protocols) || !o.protocols.every((p) => typeof p === "string" && TOKEN.test(p)))) {
    throw new TypeError("options.protocols: expected an array of subprotocol tokens");
  }
  if (o.only !== undefined && (!Array.isArray(o.only) || !o.only.every((p) => typeof p === "string"))) {
    throw new TypeError("options.only: expected an array of case ids");
  }
  for (const k of ["concurrency", "timeout", "maxBytes", "maxRequestBytes"]) {
    if (o[k] !== undefined && (typeof o[k] !== "number" || !Number.isInteger(o[k]) || o[k] < 1)) {
      throw new TypeError(`options.${k}: expected a positive integer`);
    }
  }
  for (const k of ["h2c", "tlsUpgrade", "insecure"]) if (o[k] !== undefined && typeof o[k] !== "boolean") throw new TypeError(`options.${k}: expected a boolean`);
  if (o.transport !== undefined && typeof o.transport !== "function") throw new TypeError("options.transport: expected a function");
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") throw new TypeError("options.onProgress: expected a function");
  if (o.signal !== undefined && !(typeof o.signal === "object" && o.signal !== null && "aborted" in o.signal)) throw new TypeError("options.signal: expected an AbortSignal");
  return o;
}

/** The `User-Agent` line goes before the blank line that ends the head (not in size cases or cut heads). */
function withUserAgent(text, area) {
  if (area === "limits") return text;
  const crlf = text.indexOf("\r\n\r\n");
  const at = crlf >= 0 ? crlf : text.indexOf("\n\n");
  if (at < 0) return text;
  return `${text.slice(0, at)}${crlf >= 0 ? "\r\n" : "\n"}User-Agent: ${USER_AGENT}${text.slice(at)}`;
}

/** The values of every field line `name` in a request head (the audit's own bytes, so simple parsing). */
function fieldValues(text, name) {
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const re = new RegExp(`(?:^|\\n)${name}:([^\\r\\n]*)`, "gi");
  return [...head.matchAll(re)].map((m) => m[1].trim());
}

/**
 * The cases of an audit of `url`, built: each with the bytes it sends (one character per byte) and
 * the decision this package makes for them under the policy the audit assumes.
 */
export function auditCases(url, options) {
  const target = targetOf(url);
  const o = checkOptions(options);
  const origin = o.origin ?? target.origin;
  const p0 = o.protocols?.[0] ?? "chat";
  const p1 = o.protocols?.[1] ?? "superchat";
  const known = new Set(CATALOGUE.map((c) => c.id));
  for (const id of o.only ?? []) {
    if (!known.has(id) && !(id.endsWith("*") && CATALOGUE.some((c) => c.id.startsWith(id.slice(0, -1))))) {
      throw new RangeError(`options.only: no case ${JSON.stringify(id)}`);
    }
  }
  const picked = (id) => !o.only || o.only.some((x) => (x.endsWith("*") ? id.startsWith(x.slice(0, -1)) : x === id));
  const fill = (s) => s.replace(/\{\{(host|path|origin|ORIGIN|p0|p1)\}\}/g, (_, k) =>
    ({ host: target.host, path: target.path, origin, ORIGIN: origin.toUpperCase(), p0, p1 })[k]);
  const cases = [];
  for (const c of CATALOGUE) {
    if (!picked(c.id)) continue;
    if (c.area === "h2c" && !o.h2c && c.id !== "smuggle-h2c-not-enabled") continue;
    if (c.area === "tls" && !o.tlsUpgrade) continue;
    const text = withUserAgent(c.request.map((p) =>
      typeof p === "string" ? fill(p) : p.hex !== undefined ? hexBytes(p.hex) : p.repeat.repeat(p.times)).join(""), c.area);
    if (o.maxRequestBytes !== undefined && text.length > o.maxRequestBytes) continue;
    const upgrades = ["websocket", ...(o.h2c ? ["h2c"] : []), ...(o.tlsUpgrade ? ["TLS/1.0"] : [])];
    const policy = { upgrades, trail: false };
    if (c.policy.permessageDeflate !== undefined) policy.permessageDeflate = c.policy.permessageDeflate;
    if (c.policy.maxHeadBytes !== undefined) policy.maxHeadBytes = c.policy.maxHeadBytes;
    if (c.policy.protocols) policy.protocols = c.policy.protocols.map((p) => (p === "chat" ? p0 : p === "superchat" ? p1 : p));
    // Without --origin the target's own origin stands for the allowed one: a foreign Origin is still
    // told apart (the judge makes its acceptance "info" rather than "fail").
    policy.origins = [origin];
    const outcome = negotiate(toBytes(text), policy);
    cases.push({
      id: c.id, title: c.title, section: c.section, area: c.area, sent: text, conformant: c.conformant,
      expected: { kind: outcome.kind, status: outcome.status, protocol: outcome.protocol ?? null, error: outcome.error ?? null },
      originPolicy: o.origin !== undefined, h2c: !!o.h2c,
    });
  }
  return cases;
}

const statusLine = /^HTTP\/\d\.\d (\d{3})(?:[ \t][^\r\n]*)?\r?$/;

/** `{ status, headers, raw }` from the bytes a server sent (status null when there is no status line). */
export function parseAnswer(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const [first, ...lines] = head.split(/\r?\n/);
  const m = statusLine.exec(first ?? "");
  const complete = end >= 0;
  const headers = [];
  for (const l of complete ? lines : lines.slice(0, -1)) {
    const i = l.indexOf(":");
    if (i > 0) headers.push([l.slice(0, i), l.slice(i + 1).trim()]);
  }
  return { status: m && (complete || lines.length > 0) ? Number(m[1]) : null, headers, raw };
}

const get = (received, name) => received.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
const offered = (sent, name) => fieldValues(sent, name).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);

/**
 * The verdict on a 101 the case allows: a WebSocket 101 is checked as a client must check it
 * (RFC 6455 §4.1, `verifyResponse`); any other must name, in Upgrade, a protocol the client offered.
 * Null when the 101 is sound.
 */
function judgeSwitch(c, received) {
  const answered = get(received, "Upgrade").flatMap((v) => v.split(",")).map((t) => t.trim().toLowerCase()).filter(Boolean);
  const asked = offered(c.sent, "Upgrade").map((t) => t.toLowerCase());
  const key = fieldValues(c.sent, "Sec-WebSocket-Key");
  if (key.length && asked.includes("websocket") && (answered.length === 0 || answered.includes("websocket"))) {
    const offer = { key: key[0] };
    const protocols = offered(c.sent, "Sec-WebSocket-Protocol").filter((p) => TOKEN.test(p));
    if (protocols.length) offer.protocols = protocols;
    const extensions = fieldValues(c.sent, "Sec-WebSocket-Extensions").filter(Boolean).join(", ");
    if (extensions) offer.extensions = extensions;
    const v = verifyResponse(toBytes(received.raw), offer);
    return v.ok || v.incomplete ? null : { verdict: "fail", why: `${v.error.section}: a client must reject this 101: ${v.error.message}` };
  }
  if (answered.length === 0) return { verdict: "fail", why: "RFC 9110 §15.2.2: a 101 must name the protocol it switches to in Upgrade; this one has no Upgrade." };
  // HTTP/1.1 may follow the new protocol: a stack, as RFC 2817 §3.3 answers "TLS/1.0, HTTP/1.1".
  const stray = answered.filter((t) => !asked.includes(t) && !t.startsWith("http/"));
  if (stray.length) return { verdict: "fail", why: `RFC 9110 §7.8: the 101 switches to ${stray.join(", ")}, which the client did not offer.` };
  return null;
}

/**
 * The verdict on one case: `answer` is `{ received: { status, headers, raw } | null, error?, end? }`
 * where `end` says how reading stopped ("head", "closed", "timeout", "limit", "garbage", "error").
 */
export function judge(c, answer) {
  if (typeof c !== "object" || c === null || typeof c.sent !== "string" || typeof c.expected !== "object") {
    throw new TypeError("case: expected a case from auditCases()");
  }
  if (typeof answer !== "object" || answer === null) throw new TypeError("answer: expected { received, error?, end? }");
  const E = c.expected;
  const received = answer.received;
  // A head that did not end (closed, cut at the byte limit, still trickling) is no answer, whatever its first line says.
  const st = received && /\r?\n\r?\n/.test(received.raw) ? received.status : null;
  const allowed = new Set(c.conformant);
  // The clause the engine refused under, when it is not the case's own.
  const rule = !E.error ? "" : E.error.section === c.section ? E.error.message : `${E.error.message} (${E.error.section})`;
  if (st === 101) {
    // A 101 for a foreign (or doubled) Origin: "info" without --origin, where the audit cannot know
    // the server's origin policy; "fail" with it, whatever else the corpus allows.
    const foreign = E.error?.code === "origin-forbidden";
    if (E.kind !== "switch" && (!allowed.has(101) || foreign)) {
      if (foreign && !c.originPolicy) {
        return { verdict: "info", why: `${c.section}: the server switched for a foreign Origin. No origin was given to the audit, so it cannot tell whether that is allowed; if only your own pages may connect, this is cross-site WebSocket hijacking (CSWSH).` };
      }
      if (c.area === "h2c" && !c.h2c) {
        return { verdict: "info", why: `${c.section}: the server switched to h2c, which the audit was not told it performs; audit again with --h2c to check its h2c handshake (a proxy that forwards Upgrade: h2c to it allows h2c smuggling).` };
      }
      const why = E.kind === "pass"
        ? `${c.section}: the server switched (101) where the RFC says the request is not an upgrade it may perform.`
        : `${c.section}: the server switched (101) where it must refuse: ${rule}`;
      return { verdict: "fail", why };
    }
    const bad = judgeSwitch(c, received);
    if (bad) return bad;
    return { verdict: "pass", why: E.kind === "switch" ? "Switched, with a 101 a client accepts." : `Switched; ${c.section} allows a switch here.` };
  }
  if (st === null) {
    const silent = !received || received.raw === "";
    if (silent && E.kind === "incomplete" && (answer.end === "timeout" || answer.end === "closed")) {
      return { verdict: "pass", why: "Waited for the rest of the head (no answer to a head that has not ended)." };
    }
    if (silent && answer.end && allowed.has(answer.end)) return { verdict: "pass", why: `No answer (${answer.end}); ${c.section} allows that here.` };
    return { verdict: "warn", why: `No valid HTTP answer: ${answer.error ?? "nothing received"}.` };
  }
  if (E.kind === "incomplete") {
    return { verdict: "warn", why: `${c.section}: answered ${st} to a head that has not ended; a server reads until the blank line before it decides.` };
  }
  if (E.kind === "pass") return { verdict: "pass", why: `Not switched (${st}): the request is not an upgrade the server performs.` };
  if (E.kind === "switch") {
    if (allowed.has(st)) return { verdict: "pass", why: `Refused (${st}); ${c.section} allows that here.` };
    if (c.id === "baseline-rfc6455-1.3") {
      return { verdict: "fail", why: `${c.section}: the server refused (${st}) the RFC's own handshake: no client can connect (check the URL, --origin and --protocol).` };
    }
    return { verdict: "warn", why: `${c.section}: the server refused (${st}) a handshake the RFC accepts: clients that send it will fail.` };
  }
  // E.kind === "reject": the server refused, as it must; is the refusal the RFC's?
  if (st === 426 && get(received, "Upgrade").length === 0) {
    return { verdict: "warn", why: "RFC 9110 §15.5.22: a 426 must carry Upgrade naming the protocols the server would switch to; this one has none." };
  }
  if (E.error?.code === "bad-websocket-version" && get(received, "Sec-WebSocket-Version").length === 0) {
    return { verdict: "warn", why: `RFC 6455 §4.2.2 item 4: refused with ${st} but without Sec-WebSocket-Version (426 with Sec-WebSocket-Version: 13 is due), so a client cannot learn which version to retry with.` };
  }
  if (st === E.status || allowed.has(st)) return { verdict: "pass", why: `Refused (${st}), as ${c.section} asks.` };
  return { verdict: "warn", why: `${c.section}: refused with ${st} where the RFC's answer is ${E.status}: ${rule}` };
}

/**
 * Sends `bytes` on a fresh connection and reads the response head. `deadline` bounds the whole
 * exchange (connect, write, read); at most `maxBytes` are read.
 */
async function exchange(transport, target, bytes, { deadline, maxBytes, signal }) {
  let conn = null;
  let timer;
  let onAbort;
  // Settles with TIMEOUT at the deadline, or ABORTED when `signal` fires: every await races it.
  const stop = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), deadline);
    onAbort = () => resolve(ABORTED);
    signal?.addEventListener?.("abort", onAbort);
  });
  const race = (p) => Promise.race([p, stop]);
  let text = "";
  const result = (end, error) => ({ received: text === "" ? null : parseAnswer(text), end, ...(error ? { error } : {}) });
  const stopped = (v) => (v === TIMEOUT || v === ABORTED);
  const why = (v, what) => (v === ABORTED ? result("error", "aborted") : result("timeout", `${what} within ${deadline} ms`));
  try {
    if (signal?.aborted) return result("error", "aborted");
    const opening = Promise.resolve().then(() => transport({ hostname: target.hostname, port: target.port, secure: target.secure }));
    const opened = await race(opening);
    if (stopped(opened)) {
      // A connection that opens after the deadline is closed at once; a late failure is nobody's concern.
      opening.then((c) => c?.close(), () => {});
      return why(opened, "no connection");
    }
    conn = opened;
    // Reading starts while the request is still going out: a server may answer (431, 400) and
    // close before a large request is all sent, and that answer is the one to judge.
    let writeError = null;
    conn.write(bytes).then(() => {}, (e) => { writeError = e; });
    for (;;) {
      const chunk = await race(conn.read());
      if (stopped(chunk)) return why(chunk, text ? "the response head did not end" : "no answer");
      if (chunk === null || chunk === undefined) {
        const sending = writeError ? ` (sending failed: ${writeError.message ?? writeError})` : "";
        return result("closed", `${text ? "the connection closed before the end of the response head" : "the connection closed without an answer"}${sending}`);
      }
      const from = Math.max(0, text.length - 3);
      text += latin1(chunk.subarray(0, maxBytes - text.length));
      if (!"HTTP/".startsWith(text.slice(0, 5)) || (text.length >= 5 && !text.startsWith("HTTP/"))) return result("garbage", "not an HTTP/1.x response");
      // Only the new bytes (and the three before them) can complete the blank line.
      if (/\r?\n\r?\n/.test(text.slice(from))) return result("head");
      if (text.length >= maxBytes) return result("limit", `the response head is over ${maxBytes} bytes`);
    }
  } catch (error) {
    const message = String(error?.message ?? error);
    // A reset is a close: a server that refuses a large request and hangs up while it is still
    // being sent resets the connection, and its answer may be lost with it.
    if (/ECONNRESET|EPIPE|reset/i.test(message)) return result("closed", `the connection was reset (${message})`);
    return result("error", message);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener?.("abort", onAbort);
    try { conn?.close(); } catch {}
  }
}
const TIMEOUT = Symbol("timeout");
const ABORTED = Symbol("aborted");

/** The report's entry for a case (the JSON contract in the README). */
const entry = (c, answer, v) => ({
  id: c.id, title: c.title, section: c.section, area: c.area, sent: c.sent, received: answer.received,
  ...(answer.error ? { error: answer.error } : {}), verdict: v.verdict, why: v.why,
});

/**
 * What `audit()` returns: a promise of the report that is also an async iterable of progress
 * events (`{ type: "case", done, total, case }`), replayed from the start for a late reader.
 */
class AuditRun {
  constructor() {
    this.events = [];
    this.waiters = [];
    this.finished = false;
    this.report = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
  }
  push(event) {
    this.events.push(event);
    for (const w of this.waiters.splice(0)) w();
  }
  end() {
    this.finished = true;
    for (const w of this.waiters.splice(0)) w();
  }
  then(onFulfilled, onRejected) { return this.report.then(onFulfilled, onRejected); }
  catch(onRejected) { return this.report.catch(onRejected); }
  finally(f) { return this.report.finally(f); }
  async *[Symbol.asyncIterator]() {
    for (let i = 0; ; i++) {
      while (i >= this.events.length && !this.finished) await new Promise((r) => this.waiters.push(r));
      if (i >= this.events.length) return;
      yield this.events[i];
    }
  }
}

/**
 * Audits `url` with `transport` (or `fallback`, the runtime's default). See index.d.ts.
 * @returns {AuditRun}
 */
export function runAudit(url, options, fallback) {
  const o = checkOptions(options);
  const transport = o.transport ?? fallback;
  if (typeof transport !== "function") {
    throw new TypeError("options.transport: this runtime has no raw sockets; pass a transport function");
  }
  const target = targetOf(url);
  const cases = auditCases(url, o);
  const concurrency = o.concurrency ?? DEFAULTS.concurrency;
  const timeout = o.timeout ?? DEFAULTS.timeout;
  const maxBytes = o.maxBytes ?? DEFAULTS.maxBytes;
  const run = new AuditRun();
  const startedAt = new Date().toISOString();
  const results = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      // A truncated head is answered by silence: wait a short while, not the whole deadline.
      const deadline = c.expected.kind === "incomplete" ? Math.min(timeout, DEFAULTS.incompleteWait) : timeout;
      const answer = await exchange(transport, target, toBytes(c.sent), { deadline, maxBytes, signal: o.signal });
      results[i] = entry(c, answer, judge(c, answer));
      done++;
      const event = { type: "case", done, total: cases.length, case: results[i] };
      try { o.onProgress?.(event); } catch {}
      run.push(event);
    }
  };
  Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker)).then(() => {
    const summary = { pass: 0, fail: 0, warn: 0, info: 0 };
    for (const r of results) summary[r.verdict]++;
    run.resolve({ target: target.url, startedAt, cases: results, summary });
    run.end();
  }, (error) => { run.reject(error); run.end(); });
  return run;
}
