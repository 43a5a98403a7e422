// What Chromium's console prints when it fails a WebSocket handshake, keyed by the package's
// verification error, so a reader can match what they saw in developer tools. The wording was
// measured with Chromium 156 against a raw TCP server sending each bad response
// (tests/e2e/inspector.test.js holds the page's messages against a live Chromium).

const PREFIX = "WebSocket connection to 'ws://…' failed: Error during WebSocket handshake: ";
const get = (fields, name) => {
  const all = fields.filter(([n]) => n.toLowerCase() === name.toLowerCase());
  return all.length ? all.map(([, v]) => v).join(", ") : undefined;
};

/**
 * @param {{ ok: boolean, error?: { code: string }, protocol?: string, incomplete?: boolean }} v the package's verification
 * @param {{ start: string, fields: [string, string][], offer: { protocols?: string[] } }} ctx the response as pasted
 * @returns {{ level: "error" | "warn", text: string, note: string }[]}
 */
export function chromiumMessages(v, { start, fields, offer }) {
  const out = [];
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(start)?.[1];
  const msg = (text, note) => out.push({ level: "error", text: PREFIX + text, note });
  if (v.error) {
    switch (v.error.code) {
      case "bad-status":
      case "version-not-supported":
        msg(`Unexpected response code: ${status ?? "…"}`, "Any status but 101 fails the handshake; the body is never shown to the page.");
        break;
      case "response-upgrade": {
        const up = get(fields, "Upgrade");
        msg(up === undefined ? "'Upgrade' header is missing" : `'Upgrade' header value is not 'WebSocket': ${up}`,
          "Often a proxy or load balancer that does not forward the upgrade.");
        break;
      }
      case "response-connection": {
        const c = get(fields, "Connection");
        msg(c === undefined ? "'Connection' header is missing" : "'Connection' header value must contain 'Upgrade'",
          "A hop between client and server rewrote Connection.");
        break;
      }
      case "response-accept":
        msg(get(fields, "Sec-WebSocket-Accept") === undefined ? "'Sec-WebSocket-Accept' header is missing" : "Incorrect 'Sec-WebSocket-Accept' header value",
          "The accept value was computed for another key: a proxy that re-originated the upgrade with a key of its own, or a server bug.");
        break;
      case "response-protocol": {
        const p = get(fields, "Sec-WebSocket-Protocol") ?? "";
        msg(offer.protocols?.length
          ? `'Sec-WebSocket-Protocol' header value '${p}' in response does not match any of sent values`
          : `Response must not include 'Sec-WebSocket-Protocol' header if not present in request: ${p}`,
        "The server picked a subprotocol the page did not pass to new WebSocket(url, protocols).");
        break;
      }
      case "response-extensions": {
        const e = (get(fields, "Sec-WebSocket-Extensions") ?? "").split(/[;,]/)[0].trim();
        msg(`Found an unsupported extension '${e}' in 'Sec-WebSocket-Extensions' header`,
          "Chromium offers only permessage-deflate and fails on any other extension.");
        break;
      }
      case "response-head":
      case "bad-response":
        out.push({ level: "error", text: `${PREFIX}net::ERR_INVALID_HTTP_RESPONSE`, note: "The bytes are not an HTTP/1.1 response head." });
        break;
      default:
        msg("…", `The package's error code is ${v.error.code}; Chromium fails the handshake too.`);
    }
  } else if (v.ok && offer.protocols?.length && !v.protocol) {
    // RFC 6455 §4.1 lets the server choose none, but the Fetch standard's WebSocket fails it.
    msg("Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received",
      "RFC 6455 allows a server to pick no subprotocol, but browsers follow the WHATWG WebSockets standard and fail the connection when they offered some.");
    out[out.length - 1].level = "warn";
  }
  return out;
}
