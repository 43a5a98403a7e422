// The audit's transport in Cloudflare Workers: one connection per case through `connect()` of
// cloudflare:sockets (`secureTransport: "on"` for wss:/https:).
import { connect } from "cloudflare:sockets";

/** `{ hostname, port, secure }` -> `{ write(bytes), read(), close() }`; `read()` is null at the end. */
export function workerdTransport() {
  return async ({ hostname, port, secure }) => {
    const socket = connect({ hostname, port }, { secureTransport: secure ? "on" : "off", allowHalfOpen: false });
    await socket.opened;
    const writer = socket.writable.getWriter();
    const reader = socket.readable.getReader();
    return {
      write: (bytes) => writer.write(bytes),
      async read() {
        const { value, done } = await reader.read();
        return done ? null : value;
      },
      close() {
        reader.cancel().catch(() => {});
        socket.close().catch(() => {});
      },
    };
  };
}
