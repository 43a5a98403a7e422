// POST /api/audit: the package's audit of a third-party server, run from this Worker over
// cloudflare:sockets. Everything about the verdicts is the package's (`audit`); this file is the
// guard that makes running it from an edge safe: which targets, which ports, how much work.
import { audit, auditCases } from "upgrade-handshake";

const PORTS = [80, 443, 8080, 8443];
const SCHEMES = { "ws:": 80, "wss:": 443, "http:": 80, "https:": 443 };
const MAX_BODY = 4096;
/** Per case: the whole-case deadline (a request may ask for less), the bytes read, the bytes sent. */
export const LIMITS = { timeout: 5000, maxBytes: 16384, maxRequestBytes: 32768, concurrency: 6, maxCases: 200 };

const list = (value) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const refuse = (status, message) => Response.json({ error: message }, { status });

/** Whether an IPv4 address (four numbers) is loopback, private, link-local or otherwise not a public host. */
function privateV4([a, b]) {
  return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
}

/** Whether `hostname` (as the URL parser normalised it) names this machine, a private network or a link. */
export function isPrivateHost(hostname) {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) return privateV4(v4.slice(1).map(Number));
  if (!h.includes(":")) return false;
  // IPv6: unspecified, loopback, unique-local fc00::/7, link-local fe80::/10, and IPv4 inside IPv6.
  const mapped = /^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (mapped) return privateV4(mapped.slice(1).map(Number));
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d), as the URL parser writes them in hex.
  const hex = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hex) return privateV4([parseInt(hex[1], 16) >> 8, parseInt(hex[1], 16) & 255]);
  return h === "::" || h === "::1" || /^f[cd]/.test(h) || /^fe[89ab]/.test(h);
}

/** The guard: a reason to refuse `target` (status and message), or null. */
export function guard(target, request, env) {
  let u;
  try { u = new URL(target); } catch { return [400, "url: not a URL"]; }
  if (!(u.protocol in SCHEMES)) return [400, `url: only ws:, wss:, http: and https: can be audited, not ${u.protocol}`];
  const port = Number(u.port || SCHEMES[u.protocol]);
  const ports = [...PORTS, ...list(env.AUDIT_PORTS).map(Number)];
  if (!ports.includes(port)) return [400, `url: port ${port} is not auditable from here (allowed: ${ports.join(", ")}; AUDIT_PORTS adds more)`];
  if (env.AUDIT_PRIVATE !== "1") {
    if (isPrivateHost(u.hostname)) return [403, `url: ${u.hostname} is a loopback, private or link-local address (AUDIT_PRIVATE=1 allows it)`];
    if (u.hostname.toLowerCase() === new URL(request.url).hostname.toLowerCase()) return [403, "url: this Worker does not audit itself"];
  }
  return null;
}

/**
 * POST /api/audit with `{ url, origin?, protocols?, only?, h2c?, tlsUpgrade?, timeout? }` -> the
 * report (JSON), or with `Accept: application/x-ndjson` one line per case as it ends
 * (`{ type: "case", done, total, case }`) and then `{ type: "report", report }`.
 */
export async function auditRoute(request, env) {
  if (request.method !== "POST") return new Response("POST { \"url\": \"wss://...\" } to /api/audit.\n", { status: 405, headers: { Allow: "POST" } });
  const text = await request.text();
  if (text.length > MAX_BODY) return refuse(413, `at most ${MAX_BODY} bytes of JSON`);
  let body;
  try { body = JSON.parse(text); } catch { return refuse(400, "the body must be JSON: { \"url\": \"wss://...\" }"); }
  if (typeof body !== "object" || body === null || typeof body.url !== "string") return refuse(400, "url: expected a string");
  const refused = guard(body.url, request, env);
  if (refused) return refuse(...refused);
  const maxCases = Number(env.AUDIT_MAX_CASES ?? LIMITS.maxCases);
  const timeout = Number.isInteger(body.timeout) && body.timeout > 0 ? Math.min(body.timeout, LIMITS.timeout) : LIMITS.timeout;
  const options = {
    origin: body.origin || undefined, protocols: body.protocols?.length ? body.protocols : undefined, only: body.only,
    h2c: body.h2c === true, tlsUpgrade: body.tlsUpgrade === true,
    timeout, maxBytes: LIMITS.maxBytes, maxRequestBytes: LIMITS.maxRequestBytes, concurrency: LIMITS.concurrency,
  };
  let cases;
  try {
    cases = auditCases(body.url, options);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return refuse(400, error.message);
    throw error;
  }
  if (cases.length > maxCases) return refuse(400, `at most ${maxCases} cases per request (this one has ${cases.length}): choose some with "only"`);
  const run = audit(body.url, options);
  if (!(request.headers.get("Accept") ?? "").includes("application/x-ndjson")) return Response.json(await run);
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  const line = (value) => writer.write(new TextEncoder().encode(`${JSON.stringify(value)}\n`));
  (async () => {
    try {
      for await (const event of run) await line(event);
      await line({ type: "report", report: await run });
    } catch (error) {
      await line({ type: "error", error: String(error?.message ?? error) });
    } finally {
      await writer.close();
    }
  })();
  return new Response(readable, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
}
