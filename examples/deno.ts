// WebSocket echo at /chat in Deno: the package decides every handshake, Deno.upgradeWebSocket speaks
// the socket. PORT=8080 ORIGINS=https://app.example deno run --allow-net --allow-env --allow-read examples/deno.ts
import type { Policy } from "upgrade-handshake";
import { upgradeWebSocket } from "upgrade-handshake/deno";

const policy: Policy = {
  protocols: ["chat", "superchat"],
  origins: (Deno.env.get("ORIGINS") ?? "").split(",").map((o) => o.trim()).filter(Boolean),
  permessageDeflate: true, // Deno's server WebSocket has none: upgrade-handshake/deno applies the policy without it
  requireUpgrade: true, // /chat serves WebSockets only: a plain request gets 426
};

Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8080), hostname: "127.0.0.1" }, (request) => {
  if (new URL(request.url).pathname !== "/chat") return new Response("not found\n", { status: 404 });
  // The package's rejection (400/403/426 with a body naming the RFC clause), or Deno's 101.
  const { response, socket } = upgradeWebSocket(request, policy);
  if (socket) socket.onmessage = (event) => socket.send(event.data);
  return response ?? new Response("not found\n", { status: 404 });
});
