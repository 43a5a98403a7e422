// `upgrade-handshake/hono`: a Hono middleware that decides the handshake in front of Hono's
// `upgradeWebSocket` on Workers (hono/cloudflare-workers) and Node (@hono/node-ws, with
// upgrade-handshake/hono/node). Structural: it imports nothing from Hono.
import { negotiateFetch } from "upgrade-handshake";

/**
 * Where the middleware leaves the outcome on a per-request `c.env` that carries Node's `incoming`
 * request (@hono/node-server, @hono/node-ws), for `upgrade-handshake/hono/node`.
 */
export const OUTCOME = Symbol.for("upgrade-handshake.outcome");

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * A rejection is answered with the package's `Response`; a request that is not an upgrade this policy
 * performs goes on to the next handler. On a switch, the handler behind sees `Upgrade: websocket`, and
 * the 101 it returns gets the package's `Sec-WebSocket-Protocol` and `Sec-WebSocket-Extensions`
 * (workerd sends them as set). On Node, @hono/node-ws's 101 is written by ws: use
 * `upgrade-handshake/hono/node`'s `injectWebSocket`, which reads the outcome left on `c.env`.
 */
export function upgradeHandshake(policy) {
  if (policy !== undefined && (typeof policy !== "object" || policy === null || Array.isArray(policy))) {
    throw new TypeError(`policy must be an object, got ${typeName(policy)}`);
  }
  return async function upgradeHandshakeMiddleware(c, next) {
    const decision = negotiateFetch(c.req.raw, policy);
    if (c.env?.incoming && Object.isExtensible(c.env)) c.env[OUTCOME] = decision.outcome;
    if (decision.kind === "reject") return decision.response;
    // Hono's helpers switch to WebSocket only: any other switch (h2c, TLS in the policy) is the app's.
    if (decision.kind === "pass" || decision.protocol !== "websocket") return next();
    // Hono's Workers helper requires `Upgrade` to be exactly "websocket"; the package also accepts a
    // list or another case, so the helper is shown the request as the package accepted it.
    if (c.req.raw.headers.get("Upgrade") !== "websocket") {
      const headers = new Headers(c.req.raw.headers);
      headers.set("Upgrade", "websocket");
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
    if (c.res.status === 101) {
      for (const [name, value] of decision.headers) if (c.res.headers.get(name) !== value) c.res.headers.set(name, value);
    }
  };
}
