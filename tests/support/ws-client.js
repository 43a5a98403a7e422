// Small promise helpers around the npm `ws` client.
import WebSocket from "ws";
import { inflateRawSync, constants } from "node:zlib";

/** Opens a WebSocket; resolves { ws, res } on open, or { status, body, res } on a non-101 answer. */
export function openWs(url, { protocols, timeoutMs = 15_000, ...options } = {}) {
  return new Promise((resolve, reject) => {
    let upgradeRes;
    const ws = new WebSocket(url, protocols, { handshakeTimeout: timeoutMs, ...options });
    ws.once("upgrade", (res) => { upgradeRes = res; });
    ws.once("open", () => resolve({ ws, res: upgradeRes }));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { body += d; });
      res.on("end", () => { ws.terminate(); resolve({ status: res.statusCode, headers: res.headers, body, res }); });
    });
    ws.once("error", reject);
  });
}

export function nextMessage(ws, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("no message in time")), timeoutMs);
    ws.once("message", (data, isBinary) => { clearTimeout(t); resolve({ data, isBinary }); });
  });
}

export function closeWs(ws) {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const t = setTimeout(() => { ws.terminate(); resolve(); }, 5000);
    ws.once("close", () => { clearTimeout(t); resolve(); });
    ws.close(1000);
  });
}

/** The payload of a raw server frame as text, inflated when RSV1 says it is compressed (RFC 7692 §7.2.2). */
export function frameText(frame) {
  return (frame.rsv1 ? inflateRawSync(frame.payload, { finishFlush: constants.Z_SYNC_FLUSH }) : frame.payload).toString();
}
