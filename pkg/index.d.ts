// Type declarations for upgrade-handshake. Every export of node.js, workerd.js and browser.js is
// declared here, and nothing else.

/**
 * `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §4.2.2):
 * base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
 * @throws {TypeError} when `key` is not a string.
 */
export function acceptKey(key: string): string;

/** A fresh `Sec-WebSocket-Key`: 16 bytes from `crypto.getRandomValues`, base64 (RFC 6455 §4.1). */
export function generateKey(): string;

/** permessage-deflate parameters this server wants (RFC 7692 §7.1). */
export interface DeflateOptions {
  /** Always answer `server_no_context_takeover`. */
  serverNoContextTakeover?: boolean;
  /** Always answer `client_no_context_takeover`. */
  clientNoContextTakeover?: boolean;
  /** The largest LZ77 window the server will use, 8..15 (RangeError otherwise). */
  serverMaxWindowBits?: number;
  /** The largest window the client may use, 8..15, when the client's offer lets the server cap it. */
  clientMaxWindowBits?: number;
}

/**
 * What this endpoint allows. Every field is optional; `{}` and `undefined` are the defaults.
 * Invalid entries (a subprotocol `"a b"`, an upgrade token `"h2"`) are treated as not supported.
 */
export interface Policy {
  /** Protocol tokens performed (RFC 9110 §7.8), e.g. `"websocket"`, `"h2c"`, `"TLS/1.0"`. Default `["websocket"]`. */
  upgrades?: string[];
  /** WebSocket subprotocols supported; the first one the client offers that is listed here wins. Default none. */
  protocols?: string[];
  /** Allowed serialized origins (`scheme://host[:port]`); a listed-out Origin gets 403. Default: any. */
  origins?: string[];
  /** Accept permessage-deflate (RFC 7692): `true` for the defaults, or the parameters. Default off. */
  permessageDeflate?: boolean | DeflateOptions;
  /** This cleartext endpoint requires TLS first (RFC 2817 §4.2): anything but `Upgrade: TLS/1.0` gets 426. */
  requireTls?: boolean;
  /**
   * This endpoint serves only the protocols it upgrades to (a WebSocket-only route): a request that
   * offers none of them gets 426 with `Upgrade` listing them (RFC 9110 §15.5.22) instead of "pass".
   */
  requireUpgrade?: boolean;
  /**
   * Edge mode: a proxy in front (e.g. Cloudflare) rewrites `Connection`, so its `upgrade` token is not
   * required; a "warn" check is recorded instead. Default false.
   */
  edge?: boolean;
  /**
   * The authorities this endpoint answers for (RFC 6455 §4.2.1 item 2), as `"host"` (any port) or
   * `"host:port"`; hosts compare ASCII case-insensitively. Empty (the default): any. Otherwise a request naming
   * another authority, in Host or in an absolute-form target (which wins, RFC 9112 §3.2.2), gets 421
   * (`misdirected-request`): the defence against DNS rebinding that an Origin check misses.
   */
  hosts?: string[];
  /**
   * Accept a bare LF as a line end in a request head (RFC 9112 §2.2 lets a recipient). Default false: such a
   * head gets 400 (`bare-lf`). When true, a "warn" check names the line: a parser in front that reads line
   * ends otherwise may see another request.
   */
  lenientLineEnds?: boolean;
  /** The largest request head accepted, in bytes (431 past it, 414 for the request line). Default 16384. */
  maxHeadBytes?: number;
  /** The most header fields accepted (431 past it). Default 100. */
  maxHeaders?: number;
  /**
   * The checks trail. Unset (the default): `checks` is built when first read, by running the same
   * negotiation again with the trail on (it depends only on the request and the policy), so callers
   * that never read it do not pay for it. `true`: built with the outcome. `false`: `checks` is `[]`.
   */
  trail?: boolean;
}

/** One check the core made, citing the RFC clause. */
export interface Check {
  /** Stable kebab-case id, e.g. `"websocket-version"`. */
  id: string;
  result: "pass" | "fail" | "skip" | "warn";
  /** The RFC clause, e.g. `"RFC 6455 §4.2.1 item 6"`. */
  section: string;
  /** The header involved, if any. */
  header?: string;
  /** One plain sentence. */
  message: string;
}

/** Why a handshake was refused, or a response not accepted. */
export interface HandshakeError {
  /** Stable kebab-case code, e.g. `"bad-websocket-version"`. */
  code: string;
  /** The RFC clause the code enforces. */
  section: string;
  /** One plain sentence. */
  message: string;
  /** The header involved, if any. */
  header?: string;
}

