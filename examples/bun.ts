// WebSocket echo at /chat in Bun: the package decides every handshake, server.upgrade speaks the
// socket. PORT=8080 ORIGINS=https://app.example bun examples/bun.ts
import { negotiateFetch, type Policy } from "upgrade-handshake";

const policy: Policy = {
  protocols: ["chat", "superchat"],
  origins: (process.env.ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
  // What Bun's perMessageDeflate: true (uWebSockets' shared compressor) negotiates on its own: Bun
  // answers Sec-WebSocket-Extensions itself, so the package must decide the same parameters.
  permessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true },
  requireUpgrade: true, // /chat serves WebSockets only: a plain request gets 426
};

Bun.serve({
  port: Number(process.env.PORT ?? 8080),
  hostname: "127.0.0.1",
  fetch(request, server) {
    if (new URL(request.url).pathname !== "/chat") return new Response("not found\n", { status: 404 });
    const decision = negotiateFetch(request, policy);
    if (decision.kind === "reject") return decision.response; // 400/403/426 with a body naming the RFC clause
    if (decision.kind === "pass") return new Response("not found\n", { status: 404 });
    // decision.headers: Sec-WebSocket-Protocol and Sec-WebSocket-Extensions as the package chose them.
    if (server.upgrade(request, { headers: decision.headers })) return undefined;
    return new Response("upgrade failed\n", { status: 500 });
  },
  websocket: {
    perMessageDeflate: true,
    message(ws, message) {
      ws.send(message);
    },
  },
});
