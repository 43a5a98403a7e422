// Type declarations for upgrade-handshake/ws. Structural: neither ws nor @types/node is required.
import type { Outcome, Policy } from "upgrade-handshake";

/** What is read of a Node `http.IncomingMessage`. */
export interface IncomingMessageLike {
  method?: string;
  url?: string;
  httpVersion: string;
  /** The fields as received, name and value alternating, repeats kept. */
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
}

/** What is used of a Node `net.Socket` / `stream.Duplex`. */
export interface SocketLike {
  readonly writable: boolean;
  end(data: string): unknown;
  destroy(): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  once(event: "finish", listener: () => void): unknown;
}

/** What is used of a ws `WebSocketServer` created with `{ noServer: true }` and no `verifyClient`. */
export interface WebSocketServerLike<WS = unknown> {
  options: { noServer?: boolean; verifyClient?: unknown; perMessageDeflate?: unknown; handleProtocols?: unknown };
  handleUpgrade(req: any, socket: any, head: any, callback: (ws: WS, req: any) => void): void;
  emit(event: string, ...args: any[]): boolean;
  prependListener(event: "headers", listener: (headers: string[], req: any) => void): unknown;
  removeListener(event: "headers", listener: (headers: string[], req: any) => void): unknown;
}

/**
 * Negotiates a Node request (an `upgrade` or `request` event's `req`): its request line and
 * `rawHeaders`, in order and with repeats, as latin1 bytes.
 * @throws {TypeError} when `req` is not an IncomingMessage or `policy` has a wrong type.
 */
export function negotiateIncoming(req: IncomingMessageLike, policy?: Policy): Outcome;

/**
 * For `server.on("upgrade", (req, socket, head) => ...)`. A rejection: the package's response is
 * written and the socket closed. A switch: `wss.handleUpgrade`, with `handleProtocols` returning the
 * chosen subprotocol and `perMessageDeflate` set to the accepted parameters (the server's own
 * `perMessageDeflate` object only tunes zlib: `threshold`, `zlibDeflateOptions`, `concurrencyLimit`...),
 * so the 101 on the wire is `outcome.response`; then `onConnection(ws, req, outcome)`, by default
 * `wss.emit("connection", ws, req, outcome)`. A "pass", or a switch to another protocol than
 * WebSocket (h2c, TLS, when the policy lists them), leaves the socket to the caller.
 * @throws {TypeError} when `wss` is not a `noServer` WebSocketServer without `verifyClient`, or an
 *   argument has a wrong type.
 */
export function handleUpgrade<WS = unknown>(
  wss: WebSocketServerLike<WS>,
  req: IncomingMessageLike,
  socket: SocketLike,
  head: Uint8Array,
  policy?: Policy,
  onConnection?: (ws: WS, req: IncomingMessageLike, outcome: Outcome) => void,
): Outcome;

/**
 * Answers an upgrade request with an outcome already decided for it (by `negotiateIncoming`, or by a
 * middleware such as upgrade-handshake/hono): a rejection is written and the socket closed, a switch
 * goes to `wss.handleUpgrade` with the package's 101, a "pass" or a switch to another protocol than
 * WebSocket leaves the socket to the caller.
 * @throws {TypeError} as `handleUpgrade`, or when `outcome` is not an Outcome.
 */
export function answerUpgrade<WS = unknown>(
  wss: WebSocketServerLike<WS>,
  req: IncomingMessageLike,
  socket: SocketLike,
  head: Uint8Array,
  outcome: Outcome,
  onConnection?: (ws: WS, req: IncomingMessageLike, outcome: Outcome) => void,
): Outcome;

/** `server.on("upgrade", upgradeHandler(wss, policy))`: `handleUpgrade` with `wss` and `policy` bound. */
export function upgradeHandler<WS = unknown>(
  wss: WebSocketServerLike<WS>,
  policy?: Policy,
  onConnection?: (ws: WS, req: IncomingMessageLike, outcome: Outcome) => void,
): (req: IncomingMessageLike, socket: SocketLike, head: Uint8Array) => Outcome;
