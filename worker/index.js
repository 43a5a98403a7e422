// The Worker only routes and glues: every handshake decision comes from the package.
import { acceptKey } from "upgrade-handshake";

function echo(request) {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return new Response("426 Upgrade Required: /echo speaks WebSocket only (RFC 6455 §4.2.1).\n", {
      status: 426,
      headers: { Upgrade: "websocket", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("message", (event) => server.send(event.data));
  server.addEventListener("close", (event) => server.close(event.code === 1005 ? 1000 : event.code, event.reason));
  return new Response(null, { status: 101, webSocket: client });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/echo":
        return echo(request);
      case "/api/accept": {
        const key = url.searchParams.get("key") ?? "";
        return Response.json({ key, accept: acceptKey(key) });
      }
      default:
        return env.ASSETS.fetch(request);
    }
  },
};
