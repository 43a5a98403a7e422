// The upgrade-handshake Worker: WebSocket echo negotiated at the edge, a handshake report for the
// inspector, and a checking API. It only routes and glues: every handshake decision (accept,
// subprotocol, extensions, Origin, each rejection's status and text) comes from the package.
import { acceptKey, init, negotiate, negotiateFetch, verifyResponse } from "upgrade-handshake";
import { auditRoute } from "./audit.js";

const MAX_CHECK_BODY = 64 * 1024;

/** A comma-separated var or query value as a list, blanks dropped. */
function list(value) {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * The policy of /echo and /inspect. Edge mode: Cloudflare's edge rewrites the client's Connection
 * field before the Worker sees it, so its `upgrade` token cannot be required here.
 */
function edgePolicy(request, env) {
  return {
    upgrades: ["websocket"], // a Worker can only switch to a WebSocket (a 101 needs a webSocket)
    protocols: list(env.PROTOCOLS ?? "chat, superchat"),
    origins: [new URL(request.url).origin, ...list(env.ALLOWED_ORIGINS)],
    // The authorities this Worker answers for (RFC 6455 §4.2.1 item 2); empty: any. A request naming
    // another gets 421, the defence against DNS rebinding that the Origin check misses.
    hosts: list(env.ALLOWED_HOSTS),
    permessageDeflate: true,
    edge: true,
    // /echo and /inspect speak WebSocket only: a plain request gets the package's 426 (RFC 9110
    // §15.5.22) rather than "pass". (workerd drops the Upgrade field from a Worker's 426.)
    requireUpgrade: true,
  };
}

function text(status, body, headers = {}) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

const HOP_EXPLANATION =
  "The request as this Worker received it from the runtime, after any proxy in front of it " +
  "(Cloudflare's edge rewrites Connection; wrangler dev's local proxy re-originates a WebSocket upgrade " +
  "with a Sec-WebSocket-Key of its own and drops the hop-by-hop fields of other requests) and after workerd " +
  "parsed it (field names lowercased and sorted, repeated fields combined). The Sec-WebSocket-Accept the " +
  "client gets is computed by whichever hop terminates the client's connection, for the key that hop received.";

/** GET /api/request: the request as the Worker saw it (what the hops in front did to it). */
function describeRequest(request) {
  return Response.json({
    hop: { describes: "worker", explanation: HOP_EXPLANATION, runtime: globalThis.navigator?.userAgent ?? null },
    method: request.method,
    url: request.url,
    headers: [...request.headers],
  });
}

/** What /inspect sends first: the handshake as this Worker received and answered it. */
function report(request, url, outcome, headers) {
  const receivedKey = request.headers.get("Sec-WebSocket-Key");
  const sentKey = url.searchParams.get("key");
  return {
    hop: {
      describes: "worker",
      explanation: HOP_EXPLANATION,
      runtime: globalThis.navigator?.userAgent ?? null,
      receivedKey,
      sentKey,
      keyRewritten: sentKey === null || receivedKey === null ? null : sentKey !== receivedKey,
      acceptForReceivedKey: receivedKey === null ? null : acceptKey(receivedKey),
    },
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    outcome,
    response: {
      status: 101,
      headers: [...headers],
      runtimeWrites: ["Upgrade", "Connection", "Sec-WebSocket-Accept"],
      note: "headers are what the Worker set; workerd adds runtimeWrites itself. outcome.response is the whole 101 the package would send.",
    },
  };
}

function websocketRoute(request, env, url, { inspect }) {
  const decision = negotiateFetch(request, edgePolicy(request, env));
  // The package's rejection as it decided it: status, fields and a text naming the RFC clause.
  // (requireUpgrade in the policy means a request is never "pass" here.)
  if (decision.kind === "reject") return decision.response;
  // The 101's fields workerd does not write itself: the chosen subprotocol and the
  // permessage-deflate answer (workerd compresses with the parameters the Worker answers).
  const { outcome, headers } = decision;
  const [client, server] = Object.values(new WebSocketPair());
  // Since compatibility date 2026-03-17 (websocket_standard_binary_type) binary messages arrive as
  // Blob by default, and send(Blob) would send the text "[object Blob]": ask for ArrayBuffers.
  server.binaryType = "arraybuffer";
  server.accept();
  if (inspect) server.send(JSON.stringify(report(request, url, outcome, headers)));
  server.addEventListener("message", (event) => server.send(event.data));
  server.addEventListener("close", (event) => server.close(event.code === 1005 ? 1000 : event.code, event.reason));
  return new Response(null, { status: 101, webSocket: client, headers });
}

const flag = (value) => (value === null ? undefined : value === "" || value === "1" || value === "true");
const number = (value) => (value === null ? undefined : Number(value));

/** Policy options from the query: upgrades, protocols, origins (lists), deflate, edge, tls, maxHeadBytes, maxHeaders, trail. */
function queryPolicy(params) {
  const policy = {
    upgrades: params.has("upgrades") ? list(params.get("upgrades")) : undefined,
    protocols: params.has("protocols") ? list(params.get("protocols")) : undefined,
    origins: params.has("origins") ? list(params.get("origins")) : undefined,
    permessageDeflate: flag(params.get("deflate")),
    edge: flag(params.get("edge")),
    requireTls: flag(params.get("tls")),
    maxHeadBytes: number(params.get("maxHeadBytes")),
    maxHeaders: number(params.get("maxHeaders")),
    trail: flag(params.get("trail")),
  };
  return Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
}

/** POST /api/check: a raw request head -> the Outcome; with ?key= a raw response -> the Verification. */
async function check(request, url) {
  if (request.method !== "POST") return text(405, "POST a raw HTTP/1.1 head to /api/check.\n", { Allow: "POST" });
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.length > MAX_CHECK_BODY) return text(413, `At most ${MAX_CHECK_BODY} bytes, please.\n`);
  const params = url.searchParams;
  try {
    if (params.has("key")) {
      const offer = { key: params.get("key") };
      if (params.has("protocols")) offer.protocols = list(params.get("protocols"));
      if (params.has("extensions")) offer.extensions = params.get("extensions");
      return Response.json(verifyResponse(body, offer));
    }
    return Response.json(negotiate(body, queryPolicy(params)));
  } catch (error) {
    // Only a bad query value reaches here (e.g. a window size out of range): say which.
    if (error instanceof TypeError || error instanceof RangeError) return text(400, `${error.message}\n`);
    throw error;
  }
}

export default {
  async fetch(request, env) {
    // A no-op once the package is loaded; importing it keeps bundlers from dropping the package
    // entry's WebAssembly initialisation as an unused side effect.
    await init();
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/echo":
        return websocketRoute(request, env, url, { inspect: false });
      case "/inspect":
        return websocketRoute(request, env, url, { inspect: true });
      case "/api/check":
        return check(request, url);
      case "/api/audit":
        return auditRoute(request, env);
      case "/api/request":
        return describeRequest(request);
      case "/api/accept": {
        const key = url.searchParams.get("key") ?? "";
        return Response.json({ key, accept: acceptKey(key) });
      }
      default:
        return env.ASSETS.fetch(request);
    }
  },
};
