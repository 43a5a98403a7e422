// `upgrade-handshake/crossws`: crossws's `upgrade` hook, decided by the package. Structural: it
// imports nothing from crossws.
import { negotiateFetch } from "upgrade-handshake";

// Node itself (not Bun or Deno, which also define `process.versions.node`).
const onNode = typeof globalThis.process?.versions?.node === "string" && !("Bun" in globalThis) && !("Deno" in globalThis);

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * ws's permessage-deflate options (crossws's per-request `perMessageDeflate`, used by its Node
 * adapter) under which ws accepts the parameters of `answer`. ws still picks among the client's own
 * offers: for a `client_max_window_bits=N` offer it echoes N where the package may leave it out (both
 * valid: the client keeps to N either way), and of several offers it takes the first it can accept.
 */
function deflateOptions(answer) {
  const params = new Map();
  for (const part of answer.split(";").slice(1)) {
    const [name, value] = part.split("=").map((s) => s.trim());
    params.set(name, value === undefined ? true : Number(value));
  }
  return {
    serverNoContextTakeover: params.has("server_no_context_takeover"),
    clientNoContextTakeover: params.has("client_no_context_takeover"),
    serverMaxWindowBits: params.get("server_max_window_bits"),
    clientMaxWindowBits: params.get("client_max_window_bits"),
  };
}

/**
 * The `upgrade` hook: `defineHooks({ upgrade: upgrade(policy), message... })`. A rejection is the
 * package's `Response`; a switch returns the 101's fields the runtime does not write itself
 * (`Sec-WebSocket-Protocol`, `Sec-WebSocket-Extensions`), plus `perMessageDeflate` for crossws's Node
 * adapter so that ws compresses as the package accepted. The hook serves a WebSocket-only route, so
 * the policy is applied with `upgrades: ["websocket"]` and `requireUpgrade: true`: a request that
 * offers no WebSocket gets the package's 426 rather than being upgraded anyway.
 */
export function upgrade(policy) {
  if (policy !== undefined && (typeof policy !== "object" || policy === null || Array.isArray(policy))) {
    throw new TypeError(`policy must be an object, got ${typeName(policy)}`);
  }
  const options = { ...policy, upgrades: ["websocket"], requireUpgrade: true };
  return function upgradeHandshakeHook(request) {
    const decision = negotiateFetch(request, options);
    const { outcome } = decision;
    // With requireUpgrade every request is a switch or a rejection; crossws answers a throw with 500.
    if (decision.kind === "pass") throw new Error("upgrade-handshake: a WebSocket-only policy passed a request");
    if (decision.kind !== "switch") {
      // crossws's Node adapter writes `statusText` as the reason phrase: give it the package's.
      const reason = /^HTTP\/1\.1 \d{3} ([^\r]*)/.exec(outcome.response)?.[1] ?? "";
      const { response } = decision;
      return new Response(response.body, { status: response.status, statusText: reason, headers: response.headers });
    }
    const headers = new Headers(decision.headers);
    // Under crossws's Node adapter ws writes Sec-WebSocket-Extensions itself, from `perMessageDeflate`.
    if (onNode) headers.delete("Sec-WebSocket-Extensions");
    const { extensions } = outcome;
    return { headers, perMessageDeflate: extensions === undefined ? false : deflateOptions(extensions) };
  };
}
