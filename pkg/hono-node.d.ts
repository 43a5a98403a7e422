// Type declarations for upgrade-handshake/hono/node. Structural: neither Hono, @hono/node-ws nor
// @types/node is required.
import type { WebSocketServerLike } from "upgrade-handshake/ws";

/** What is used of a Node `http.Server` (e.g. the one `serve()` of @hono/node-server returns). */
export interface NodeServerLike {
  on(event: "upgrade", listener: (req: any, socket: any, head: any) => void): unknown;
}

/** What is used of a Hono app. */
export interface AppLike {
  request(input: URL, init: RequestInit, env: Record<string | symbol, unknown>): Response | Promise<Response>;
}

export interface InjectOptions {
  /** The Hono app, its WebSocket routes behind `upgradeHandshake(policy)`. */
  app: AppLike;
  /** The `wss` of @hono/node-ws's `createNodeWebSocket({ app })`. */
  wss: WebSocketServerLike;
  /** The origin the request target is resolved against; default `http://localhost`. */
  baseUrl?: string;
}

/**
 * @hono/node-ws's `injectWebSocket`, with the package's answers on the wire: a rejection is the
 * package's response byte for byte, a switch `upgradeWebSocket` accepted gets the package's 101, and
 * anything else the app answered is written as it is.
 * @throws {TypeError} when `server`, `options.app` or `options.wss` has a wrong type.
 */
export function injectWebSocket(server: NodeServerLike, options: InjectOptions): void;
