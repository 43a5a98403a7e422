// Raw TCP clients for handshake tests: write exact bytes, read the exact response head and
// WebSocket frames as they are on the wire (RSV1, opcode, payload length), nothing normalised.
import { connect } from "node:net";
import { randomBytes } from "node:crypto";

export const newKey = () => randomBytes(16).toString("base64");

/** A WebSocket upgrade request head; `headers` are added (or, with a null value, removed). */
export function upgradeHead({ port, path = "/echo", key = newKey(), version = "13", method = "GET", headers = {} }) {
  const fields = {
    Host: `127.0.0.1:${port}`,
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": key,
    "Sec-WebSocket-Version": version,
  };
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) delete fields[k];
    else fields[k] = v;
  }
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
}

/** Parses `HTTP/1.1 101 ...\r\n` + fields; names are kept as sent, in order. */
export function parseHead(text) {
  const [statusLine, ...lines] = text.split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  const headers = lines.filter(Boolean).map((l) => {
    const i = l.indexOf(":");
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  const get = (name) => headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return { statusLine, status: m ? Number(m[1]) : NaN, reason: m?.[2] ?? "", headers, get };
}

/**
 * One raw connection with buffered reads. `head()` resolves to the response head; `body()` reads
 * a Content-Length or chunked body (or up to close); `frame()` the next WebSocket frame.
 */
export function openRaw(port, { timeoutMs = 15_000 } = {}) {
  const sock = connect(port, "127.0.0.1");
  let buf = Buffer.alloc(0);
  let ended = false;
  let error = null;
  let wake = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  sock.on("data", (d) => { buf = Buffer.concat([buf, d]); notify(); });
  sock.on("end", () => { ended = true; notify(); });
  sock.on("close", () => { ended = true; notify(); });
  sock.on("error", (e) => { error = e; notify(); });
  sock.setNoDelay(true);
  const connected = new Promise((resolve, reject) => {
    sock.once("connect", resolve);
    sock.once("error", reject);
  });
  const deadline = () => Date.now() + timeoutMs;
  async function until(pred, what) {
    const end = deadline();
    for (;;) {
      const r = pred();
      if (r !== undefined) return r;
      if (error) throw error;
      if (ended) throw new Error(`connection closed before ${what}; got ${JSON.stringify(buf.toString("latin1"))}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(buf.toString("latin1"))}`);
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(left, 250)).unref();
      });
    }
  }
  function take(n) {
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  }
  return {
    socket: sock,
    connected,
    get buffered() { return buf; },
    get ended() { return ended; },
    write: async (data) => { await connected; sock.write(data); },
    async head() {
      const text = await until(() => {
        const i = buf.indexOf("\r\n\r\n");
        return i < 0 ? undefined : take(i + 4).toString("latin1");
      }, "the response head");
      return { ...parseHead(text.slice(0, -4)), text };
    },
    async body(head) {
      const len = head.get("content-length");
      if (len !== undefined) return (await until(() => (buf.length >= Number(len) ? take(Number(len)) : undefined), "the body")).toString();
      if (/chunked/i.test(head.get("transfer-encoding") ?? "")) {
        let out = "";
        for (;;) {
          const line = await until(() => { const i = buf.indexOf("\r\n"); return i < 0 ? undefined : take(i + 2).toString("latin1"); }, "a chunk size");
          const size = parseInt(line, 16);
          const chunk = await until(() => (buf.length >= size + 2 ? take(size + 2) : undefined), "a chunk");
          if (size === 0) return out;
          out += chunk.subarray(0, size).toString();
        }
      }
      // No length and not chunked: the body runs to the close (RFC 9112 §6.3 item 8). A timeout
      // or a socket error is the caller's to see.
      await until(() => (ended ? true : undefined), "the end of the body");
      return take(buf.length).toString();
    },
    /** The next frame: { fin, rsv1, opcode, masked, length, payload, wireBytes }. */
    async frame() {
      return until(() => {
        if (buf.length < 2) return undefined;
        const b0 = buf[0], b1 = buf[1];
        let len = b1 & 0x7f, off = 2;
        if (len === 126) { if (buf.length < 4) return undefined; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return undefined; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        const masked = (b1 & 0x80) !== 0;
        const maskOff = off;
        if (masked) off += 4;
        if (buf.length < off + len) return undefined;
        const payload = Buffer.from(buf.subarray(off, off + len));
        if (masked) for (let i = 0; i < len; i++) payload[i] ^= buf[maskOff + (i % 4)];
        take(off + len);
        return { fin: (b0 & 0x80) !== 0, rsv1: (b0 & 0x40) !== 0, opcode: b0 & 0x0f, masked, length: len, payload, wireBytes: off + len };
      }, "a WebSocket frame");
    },
    /** Sends one masked client frame (RFC 6455 §5.3). */
    async sendFrame(opcode, payload, { fin = true, rsv1 = false } = {}) {
      const data = Buffer.from(payload);
      const mask = randomBytes(4);
      const len = data.length;
      const header = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
      header[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
      if (len < 126) header[1] = 0x80 | len;
      else if (len < 65536) { header[1] = 0x80 | 126; header.writeUInt16BE(len, 2); }
      else { header[1] = 0x80 | 127; header.writeBigUInt64BE(BigInt(len), 2); }
      const masked = Buffer.alloc(len);
      for (let i = 0; i < len; i++) masked[i] = data[i] ^ mask[i % 4];
      await connected;
      sock.write(Buffer.concat([header, mask, masked]));
    },
    /** Waits for the peer to close the TCP connection. */
    closed: () => until(() => (ended ? true : undefined), "the connection to close"),
    close() { sock.destroy(); },
  };
}

/** Sends `text`, reads the response head and body, and closes. */
export async function rawExchange(port, text, options) {
  const conn = openRaw(port, options);
  try {
    await conn.write(text);
    const head = await conn.head();
    const body = head.status === 101 ? "" : await conn.body(head);
    return { ...head, body, conn };
  } finally {
    conn.close();
  }
}
