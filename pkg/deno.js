// `upgrade-handshake/deno`: negotiateFetch in front of Deno.upgradeWebSocket.
import { negotiateFetch } from "upgrade-handshake";

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

// Deno's server WebSocket has no permessage-deflate: the policy is applied with it off, so the
// package never decides an extension Deno would not speak.
const denoPolicy = (policy) => ({ ...policy, permessageDeflate: false });

/**
 * `negotiateFetch(request, policy)`, then, on a switch, `Deno.upgradeWebSocket` with the chosen
 * subprotocol. Returns `{ decision, response, socket? }`: return `response` (the 101, or the package's
 * rejection); `socket` is the WebSocket on a switch. A "pass" has `response: null`: serve the request.
 * Deno.upgradeWebSocket splits `Sec-WebSocket-Protocol` on ", " exactly, so `chat,superchat` (a valid
 * list) would make it throw for "chat": it is shown the request with only the chosen subprotocol.
 */
export function upgradeWebSocket(request, policy, options) {
  if (policy !== undefined && (typeof policy !== "object" || policy === null || Array.isArray(policy))) {
    throw new TypeError(`policy must be an object, got ${typeName(policy)}`);
  }
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  const decision = negotiateFetch(request, denoPolicy(policy));
  if (decision.kind === "reject") return { decision, response: decision.response };
  if (decision.kind === "pass") return { decision, response: null };
  const { subprotocol } = decision.outcome;
  const headers = new Headers(request.headers);
  if (subprotocol === undefined) headers.delete("Sec-WebSocket-Protocol");
  else headers.set("Sec-WebSocket-Protocol", subprotocol);
  // Deno reads the connection from the request's internal slot, reached through the prototype.
  const seen = Object.create(request, { headers: { value: headers } });
  const { socket, response } = globalThis.Deno.upgradeWebSocket(seen, { ...options, protocol: subprotocol });
  return { decision, response, socket };
}
