// WebSocket echo at /chat with crossws on Node: the package decides every handshake in crossws's
// upgrade hook. PORT=8080 ORIGINS=https://app.example node examples/crossws.mjs
import { createServer } from "node:http";
import { defineHooks } from "crossws";
import crossws from "crossws/adapters/node";
import { upgrade } from "upgrade-handshake/crossws";

const policy = {
  protocols: ["chat", "superchat"],
  origins: (process.env.ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
  permessageDeflate: true,
};

const decide = upgrade(policy); // the package's rejection Response, or the switch's headers
const ws = crossws({
  hooks: defineHooks({
    upgrade: decide,
    message: (peer, message) => peer.send(message.rawData), // text as a string, binary as bytes
  }),
});

const server = createServer(async (req, res) => {
  if (req.url.split("?")[0] !== "/chat") return res.writeHead(404).end("not found\n");
  // Not an upgrade: the package's 426 for a WebSocket-only route.
  // The URL's authority is a placeholder: the package reads the request's own Host field.
  const answer = decide(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers }));
  res.writeHead(answer.status, [...answer.headers]).end(await answer.text());
});
server.on("upgrade", (req, socket, head) => {
  socket.on("error", () => socket.destroy()); // a client reset must not crash the server
  if (req.url.split("?")[0] !== "/chat") return socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  ws.handleUpgrade(req, socket, head);
});
server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
