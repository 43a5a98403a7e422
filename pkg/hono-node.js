// `upgrade-handshake/hono/node`: @hono/node-ws's `injectWebSocket`, with the package's answers on the
// wire. @hono/node-ws 1.3 writes a rejection as a bare status line (the body and fields such as
// `Sec-WebSocket-Version: 13` are lost) and lets ws choose the subprotocol (the client's first) and
// permessage-deflate (off) on its own; here a rejection is the package's response byte for byte and
// a switch goes through `upgrade-handshake/ws`, so the 101 is the one `upgradeHandshake` decided.
import { STATUS_CODES } from "node:http";
import { answerUpgrade } from "upgrade-handshake/ws";
import { OUTCOME } from "upgrade-handshake/hono";

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** A Fetch `Response` as HTTP/1.1 bytes, then the socket is closed. */
async function writeResponse(response) {
  const body = new Uint8Array(await response.arrayBuffer());
  let head = `HTTP/1.1 ${response.status} ${response.statusText || STATUS_CODES[response.status] || ""}\r\n`;
  response.headers.forEach((value, name) => {
    if (!["connection", "content-length", "transfer-encoding"].includes(name)) head += `${name}: ${value}\r\n`;
  });
  head += `Connection: close\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

function close(socket, bytes) {
  if (!socket.writable) return socket.destroy();
  socket.once("finish", () => socket.destroy());
  socket.end(bytes);
}

/**
 * `injectWebSocket(server, { app, wss })` with `wss` from @hono/node-ws's `createNodeWebSocket({ app })`
 * and the app's WebSocket routes behind `upgradeHandshake(policy)`: every upgrade request runs through
 * the app; what `upgradeHandshake` rejected is written as the package's response, what it switched and
 * `upgradeWebSocket` accepted is handed to `wss` with the package's 101, anything else the app
 * answered is written as it is.
 */
export function injectWebSocket(server, { app, wss, baseUrl = "http://localhost" } = {}) {
  if (typeof server !== "object" || server === null || typeof server.on !== "function") {
    throw new TypeError(`server must be a Node http.Server, got ${typeName(server)}`);
  }
  if (typeof app !== "object" || app === null || typeof app.request !== "function") {
    throw new TypeError(`options.app must be a Hono app, got ${typeName(app)}`);
  }
  if (typeof wss !== "object" || wss === null || typeof wss.handleUpgrade !== "function") {
    throw new TypeError(`options.wss must be @hono/node-ws's WebSocketServer, got ${typeName(wss)}`);
  }
  server.on("upgrade", async (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    const env = { incoming: req, outgoing: undefined };
    let response;
    try {
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      response = await app.request(new URL(req.url ?? "/", baseUrl), { method: req.method, headers }, env);
    } catch {
      // Fields a Fetch Headers cannot hold, or a throwing app: the request is not served.
      return close(socket, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
    const outcome = env[OUTCOME];
    if (outcome?.kind === "reject") return close(socket, outcome.response);
    // @hono/node-ws's upgradeWebSocket answers an accepted upgrade with an empty 200 and waits for
    // the connection event of this very `req`.
    if (outcome?.kind === "switch" && response.status === 200 && response.body === null) {
      return answerUpgrade(wss, req, socket, head, outcome, (ws) => wss.emit("connection", ws, req));
    }
    close(socket, await writeResponse(response));
  });
}
