// WebSocket echo at /chat with Hono on Cloudflare Workers: the package decides every handshake in
// front of Hono's upgradeWebSocket. Vars: ORIGINS (comma-separated allowed origins).
// npx wrangler dev --config examples/hono-worker.wrangler.toml --port "$PORT" --var "ORIGINS:$ORIGINS"
import { Hono } from "hono";
import { upgradeWebSocket } from "hono/cloudflare-workers";
import { upgradeHandshake } from "upgrade-handshake/hono";

const app = new Hono();
const policies = new Map(); // one policy object per ORIGINS value: the package converts it once

app.use("/chat", (c, next) => {
  const origins = c.env.ORIGINS ?? "";
  if (!policies.has(origins)) {
    policies.set(origins, upgradeHandshake({
      protocols: ["chat", "superchat"],
      origins: origins.split(",").map((o) => o.trim()).filter(Boolean),
      permessageDeflate: true,
      requireUpgrade: true, // /chat serves WebSockets only: a plain request gets 426
      edge: true, // Cloudflare rewrites Connection before the Worker sees it
    }));
  }
  return policies.get(origins)(c, next);
});

app.get("/chat", upgradeWebSocket(() => ({
  async onMessage(event, ws) {
    // workerd delivers binary messages as Blob, which send() would turn into text: echo the bytes.
    ws.send(event.data instanceof Blob ? await event.data.arrayBuffer() : event.data);
  },
})));

export default app;
