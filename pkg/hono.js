// `upgrade-handshake/hono`: a Hono middleware that decides the handshake in front of any
// `upgradeWebSocket` (hono/cloudflare-workers, hono/deno, hono/bun, @hono/node-ws). Structural: it
// imports nothing from Hono.
import { negotiateFetch } from "upgrade-handshake";

/**
 * Where the middleware leaves the outcome on a per-request `c.env` that carries Node's `incoming`
 * request (@hono/node-server, @hono/node-ws), for `upgrade-handshake/hono/node`.
 */
export const OUTCOME = Symbol.for("upgrade-handshake.outcome");

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * A rejection is answered with the package's `Response`; a request that is not an upgrade this policy
 * performs goes on to the next handler. On a switch, the handler behind sees `Upgrade: websocket` and
 * only the chosen subprotocol and the accepted extension offer (as the package accepted them), and
 * the 101 it returns gets the package's `Sec-WebSocket-Protocol` and `Sec-WebSocket-Extensions`.
 */
export function upgradeHandshake(policy) {
  if (policy !== undefined && (typeof policy !== "object" || policy === null || Array.isArray(policy))) {
    throw new TypeError(`policy must be an object, got ${typeName(policy)}`);
  }
  return async function upgradeHandshakeMiddleware(c, next) {
    const decision = negotiateFetch(c.req.raw, policy);
    if (c.env?.incoming && Object.isExtensible(c.env)) c.env[OUTCOME] = decision.outcome;
    if (decision.kind === "reject") return decision.response;
    if (decision.kind === "pass") return next();
    const { outcome } = decision;
    const headers = new Headers(c.req.raw.headers);
    headers.set("Upgrade", "websocket");
    headers.delete("Sec-WebSocket-Protocol");
    headers.delete("Sec-WebSocket-Extensions");
    if (outcome.subprotocol !== undefined) headers.set("Sec-WebSocket-Protocol", outcome.subprotocol);
    if (outcome.extensions !== undefined) headers.set("Sec-WebSocket-Extensions", outcome.extensions);
    c.req.raw = new Request(c.req.raw, { headers });
    await next();
    if (c.res.status === 101) for (const [name, value] of decision.headers) c.res.headers.set(name, value);
  };
}