/** The server's decision. */
export interface Outcome {
  /**
   * `"switch"`: send `response` (a 101) and hand the connection to `protocol`; `"reject"`: send `response`
   * (status, headers, `body`) and the handshake is over; `"pass"`: not an upgrade this endpoint performs,
   * serve the request normally (adding `headers`, if any); `"incomplete"`: read more bytes and call again.
   */
  kind: "switch" | "reject" | "pass" | "incomplete";
  /** The status of `response` (101 or the error's), null for pass and incomplete. */
  status: number | null;
  /** The protocol switched to, as the policy spells it (`"websocket"`, `"h2c"`, `"TLS/1.0"`...). */
  protocol?: string;
  /** The response's fields, in order (for "pass": fields to add to the normal response, e.g. RFC 2817 §4.1). */
  headers: [string, string][];
  /** The explanatory body of a rejection (present exactly when kind is "reject"). */
  body?: string;
  /** The serialized HTTP/1.1 response head (plus the body for a rejection); "" for pass and incomplete. */
  response: string;
  /** The WebSocket subprotocol chosen, if any. */
  subprotocol?: string;
  /** The accepted `Sec-WebSocket-Extensions` value, if any. */
  extensions?: string;
  /** The client's HTTP/2 SETTINGS for an h2c switch, keyed by RFC name (`SETTINGS_MAX_FRAME_SIZE`...). */
  settings?: Record<string, number>;
  /** Why, for a rejection. */
  error?: HandshakeError;
  /**
   * Every check made, in order (empty with `trail: false`). Unless `trail` is set, an own enumerable
   * accessor until first read (JSON, spread and structuredClone read it), then a plain array; until
   * then the outcome keeps the request (the string, or a copy of the bytes) to negotiate it again.
   */
  checks: Check[];
}

/** What the client offered, to check the server's answer against. */
export interface Offer {
  /** The `Sec-WebSocket-Key` sent. */
  key: string;
  /** The subprotocols offered. */
  protocols?: string[];
  /** The `Sec-WebSocket-Extensions` value offered. */
  extensions?: string;
}

/** The client's verdict on a server's answer. */
export interface Verification {
  /** The connection is a WebSocket now. */
  ok: boolean;
  /** The response head is not complete yet (read more and call again); only ever `true` when present. */
  incomplete?: boolean;
  /** The subprotocol the server chose, if any. */
  protocol?: string;
  /** The extensions the server accepted, if any. */
  extensions?: string;
  /** The versions a 426 listed in `Sec-WebSocket-Version` (RFC 6455 §4.4). */
  versions?: number[];
  /** Why the response is not accepted. */
  error?: HandshakeError;
  /** Every check made, in order. */
  checks: Check[];
}

/** A client's opening handshake to build. */
export interface RequestOptions {
  /** `ws://`, `wss://`, `http://` or `https://` URL with a host, no fragment or userinfo. */
  url: string;
  /** Subprotocols to offer (distinct tokens). */
  protocols?: string[];
  /** A `Sec-WebSocket-Extensions` value to offer, e.g. `"permessage-deflate; client_max_window_bits"`. */
  extensions?: string;
  /** An `Origin` to send. */
  origin?: string;
  /** The `Sec-WebSocket-Key` (base64 of 16 bytes); generated with `generateKey()` when absent. */
  key?: string;
}

/** A client's opening handshake. */
export interface ClientRequest {
  /** The `Sec-WebSocket-Key` sent (keep it for `verifyResponse`). */
  key: string;
  /** The serialized HTTP/1.1 request head. */
  request: string;
  /** The request's fields, in order. */
  headers: [string, string][];
}

/**
 * The server side: decide the answer to an upgrade request. A string is UTF-8 encoded; bytes may
 * be a partial head (kind "incomplete"). A `Request` is negotiated from its method, URL, headers
 * and whether it has a body. Malformed input is an outcome (400, 431...), never an exception.
 * @throws {TypeError} when an argument has the wrong type; RangeError for an out-of-range number.
 */
export function negotiate(input: string | Uint8Array | Request, options?: Policy): Outcome;

/**
 * The client side: check the server's answer (RFC 6455 §4.1 steps 1-6, §4.4, §11.3).
 * @throws {TypeError} when an argument has the wrong type.
 */
export function verifyResponse(input: string | Uint8Array | Response, offer: Offer): Verification;

