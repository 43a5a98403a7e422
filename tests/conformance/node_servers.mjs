// `ws` and `websocket-driver` echo servers for the conformance matrix, each on 127.0.0.1 and a
// free port, configured like the corpus' typical policy: subprotocols chat/superchat,
// permessage-deflate where the library has it. Prints {"ws": port, "driver": port} and runs
// until killed.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { WebSocketServer } from "ws";
import driver from "websocket-driver";

const require = createRequire(import.meta.url);

// ws: its own HTTP server answers plain requests with 426 and bad handshakes with 400.
const wss = new WebSocketServer({
  host: "127.0.0.1", port: 0, perMessageDeflate: true,
  handleProtocols: (set) => (set.has("chat") ? "chat" : set.has("superchat") ? "superchat" : false),
});
wss.on("connection", (s) => { s.on("error", () => {}); s.on("message", (m, binary) => s.send(m, { binary })); });
wss.on("error", () => {});
await new Promise((r) => wss.once("listening", r));

// websocket-driver, as its README wires it into a Node http server.
const http = createServer((req, res) => { res.writeHead(200, { "content-type": "text/plain" }); res.end("not a WebSocket request\n"); });
http.on("upgrade", (request, socket, body) => {
  socket.on("error", () => {});
  if (!driver.isWebSocket(request)) { socket.destroy(); return; }
  const d = driver.http(request, { protocols: ["chat", "superchat"] });
  d.on("error", () => {});
  d.io.write(body);
  socket.pipe(d.io).pipe(socket);
  d.messages.on("data", (m) => d.text(m));
  d.start();
});
// No clientError handler: Node's own (400, or 431 past --max-http-header-size) is what users get.
await new Promise((r) => http.listen(0, "127.0.0.1", r));

console.log(JSON.stringify({
  ws: wss.address().port, driver: http.address().port,
  versions: { ws: require("ws/package.json").version, driver: require("websocket-driver/package.json").version, node: process.version },
}));
process.on("SIGTERM", () => process.exit(0));
// A probe that hangs up mid-frame must not take the harness down: log and keep serving.
process.on("uncaughtException", (e) => { console.error("uncaught:", e?.stack ?? e); });
