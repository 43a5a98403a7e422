// Type declarations for upgrade-handshake/deno (Deno only; structural, no Deno types required).
import type { FetchDecision, Policy } from "upgrade-handshake";

/** Deno.upgradeWebSocket's options besides `protocol`, which the package chooses. */
export interface UpgradeOptions {
  idleTimeout?: number;
}

/** What to answer: `response` (the 101 or the package's rejection, null for a pass) and the socket on a switch. */
export type DenoUpgrade =
  | { decision: Extract<FetchDecision, { kind: "switch" }>; response: Response; socket: WebSocket }
  | { decision: Extract<FetchDecision, { kind: "reject" }>; response: Response; socket?: undefined }
  | { decision: Extract<FetchDecision, { kind: "pass" }>; response: null; socket?: undefined };

/**
 * `negotiateFetch(request, policy)` with permessage-deflate off (Deno's server WebSocket has none),
 * then on a switch `Deno.upgradeWebSocket(request, { protocol })` with the chosen subprotocol.
 * @throws {TypeError} when an argument has a wrong type.
 */
export function upgradeWebSocket(request: Request, policy?: Policy, options?: UpgradeOptions): DenoUpgrade;
