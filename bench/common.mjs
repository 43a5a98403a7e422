// Shared helpers for the bench scripts: interleaved rounds, medians, JSON results under
// target/bench/ (bench/run.mjs collects them into the table and docs/BENCHMARKS.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const outDir = `${root}target/bench`;

export const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
export const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** The RFC 6455 §1.3 opening handshake. */
export const RFC6455 =
  "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\n` +
  "Sec-WebSocket-Version: 13\r\n\r\n";

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Interleaved rounds: every round runs each candidate for `batch` calls, in a rotated order, so
 * drift on a shared machine hits all of them alike. Returns, per candidate, the median ns per call
 * and, per pair [name, baseline], the median of the per-round ratios.
 * @param {Record<string, () => unknown>} candidates
 * @param {{ rounds?: number, batch?: Record<string, number> | number, maxMs?: number }} options
 */
export function interleave(candidates, { rounds = 15, batch = 2000, maxMs = 60_000 } = {}) {
  const names = Object.keys(candidates);
  const per = Object.fromEntries(names.map((n) => [n, []]));
  const batchOf = (n) => (typeof batch === "number" ? batch : batch[n] ?? 2000);
  let sink = 0;
  const touch = (v) => { sink = (sink + (typeof v === "string" ? v.length : v ? 1 : 0)) | 0; };
  // Warm-up: one batch each (JIT, wasm tier-up).
  for (const n of names) for (let i = 0; i < batchOf(n); i++) touch(candidates[n]());
  const deadline = Date.now() + maxMs;
  for (let r = 0; r < rounds && Date.now() < deadline; r++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(k + r) % names.length];
      const fn = candidates[n];
      const count = batchOf(n);
      const t = process.hrtime.bigint();
      for (let i = 0; i < count; i++) touch(fn());
      per[n].push(Number(process.hrtime.bigint() - t) / count);
    }
  }
  const result = { rounds: per[names[0]].length, sink, ns: {}, samples: per };
  for (const n of names) result.ns[n] = median(per[n]);
  return result;
}

/** The median over rounds of a / b (both measured in the same round). */
export function pairedRatio(res, a, b) {
  const ra = res.samples[a];
  const rb = res.samples[b];
  return median(ra.map((x, i) => x / rb[i]));
}

export function save(name, data) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/${name}.json`, JSON.stringify(data, null, 2) + "\n");
}

export const fmtNs = (ns) =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
