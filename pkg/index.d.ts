/**
 * `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §4.2.2):
 * base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
 * @throws {TypeError} when `key` is not a string.
 */
export function acceptKey(key: string): string;

/** Resolves when the WebAssembly module is ready. Never needed: every entry is ready on import. */
export function init(): Promise<void>;
