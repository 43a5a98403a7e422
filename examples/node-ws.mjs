// WebSocket echo at /chat with ws in Node: the package decides every handshake, ws speaks the socket.
// PORT=8080 ORIGINS=https://app.example node examples/node-ws.mjs
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { handleUpgrade, negotiateIncoming } from "upgrade-handshake/ws";

const policy = {
  protocols: ["chat", "superchat"],
  origins: (process.env.ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
  permessageDeflate: true,
  requireUpgrade: true, // /chat serves WebSockets only: a plain request gets 426
};

const wss = new WebSocketServer({ noServer: true });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});

const server = createServer((req, res) => {
  if (req.url.split("?")[0] !== "/chat") return res.writeHead(404).end("not found\n");
  // Not an upgrade: the policy's answer (426 with Upgrade: websocket).
  const outcome = negotiateIncoming(req, policy);
  res.writeHead(outcome.status ?? 400, outcome.headers).end(outcome.body);
});
server.on("upgrade", (req, socket, head) => {
  socket.on("error", () => socket.destroy()); // a client reset must not crash the server
  if (req.url.split("?")[0] !== "/chat") return socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  const outcome = handleUpgrade(wss, req, socket, head, policy); // writes the rejection or the 101
  if (outcome.kind === "pass") socket.destroy(); // an Upgrade this policy does not perform: requireUpgrade answers 426 first
});
server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
