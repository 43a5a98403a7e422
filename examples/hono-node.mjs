// The Hono example on Node: the same routes as hono-worker.js, with @hono/node-server and
// @hono/node-ws. PORT=8080 ORIGINS=https://app.example node examples/hono-node.mjs
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { createNodeWebSocket } from "@hono/node-ws";
import { upgradeHandshake } from "upgrade-handshake/hono";
import { injectWebSocket } from "upgrade-handshake/hono/node";

const app = new Hono();
const { upgradeWebSocket, wss } = createNodeWebSocket({ app });

app.use("/chat", upgradeHandshake({
  protocols: ["chat", "superchat"],
  origins: (process.env.ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
  permessageDeflate: true,
  requireUpgrade: true, // /chat serves WebSockets only: a plain request gets 426
}));

app.get("/chat", upgradeWebSocket(() => ({
  onMessage(event, ws) {
    ws.send(event.data);
  },
})));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080), hostname: "127.0.0.1" }, (info) => console.log(`listening on ${info.port}`));
// In place of @hono/node-ws's injectWebSocket: the package's rejections and 101s go on the wire as decided.
injectWebSocket(server, { app, wss });
