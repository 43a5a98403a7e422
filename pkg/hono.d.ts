// Type declarations for upgrade-handshake/hono. Structural: Hono's types are not required.
import type { Policy } from "upgrade-handshake";

/** The property of a Node request's `c.env` (it carries `incoming`) where the outcome is left. */
export declare const OUTCOME: unique symbol;

/** What the middleware uses of Hono's `Context`. */
export interface ContextLike {
  req: { raw: Request };
  res: Response;
  env: any;
}

/**
 * A Hono middleware in front of `upgradeWebSocket` (Workers: hono/cloudflare-workers; Node:
 * @hono/node-ws with upgrade-handshake/hono/node's `injectWebSocket`): a rejection is answered with
 * the package's `Response`, a request that is not an upgrade this policy performs goes on to the next
 * handler, and on a switch the handler behind sees `Upgrade: websocket` and its 101 gets the
 * package's `Sec-WebSocket-Protocol` and `Sec-WebSocket-Extensions`.
 * @throws {TypeError} when `policy` is not an object; the first request throws for a wrong option type.
 */
export function upgradeHandshake(policy?: Policy): (c: ContextLike, next: () => Promise<void>) => Promise<Response | void>;