/**
 * Build a client's opening handshake (RFC 6455 §4.1).
 * @throws {TypeError} for a wrong type or a value that cannot go on the wire (CR/LF, a bad URL or key);
 *   the error's `code` names the problem (`"url"`, `"header-value"`, `"protocol"`, `"key"`...).
 */
export function createRequest(options: RequestOptions): ClientRequest;

/**
 * What a Fetch server (a Cloudflare Worker, or any server answering `Request`s with `Response`s) does
 * with a request:
 * - `"switch"`: accept the WebSocket and answer `new Response(null, { status: 101, webSocket, headers })`.
 *   `headers` holds only the fields the server must set itself: the 101's fields minus `Upgrade`,
 *   `Connection` and `Sec-WebSocket-Accept`, which the runtime writes. That is `Sec-WebSocket-Protocol`
 *   when a subprotocol was chosen, and `Sec-WebSocket-Extensions` when `permessageDeflate` accepted an
 *   offer (workerd compresses as this answer says; with `permessageDeflate` off it negotiates on its own).
 *   `protocol` is the protocol switched to: a Fetch runtime can only switch to `"websocket"`, so keep
 *   `upgrades` at its default there.
 * - `"reject"`: return `response` as it is: the status, the headers and a text body naming the RFC clause.
 * - `"pass"`: not an upgrade this endpoint performs; serve the request normally.
 */
export type FetchDecision =
  | { kind: "switch"; outcome: Outcome; protocol: string; headers: Headers }
  | { kind: "reject"; outcome: Outcome; response: Response }
  | { kind: "pass"; outcome: Outcome };

/**
 * Negotiate a Fetch `Request` in a Fetch server: `negotiate(request, options)` plus what to answer.
 *
 * ```js
 * import { negotiateFetch } from "upgrade-handshake";
 * export default {
 *   fetch(request) {
 *     const decision = negotiateFetch(request, { protocols: ["chat"], edge: true });
 *     if (decision.kind === "reject") return decision.response;
 *     if (decision.kind === "pass") return new Response("Hello");
 *     const [client, server] = Object.values(new WebSocketPair());
 *     server.accept();
 *     return new Response(null, { status: 101, webSocket: client, headers: decision.headers });
 *   },
 * };
 * ```
 * @throws {TypeError} when `request` is not a Request or `options` has a wrong type.
 */
export function negotiateFetch(request: Request, options?: Policy): FetchDecision;

/** Resolves when the WebAssembly module is ready. Never needed: every entry is ready on import. */
export function init(): Promise<void>;

// ---- the handshake audit ------------------------------------------------------------------------

/** What one case of an audit received: the response head as sent (`raw`: one character per byte). */
export interface AuditReceived {
  /** The status of the response's status line, null when it has none. */
  status: number | null;
  /** The response's fields, as sent, in order. */
  headers: [string, string][];
  /** Every byte read (at most `maxBytes`), one character per byte. */
  raw: string;
}

/**
 * The verdict on one case. `"fail"`: the server switched where the RFC forbids it, or its 101 is
 * one a client must reject. `"warn"`: it refused, but not as the RFC says, or gave no valid answer
 * (then `error` says why). `"info"`: the verdict depends on a policy the audit does not know (a
 * foreign Origin accepted when no origin was given). `"pass"`: the answer matches the RFC.
 */
export type AuditVerdict = "pass" | "fail" | "warn" | "info";

/** One case of the report (the JSON contract documented in the README). */
export interface AuditCaseResult {
  /** The case's id: its name in tests/adversarial.json or tests/vectors.json. */
  id: string;
  title: string;
  /** The RFC clause the case tests, e.g. `"RFC 6455 §11.3.1"`. */
  section: string;
  /** What the case is about: a key of `AREAS`, by which findings are grouped. */
  area: string;
  /** The bytes sent, exactly, one character per byte. */
  sent: string;
  /** What came back; null when nothing did. */
  received: AuditReceived | null;
  /** Why there is no complete answer: a timeout, a close, a byte limit, not HTTP, a connection error. */
  error?: string;
  verdict: AuditVerdict;
  /** One line: the clause and what the server did. */
  why: string;
}

/** The audit's report, also what `upgrade-handshake audit --json` prints and `/api/audit` answers. */
export interface AuditReport {
  /** The URL audited. */
  target: string;
  /** When the audit started (ISO 8601). */
  startedAt: string;
  /** In catalogue order. */
  cases: AuditCaseResult[];
  summary: { pass: number; fail: number; warn: number; info: number };
}

