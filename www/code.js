// "Copy as code": the analysed request as a curl or websocat command, and the package's response as
// code for Node, Deno and a Cloudflare Worker. The response itself is always the package's.

const sh = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const js = (s) => JSON.stringify(s);

/** The URL a request line and Host field point at (display only). */
function target(start, fields, scheme) {
  const [method = "GET", path = "/"] = start.split(" ");
  const host = fields.find(([n]) => n.toLowerCase() === "host")?.[1] ?? "localhost";
  if (/^[a-z]+:\/\//i.test(path)) return { method, url: path.replace(/^https?:/i, scheme === "ws" ? "ws:" : "http:"), star: false };
  if (path === "*") return { method, url: `${scheme}://${host}/`, star: true };
  return { method, url: `${scheme}://${host}${path.startsWith("/") ? path : `/${path}`}`, star: false };
}

function curl({ start, fields }) {
  const { method, url, star } = target(start, fields, "http");
  const parts = ["curl --http1.1 --include --no-buffer"];
  if (method !== "GET") parts.push(`--request ${sh(method)}`);
  if (star) parts.push("--request-target '*'");
  for (const [n, v] of fields) if (n.toLowerCase() !== "host") parts.push(`--header ${sh(`${n}: ${v}`)}`);
  parts.push(sh(url));
  return `# curl adds its own User-Agent and Accept fields; after a 101 it just prints the raw bytes.\n${parts.join(" \\\n  ")}\n`;
}

function websocat({ start, fields }) {
  const upgrade = fields.find(([n]) => n.toLowerCase() === "upgrade")?.[1] ?? "";
  if (!/websocket/i.test(upgrade) && !fields.some(([n]) => /^sec-websocket-/i.test(n))) {
    return "# websocat speaks WebSocket only, and this request is not a WebSocket handshake: use the curl command.\n";
  }
  const { url } = target(start, fields, "ws");
  const own = new Set(["host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions"]);
  const parts = ["websocat"];
  const protocols = fields.find(([n]) => n.toLowerCase() === "sec-websocket-protocol")?.[1];
  if (protocols) parts.push(`--protocol ${sh(protocols)}`);
  for (const [n, v] of fields) if (!own.has(n.toLowerCase())) parts.push(`-H ${sh(`${n}: ${v}`)}`);
  parts.push(sh(url));
  return `# websocat writes Upgrade, Connection, its own Sec-WebSocket-Key and the version itself.\n${parts.join(" \\\n  ")}\n`;
}

const noResponse = (outcome) => outcome.kind === "pass"
  ? "// Not an upgrade this server performs: serve the request normally (200, a redirect, 404...).\n" +
    (outcome.headers.length ? `// Add these fields to that response: ${js(outcome.headers)}\n` : "")
  : "// The head is incomplete: keep reading.\n";

function node({ outcome }) {
  if (!outcome.response) return noResponse(outcome);
  const after = outcome.kind === "switch"
    ? `  // From here on the socket speaks ${outcome.protocol}.`
    : "  socket.end();";
  return `// Node: answer on the raw socket of an http.Server's "upgrade" event (or a node:net server).
// The bytes are exactly the package's response.
import { createServer } from "node:http";

const server = createServer((req, res) => res.end());
server.on("upgrade", (req, socket, head) => {
  socket.write(${js(outcome.response)});
${after}
});
server.listen(8080);

// The same decision for every request, with the package:
// import { negotiate } from "upgrade-handshake";
// const outcome = negotiate(rawHeadBytes, policy); socket.write(outcome.response);
`;
}

function deno({ outcome }) {
  if (!outcome.response) return noResponse(outcome);
  if (outcome.kind === "switch" && outcome.protocol === "websocket") {
    const opts = outcome.subprotocol ? `, { protocol: ${js(outcome.subprotocol)} }` : "";
    return `// Deno: Deno.upgradeWebSocket writes Upgrade, Connection and Sec-WebSocket-Accept itself.
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req${opts});
  socket.onmessage = (e) => socket.send(e.data);
  return response; // 101${outcome.subprotocol ? `, Sec-WebSocket-Protocol: ${outcome.subprotocol}` : ""}
});
${outcome.extensions ? `// Note: Deno negotiates extensions itself; the package accepted ${js(outcome.extensions)}.\n` : ""}`;
  }
  if (outcome.kind === "switch") {
    return `// Deno.serve cannot switch to ${outcome.protocol}; on a raw connection write the package's 101:
const listener = Deno.listen({ port: 8080 });
for await (const conn of listener) {
  // ...read the request head, then:
  await conn.write(new TextEncoder().encode(${js(outcome.response)}));
  // From here on the connection speaks ${outcome.protocol}.
}
`;
  }
  const headers = outcome.headers.filter(([n]) => !/^(connection|content-length)$/i.test(n));
  return `// Deno: the rejection as a Response (Deno sets Content-Length and manages Connection itself).
Deno.serve(() => new Response(${js(outcome.body ?? "")}, {
  status: ${outcome.status},
  headers: ${js(headers)},
}));
`;
}

function worker({ outcome }) {
  if (!outcome.response) return noResponse(outcome);
  if (outcome.kind === "switch" && outcome.protocol === "websocket") {
    const own = outcome.headers.filter(([n]) => !/^(upgrade|connection|sec-websocket-accept)$/i.test(n));
    return `// A Cloudflare Worker: workerd writes Upgrade, Connection and Sec-WebSocket-Accept on the 101 itself.
export default {
  fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => server.send(e.data));
    return new Response(null, { status: 101, webSocket: client, headers: ${js(own)} });
  },
};
`;
  }
  if (outcome.kind === "switch") {
    return `// A Worker can only answer 101 together with a webSocket: a switch to ${outcome.protocol} is not possible there.
// The package's answer, for a server that can: ${js(outcome.response)}
`;
  }
  const headers = outcome.headers.filter(([n]) => !/^(connection|content-length)$/i.test(n));
  return `// A Cloudflare Worker: the rejection as a Response (the runtime manages Connection and Content-Length).
export default {
  fetch(request) {
    return new Response(${js(outcome.body ?? "")}, { status: ${outcome.status}, headers: ${js(headers)} });
  },
};
`;
}

export function codeFor(kind, ctx) {
  return { curl, websocat, node, deno, worker }[kind](ctx);
}
