// The peer of bench/edge.mjs: a plain `ws` server doing the negotiation the Worker's /echo does
// (subprotocols chat/superchat, the client's order winning; permessage-deflate accepted; any Origin
// the Worker would allow is not checked since the bench sends none), echoing messages.
// Listens on 127.0.0.1, a free port, printed as the first stdout line; exits on SIGTERM or stdin end.
import { WebSocketServer } from "ws";

const supported = new Set(["chat", "superchat"]);
const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  perMessageDeflate: true,
  handleProtocols: (protocols) => {
    for (const p of protocols) if (supported.has(p)) return p;
    return false;
  },
});
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on("error", () => {});
});
wss.on("listening", () => process.stdout.write(`${wss.address().port}\n`));
const stop = () => wss.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
