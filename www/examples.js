// The inspector's examples: inputs only (a request and the server policy to judge it by, or a
// response and the offer it answers). What each one yields is computed by the package, never stored here.

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** RFC 6455 §1.3: the opening handshake's client request, verbatim. */
export const RFC6455_REQUEST = `GET /chat HTTP/1.1
Host: server.example.com
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: ${KEY}
Origin: http://example.com
Sec-WebSocket-Protocol: chat, superchat
Sec-WebSocket-Version: 13

`;

/** The same request after a proxy that does not understand Upgrade: hop-by-hop fields dropped or rewritten. */
export const PROXIED_REQUEST = `GET /chat HTTP/1.1
Host: server.example.com
Connection: keep-alive
Sec-WebSocket-Key: ${KEY}
Origin: http://example.com
Sec-WebSocket-Version: 13
X-Forwarded-For: 192.0.2.7

`;

const ws = (fields) => `GET /chat HTTP/1.1
Host: server.example.com
${fields}Sec-WebSocket-Version: 13

`;

/**
 * Request examples. `policy` is the server policy the example is meant to be judged by (the page's
 * policy controls are set to it); `source` says where the request comes from.
 */
export const EXAMPLES = [
  {
    id: "rfc6455",
    title: "WebSocket opening handshake",
    source: { label: "RFC 6455 §1.3", href: "https://www.rfc-editor.org/rfc/rfc6455#section-1.3" },
    about: "The RFC's own example; the server supports the chat subprotocol.",
    request: RFC6455_REQUEST,
    policy: { upgrades: ["websocket"], protocols: ["chat"] },
  },
  {
    id: "h2c",
    title: "Upgrade to HTTP/2 cleartext (h2c)",
    source: { label: "MDN, Protocol upgrade mechanism", href: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Protocol_upgrade_mechanism#upgrading_to_http2" },
    about: "MDN's request, with a real SETTINGS payload (the one curl --http2 sends) in place of its placeholder.",
    request: `GET / HTTP/1.1
Host: destination.server.ext
Connection: Upgrade, HTTP2-Settings
Upgrade: h2c
HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA

`,
    policy: { upgrades: ["websocket", "h2c"] },
  },
  {
    id: "tls",
    title: "Optional upgrade to TLS",
    source: { label: "MDN, client-initiated upgrade to TLS", href: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Protocol_upgrade_mechanism#client-initiated_upgrade_to_tls" },
    about: "A GET that may continue in cleartext if the server cannot switch.",
    request: `GET http://destination.server.ext/secretpage.html HTTP/1.1
Host: destination.server.ext
Upgrade: TLS/1.0
Connection: Upgrade

`,
    policy: { upgrades: ["TLS/1.0"] },
  },
  {
    id: "options",
    title: "Mandatory upgrade to TLS: OPTIONS *",
    source: { label: "RFC 2817 §3.2", href: "https://www.rfc-editor.org/rfc/rfc2817#section-3.2" },
    about: "The client refuses to continue unsecured, so it asks with OPTIONS * first.",
    request: `OPTIONS * HTTP/1.1
Host: destination.server.ext
Upgrade: TLS/1.0
Connection: Upgrade

`,
    policy: { upgrades: ["TLS/1.0"] },
  },
  {
    id: "tls-required",
    title: "Server requires TLS",
    source: { label: "RFC 2817 §4.2", href: "https://www.rfc-editor.org/rfc/rfc2817#section-4.2" },
    about: "A plain request to an endpoint that insists on TLS first.",
    request: `GET /secretpage.html HTTP/1.1
Host: destination.server.ext

`,
    policy: { upgrades: ["TLS/1.0"], requireTls: true },
  },
  {
    id: "wrong-version",
    title: "Mistake: wrong Sec-WebSocket-Version",
    source: { label: "RFC 6455 §4.4", href: "https://www.rfc-editor.org/rfc/rfc6455#section-4.4" },
    about: "An old draft client asks for version 8.",
    request: `GET /chat HTTP/1.1
Host: server.example.com
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: ${KEY}
Sec-WebSocket-Version: 8

`,
    policy: { upgrades: ["websocket"] },
  },
  {
    id: "no-connection",
    title: "Mistake: no Connection: Upgrade",
    source: { label: "RFC 6455 §4.2.1 item 4", href: "https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1" },
    about: "Upgrade without the Connection token. Turn on edge mode to see how a server behind Cloudflare judges it.",
    request: ws(`Upgrade: websocket
Sec-WebSocket-Key: ${KEY}
`),
    policy: { upgrades: ["websocket"] },
  },
  {
    id: "bad-key",
    title: "Mistake: a bad Sec-WebSocket-Key",
    source: { label: "RFC 6455 §4.2.1 item 5", href: "https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1" },
    about: "The key must be base64 of 16 random bytes; this one is a word.",
    request: ws(`Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: hello-server
`),
    policy: { upgrades: ["websocket"] },
  },
  {
    id: "foreign-origin",
    title: "Mistake: a foreign Origin",
    source: { label: "RFC 6455 §10.2", href: "https://www.rfc-editor.org/rfc/rfc6455#section-10.2" },
    about: "A page on another site opens a WebSocket to a server that only allows https://example.com.",
    request: ws(`Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: ${KEY}
Origin: https://attacker.example
`),
    policy: { upgrades: ["websocket"], origins: ["https://example.com"] },
  },
  {
    id: "proxy-stripped",
    title: "Mistake: a proxy stripped Upgrade",
    source: { label: "RFC 9110 §7.6.1", href: "https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1" },
    about: "RFC 6455 §1.3's request after a proxy that drops hop-by-hop fields and rewrites Connection.",
    request: PROXIED_REQUEST,
    policy: { upgrades: ["websocket"], protocols: ["chat"] },
  },
];

const accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const head = (lines) => `${lines.join("\n")}\n\n`;

/** Responses to verify, all answering RFC 6455 §1.3's request (key dGhlIHNhbXBsZSBub25jZQ==, chat and superchat offered). */
export const RESPONSES = [
  { id: "good", title: "RFC 6455 §1.3's 101",
    response: head(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "Sec-WebSocket-Protocol: chat"]) },
  { id: "bad-accept", title: "Accept for another key (a proxy re-keyed)",
    response: head(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=", "Sec-WebSocket-Protocol: chat"]) },
  { id: "no-upgrade", title: "101 without Upgrade",
    response: head(["HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "Sec-WebSocket-Protocol: chat"]) },
  { id: "no-connection", title: "101 without Connection",
    response: head(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", `Sec-WebSocket-Accept: ${accept}`, "Sec-WebSocket-Protocol: chat"]) },
  { id: "served", title: "200: served as a page",
    response: head(["HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: 0"]) },
  { id: "version", title: "426: wrong version",
    response: head(["HTTP/1.1 426 Upgrade Required", "Sec-WebSocket-Version: 13, 8", "Content-Length: 0"]) },
  { id: "subprotocol", title: "A subprotocol nobody offered",
    response: head(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "Sec-WebSocket-Protocol: mqtt"]) },
  { id: "extension", title: "An extension nobody offered",
    response: head(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Extensions: x-webkit-deflate-frame"]) },
];

export const OFFER = { key: KEY, protocols: "chat, superchat", extensions: "" };
