// Type declarations for upgrade-handshake/crossws. Structural: crossws's types are not required.
import type { Policy } from "upgrade-handshake";

/** ws's permessage-deflate options under which it accepts the package's parameters. */
export interface WsDeflateOptions {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits?: number;
  clientMaxWindowBits?: number;
}

/** What the hook returns on a switch. */
export interface UpgradeAnswer {
  /** The 101's fields the runtime does not write itself (`Sec-WebSocket-Protocol`, `Sec-WebSocket-Extensions`). */
  headers: Headers;
  /** For crossws's Node adapter: ws compresses as the package accepted (false: no extension). */
  perMessageDeflate: false | WsDeflateOptions;
}

/**
 * crossws's `upgrade` hook: the package's rejection `Response`, or the switch's answer. The policy is
 * applied with `upgrades: ["websocket"]` and `requireUpgrade: true` (the hook serves a WebSocket-only route).
 * @throws {TypeError} when `policy` is not an object; a call throws for a wrong option type.
 */
export function upgrade(policy?: Policy): (request: Request) => Response | UpgradeAnswer;
