// Real servers for the audit tests, each on 127.0.0.1 and a free port, stopped by the tests:
// flawed servers with one known flaw each, a strict one (this package in front of ws), and hostile
// ones that answer badly or not at all. `start(kind)` -> { port, url, stop }.
import { createServer as tcpServer } from "node:net";
import { createServer as httpServer } from "node:http";
import { randomBytes } from "node:crypto";
import { WebSocketServer } from "ws";
import { acceptKey, negotiate } from "upgrade-handshake";

export const ORIGIN = "http://app.example";
const POLICY = { protocols: ["chat"], origins: [ORIGIN], requireUpgrade: true, trail: false };

/** Listens, tracks sockets so stop() never waits on a client, and resolves to { port, url, stop }. */
function listen(server) {
  const sockets = new Set();
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); s.on("error", () => {}); });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    resolve({
      port, url: `ws://127.0.0.1:${port}/chat`,
      stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
    });
  }));
}

/** A raw TCP server that calls `onHead(headBytes, socket)` once a request head has ended (64 KiB at most). */
function rawServer(onHead) {
  return tcpServer((socket) => {
    let buf = Buffer.alloc(0);
    let done = false;
    socket.on("data", (d) => {
      if (done) return;
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf("\r\n\r\n");
      if (end >= 0) { done = true; onHead(buf.subarray(0, end + 4), socket); } else if (buf.length > 65536) { done = true; socket.end("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"); }
    });
  });
}

/** A server that negotiates with this package, with `flaw` changing the request before or the 101 after. */
function packageServer({ before = (t) => t, after = (r) => r } = {}) {
  return rawServer((head, socket) => {
    const o = negotiate(Buffer.from(before(head.toString("latin1")), "latin1"), POLICY);
    if (o.kind === "switch") socket.write(after(o.response));
    else if (o.kind === "reject") socket.end(o.response);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
}

const ok101 = (key) => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`;
const keyOf = (text) => /\r\nSec-WebSocket-Key:[ \t]*([^\r\n]*?)[ \t]*\r\n/i.exec(text)?.[1] ?? "";

export const FLAWED = {
  /** Switches on any request with an Upgrade field; checks nothing else. */
  naive: () => rawServer((head, socket) => {
    const t = head.toString("latin1");
    if (/\r\nUpgrade:/i.test(t)) socket.write(ok101(keyOf(t)));
    else socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  }),
  /** Correct in every decision, but its Sec-WebSocket-Accept is computed from the key plus a stray byte. */
  "wrong-accept": () => packageServer({
    after: (r) => r.replace(/Sec-WebSocket-Accept: [^\r]*/, (m) => `Sec-WebSocket-Accept: ${acceptKey(`${m.slice(22)}x`)}`),
  }),
  /** Answers every switch with the subprotocol "admin", offered or not. */
  "unoffered-protocol": () => packageServer({
    after: (r) => r.replace(/\r\nSec-WebSocket-Protocol: [^\r]*/, "").replace(/\r\n\r\n$/, "\r\nSec-WebSocket-Protocol: admin\r\n\r\n"),
  }),
  /** Reads Sec-WebSocket-Version as 13 whatever it says. */
  "ignores-version": () => packageServer({
    before: (t) => t.replace(/\r\nSec-WebSocket-Version:[^\r]*/gi, "").replace(/\r\n\r\n$/, "\r\nSec-WebSocket-Version: 13\r\n\r\n"),
  }),
  /** Takes the first Sec-WebSocket-Key and ignores a second one. */
  "second-key": () => packageServer({
    before: (t) => { let n = 0; return t.replace(/\r\nSec-WebSocket-Key:[^\r]*/gi, (m) => (n++ === 0 ? m : "")); },
  }),
};

/** This package decides; ws takes over the connection after a switch (its 101, its frames). */
function strict() {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (set) => (set.has("chat") ? "chat" : false) });
  wss.on("connection", (ws) => { ws.on("error", () => {}); ws.on("message", (m, binary) => ws.send(m, { binary })); });
  const headOf = (req) => {
    const lines = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
    return `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${lines.join("")}\r\n`;
  };
  const answer = (req, socket, head) => {
    const o = negotiate(Buffer.from(headOf(req), "latin1"), POLICY);
    if (o.kind === "switch") wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    else if (o.kind === "reject") socket.end(o.response);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  };
  const server = httpServer((req, res) => answer(req, res.socket, Buffer.alloc(0)));
  server.on("upgrade", answer);
  return server;
}

export const HOSTILE = {
  /** Accepts the connection and never answers. */
  silent: () => tcpServer((s) => { s.on("error", () => {}); }),
  /** A 101 status line, then header lines without end: 1 MiB of them, as fast as it can. */
  "megabyte-head": () => tcpServer((s) => {
    s.on("error", () => {});
    const line = `X-Filler: ${"a".repeat(1014)}\r\n`;
    s.write("HTTP/1.1 101 Switching Protocols\r\n");
    let sent = 0;
    const pump = () => { while (sent < 1024 * 1024 && !s.destroyed) { sent += line.length; if (!s.write(line)) return s.once("drain", pump); } };
    pump();
  }),
  /** Random bytes. */
  garbage: () => tcpServer((s) => { s.on("error", () => {}); s.write(randomBytes(4096)); }),
  /** Half a 101 head, then a close. */
  "close-mid-head": () => tcpServer((s) => { s.on("error", () => {}); s.end("HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs"); }),
  /** A 101 head, one byte a second. */
  trickle: () => tcpServer((s) => {
    s.on("error", () => {});
    const text = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    let i = 0;
    const t = setInterval(() => { if (i >= text.length || s.destroyed) return clearInterval(t); s.write(text[i++]); }, 1000);
    s.on("close", () => clearInterval(t));
  }),
  /** "HTTP/1.1 101" and then nothing, connection kept open. */
  "101-then-nothing": () => tcpServer((s) => { s.on("error", () => {}); s.write("HTTP/1.1 101"); }),
};

/** The fails each flawed server must get, with the clause each names (the audit tests of every transport share it). */
export const FLAWS = {
  naive: [["smuggle-version-99", "RFC 6455 §4.2.2 item 4"], ["smuggle-key-missing", "RFC 6455 §4.2.1 item 5"], ["smuggle-key-duplicated", "RFC 6455 §11.3.1"], ["ws-http10", "RFC 6455 §4.2.1 item 1"], ["dup-host-missing", "RFC 9112 §3.2"]],
  "wrong-accept": [["baseline-rfc6455-1.3", "RFC 6455 §4.1 response step 4"]],
  "unoffered-protocol": [["baseline-rfc6455-1.3", "RFC 6455 §4.1 response step 6"]],
  "ignores-version": [["smuggle-version-99", "RFC 6455 §4.2.2 item 4"], ["smuggle-version-missing", "RFC 6455 §4.2.1 item 6"]],
  "second-key": [["smuggle-key-duplicated", "RFC 6455 §11.3.1"]],
};

/** Starts a server by kind: a key of FLAWED or HOSTILE, or "strict". */
export function start(kind) {
  const make = kind === "strict" ? strict : FLAWED[kind] ?? HOSTILE[kind];
  if (!make) throw new Error(`no server ${kind}`);
  return listen(make());
}