/** One progress event: a case is done (`done` of `total`). */
export interface AuditProgress {
  type: "case";
  done: number;
  total: number;
  case: AuditCaseResult;
}

/** A connection a transport opened: `read()` resolves to the next bytes, or null once the peer closed. */
export interface AuditConnection {
  write(bytes: Uint8Array): Promise<void>;
  read(): Promise<Uint8Array | null>;
  close(): void;
}

/** Opens one raw connection (TLS when `secure`) for one case. */
export type AuditTransport = (target: { hostname: string; port: number; secure: boolean }) => Promise<AuditConnection>;

export interface AuditOptions {
  /** The Origin your pages use: sent where the RFC example sends one, and a foreign Origin accepted is then a fail. */
  origin?: string;
  /** Subprotocols the server speaks (tokens); the cases offer the first two where the corpus offers chat, superchat. */
  protocols?: string[];
  /** The server performs h2c: audit its h2c handshake (otherwise one h2c offer checks it does not switch). */
  h2c?: boolean;
  /** The server performs the RFC 2817 TLS upgrade: audit it. */
  tlsUpgrade?: boolean;
  /** Only these case ids (a trailing `*` matches a prefix). RangeError for an id that matches nothing. */
  only?: string[];
  /** Cases in flight at once. Default 4. */
  concurrency?: number;
  /** The deadline of each whole case (connect, send, read) in ms. Default 5000. */
  timeout?: number;
  /** The most bytes read for one answer. Default 65536. */
  maxBytes?: number;
  /** Leave out cases whose request is larger than this. Default: none left out. */
  maxRequestBytes?: number;
  /** Node only: accept any TLS certificate. */
  insecure?: boolean;
  /** How to open connections; the default is node:net/node:tls in Node, cloudflare:sockets in workerd, none in browsers. */
  transport?: AuditTransport;
  /** Called after each case. */
  onProgress?: (event: AuditProgress) => void;
  /** Aborts the cases still running (they end with error "aborted"). */
  signal?: AbortSignal;
}

/** A running audit: await it for the report, or iterate it for progress. */
export interface AuditRun extends PromiseLike<AuditReport>, AsyncIterable<AuditProgress> {
  catch<T = never>(onRejected?: (reason: unknown) => T | PromiseLike<T>): Promise<AuditReport | T>;
  finally(onFinally?: () => void): Promise<AuditReport>;
}

/**
 * Audits a live server's Upgrade handling: each case of the catalogue (tests/adversarial.json plus
 * the RFC examples), built for the URL's host, path, origin and subprotocols, goes out on its own
 * raw connection; each answer is judged against this package's own decision and `verifyResponse`.
 *
 * ```js
 * const run = audit("ws://127.0.0.1:8080/chat", { protocols: ["chat"] });
 * for await (const { done, total, case: c } of run) console.log(done, total, c.id, c.verdict);
 * const report = await run; // report.summary.fail
 * ```
 * @throws {TypeError} for a URL that is not ws:, wss:, http: or https:, or an option of the wrong type;
 *   RangeError for an `only` id that matches no case.
 */
export function audit(url: string | URL, options?: AuditOptions): AuditRun;

/** A case of the audit, built for a target (what `judge` takes). */
export interface AuditCase {
  id: string;
  title: string;
  section: string;
  /** A key of `AREAS`. */
  area: string;
  /** The request, one character per byte. */
  sent: string;
  /** Other answers the RFCs also allow (statuses, or "closed"/"timeout"). */
  conformant: (number | string)[];
  /** This package's decision for `sent` under the policy the audit assumes. */
  expected: { kind: Outcome["kind"]; status: number | null; protocol: string | null; error: HandshakeError | null };
  originPolicy: boolean;
  h2c: boolean;
}

/** The audit's cases for `url`, built (no IO). Same options as `audit` (transport ones ignored). */
export function auditCases(url: string | URL, options?: AuditOptions): AuditCase[];

/**
 * The verdict on one answer. `end` says how reading stopped: "head" (the head ended), "closed",
 * "timeout", "limit", "garbage" or "error".
 * @throws {TypeError} when `c` is not a case of `auditCases` or `answer` is not an object.
 */
export function judge(
  c: AuditCase,
  answer: { received: AuditReceived | null; error?: string; end?: string },
): { verdict: AuditVerdict; why: string };

/** The areas findings are grouped by: a title and one line on why the area matters. */
export const AREAS: Record<string, { title: string; matters: string }>;
