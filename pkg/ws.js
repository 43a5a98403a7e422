// `upgrade-handshake/ws`: the package decides a Node upgrade, ws speaks the WebSocket it accepted.
// ws never gets a say of its own: it sees the request as the package accepted it (one subprotocol,
// the accepted permessage-deflate answer as the only offer), so its 101 is the package's, byte for byte.
import { negotiate } from "upgrade-handshake";

const CRLF = "\r\n";

function typeName(v) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/**
 * The request head as Node received it: request line, then `rawHeaders` in order with repeats, as
 * latin1 bytes (Node decodes field bytes as latin1), so the package judges what came off the wire.
 */
function headOf(req) {
  const raw = req.rawHeaders;
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}${CRLF}`;
  for (let i = 0; i + 1 < raw.length; i += 2) head += `${raw[i]}: ${raw[i + 1]}${CRLF}`;
  return Uint8Array.from(Buffer.from(head + CRLF, "latin1"));
}

/** Negotiates a Node `http.IncomingMessage` (an `upgrade` or a `request` event's `req`). */
export function negotiateIncoming(req, policy) {
  if (typeof req !== "object" || req === null || !Array.isArray(req.rawHeaders) || typeof req.method !== "string") {
    throw new TypeError(`req must be a Node http.IncomingMessage, got ${typeName(req)}`);
  }
  return negotiate(headOf(req), policy);
}

/** Writes a response (the package's rejection) and closes the socket once it is flushed. */
function refuse(socket, response) {
  socket.on("error", () => socket.destroy());
  if (!socket.writable) return socket.destroy();
  socket.once("finish", () => socket.destroy());
  socket.end(response);
}

/** ws's permessage-deflate options that make it answer exactly `answer` when `answer` is the offer. */
function deflateOptions(answer, tuning) {
  const params = new Map();
  for (const part of answer.split(";").slice(1)) {
    const [name, value] = part.split("=").map((s) => s.trim());
    params.set(name, value === undefined ? true : Number(value));
  }
  const base = typeof tuning === "object" && tuning !== null ? tuning : {};
  return {
    ...base,
    serverNoContextTakeover: params.has("server_no_context_takeover"),
    clientNoContextTakeover: params.has("client_no_context_takeover"),
    serverMaxWindowBits: params.get("server_max_window_bits"),
    clientMaxWindowBits: params.get("client_max_window_bits"),
  };
}

function checkCallback(onConnection) {
  if (onConnection !== undefined && typeof onConnection !== "function") {
    throw new TypeError(`onConnection must be a function, got ${typeName(onConnection)}`);
  }
}

function checkServer(wss) {
  if (typeof wss !== "object" || wss === null || typeof wss.handleUpgrade !== "function" || typeof wss.options !== "object") {
    throw new TypeError(`wss must be a ws WebSocketServer, got ${typeName(wss)}`);
  }
  if (!wss.options.noServer) throw new TypeError("wss must be created with { noServer: true }: it would answer upgrades on its own");
  if (wss.options.verifyClient) throw new TypeError("wss.options.verifyClient must be unset: the policy decides");
}

/**
 * For `server.on("upgrade", (req, socket, head) => ...)`: negotiates `req` with `policy` and answers
 * with `answerUpgrade`. Returns the outcome.
 */
export function handleUpgrade(wss, req, socket, head, policy, onConnection) {
  checkServer(wss);
  checkCallback(onConnection);
  return answerUpgrade(wss, req, socket, head, negotiateIncoming(req, policy), onConnection);
}

/**
 * Answers an upgrade request with an outcome the package decided for it. A rejection is written as
 * the package's response and the socket closed; a switch goes to `wss.handleUpgrade`, whose 101 is
 * the package's, then `onConnection(ws, req, outcome)` (default: `wss.emit("connection", ws, req,
 * outcome)`). A "pass" (not an upgrade this policy performs), or a switch to another protocol than
 * WebSocket (h2c, TLS, when the policy lists them), leaves the socket to the caller.
 */
export function answerUpgrade(wss, req, socket, head, outcome, onConnection) {
  checkServer(wss);
  checkCallback(onConnection);
  if (typeof outcome !== "object" || outcome === null || typeof outcome.kind !== "string") {
    throw new TypeError(`outcome must be an Outcome of negotiate, got ${typeName(outcome)}`);
  }
  if (outcome.kind === "pass" || (outcome.kind === "switch" && outcome.protocol !== "websocket")) return outcome;
  if (outcome.kind !== "switch") {
    refuse(socket, outcome.response);
    return outcome;
  }
  // ws reads these fields only; the rest of `req` is inherited unchanged.
  const headers = { ...req.headers, upgrade: "websocket", "sec-websocket-version": "13" };
  delete headers["sec-websocket-protocol"];
  delete headers["sec-websocket-extensions"];
  if (outcome.subprotocol !== undefined) headers["sec-websocket-protocol"] = outcome.subprotocol;
  if (outcome.extensions !== undefined) headers["sec-websocket-extensions"] = outcome.extensions;
  const accepted = Object.create(req, { headers: { value: headers, enumerable: true } });

  const options = wss.options;
  const saved = { perMessageDeflate: options.perMessageDeflate, handleProtocols: options.handleProtocols };
  const expected = outcome.response.slice(0, -4).split(CRLF);
  let mismatch = null;
  const onHeaders = (lines, r) => {
    if (r !== accepted) return;
    // Checked before other "headers" listeners (which may append fields): ws's lines must be the package's.
    if (expected.some((line, i) => lines[i] !== line)) mismatch = lines.slice();
  };
  options.perMessageDeflate = outcome.extensions === undefined ? false : deflateOptions(outcome.extensions, saved.perMessageDeflate);
  options.handleProtocols = () => outcome.subprotocol ?? false;
  wss.prependListener("headers", onHeaders);
  try {
    // Synchronous up to the 101 without verifyClient: the options above are ws's for this request only.
    wss.handleUpgrade(accepted, socket, head, (ws) => {
      if (mismatch) {
        // Not expected to happen (tests/examples pin the 101 byte for byte): the connection is dropped.
        ws.terminate();
        const error = new Error(`ws wrote a 101 that differs from the package's:\n${mismatch.join("\n")}\n---\n${expected.join("\n")}`);
        if (wss.listenerCount?.("error")) wss.emit("error", error);
        else process.emitWarning(error);
        return;
      }
      if (onConnection) onConnection(ws, req, outcome);
      else wss.emit("connection", ws, req, outcome);
    });
  } finally {
    options.perMessageDeflate = saved.perMessageDeflate;
    options.handleProtocols = saved.handleProtocols;
    wss.removeListener("headers", onHeaders);
  }
  return outcome;
}

/** `server.on("upgrade", upgradeHandler(wss, policy))`: `handleUpgrade` with the server and policy bound. */
export function upgradeHandler(wss, policy, onConnection) {
  checkServer(wss);
  checkCallback(onConnection);
  return (req, socket, head) => handleUpgrade(wss, req, socket, head, policy, onConnection);
}
