// The audit's transport in Node, Deno and Bun: one raw connection per case through node:net, or
// node:tls for wss:/https:, so the bytes leave exactly as the case wrote them.
import { connect as tcp } from "node:net";
import { connect as tls } from "node:tls";

/** Reads are queued; past `HIGH_WATER` unread bytes the socket is paused (the audit reads a bounded head). */
const HIGH_WATER = 64 * 1024;

/**
 * `{ hostname, port, secure }` -> a connection `{ write(bytes), read(), close() }`: `read()`
 * resolves to the next chunk, or null once the peer has closed.
 * `insecure`: accept any TLS certificate (the audit is about the handshake, not the certificate).
 */
export function nodeTransport({ insecure = false } = {}) {
  return ({ hostname, port, secure }) => new Promise((resolve, reject) => {
    const socket = secure
      ? tls({ host: hostname, port, servername: /^[\d.]+$|:/.test(hostname) ? undefined : hostname, rejectUnauthorized: !insecure, ALPNProtocols: ["http/1.1"] })
      : tcp({ host: hostname, port });
    const queue = [];
    let queued = 0;
    let ended = false;
    let failure = null;
    let wake = null;
    const notify = () => { const w = wake; wake = null; w?.(); };
    socket.setNoDelay?.(true);
    socket.on("data", (d) => {
      queue.push(new Uint8Array(d.buffer, d.byteOffset, d.length));
      queued += d.length;
      if (queued > HIGH_WATER) socket.pause();
      notify();
    });
    socket.on("end", () => { ended = true; notify(); });
    socket.on("close", () => { ended = true; notify(); });
    socket.on("error", (e) => { failure ??= e; ended = true; notify(); reject(e); });
    socket.once(secure ? "secureConnect" : "connect", () => resolve({
      write: (bytes) => new Promise((done, fail) => socket.write(bytes, (e) => (e ? fail(e) : done()))),
      async read() {
        while (!queue.length && !ended) await new Promise((r) => { wake = r; });
        if (queue.length) {
          const chunk = queue.shift();
          queued -= chunk.length;
          if (queued <= HIGH_WATER) socket.resume();
          return chunk;
        }
        if (failure) throw failure;
        return null;
      },
      close: () => socket.destroy(),
    }));
  });
}
