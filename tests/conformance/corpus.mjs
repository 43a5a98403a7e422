// Authoring script for tests/adversarial.json (run: node tests/conformance/corpus.mjs).
// The JSON it writes is the corpus both runners read (tests/adversarial.rs, tests/js/adversarial.test.js)
// and the conformance matrix sends to real servers. Same shape as tests/vectors.json plus a
// "reason" per case. Large inputs are stored as generator specs: a `request`/`response` may be an
// array of parts, each a string, {"repeat": "text", "times": n} or {"hex": "ff00"}, concatenated.
import { writeFileSync } from "node:fs";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const CRLF = "\r\n";

/** The RFC 6455 §1.3 handshake; `set` replaces or (value null) drops fields, `add` appends lines. */
function ws({ method = "GET", target = "/chat", version = "HTTP/1.1", set = {}, add = [], eol = CRLF, end = CRLF } = {}) {
  const fields = [
    ["Host", "server.example.com"],
    ["Upgrade", "websocket"],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Key", KEY],
    ["Sec-WebSocket-Version", "13"],
  ];
  const lines = [];
  for (const [n, v] of fields) {
    if (n in set) {
      if (set[n] !== null) lines.push(`${n}: ${set[n]}`);
    } else lines.push(`${n}: ${v}`);
  }
  for (const [n, v] of Object.entries(set)) if (!fields.some(([f]) => f === n) && v !== null) lines.push(`${n}: ${v}`);
  for (const l of add) lines.push(l);
  return `${method} ${target} ${version}${eol}${lines.map((l) => l + eol).join("")}${end}`;
}

function settings(...pairs) {
  const b = Buffer.alloc(pairs.length * 6);
  pairs.forEach(([id, v], i) => { b.writeUInt16BE(id, i * 6); b.writeUInt32BE(v >>> 0, i * 6 + 2); });
  return b.toString("base64url");
}

function h2c(value, { extra = [], connection = "Upgrade, HTTP2-Settings", version = "HTTP/1.1", upgrade = "h2c" } = {}) {
  const lines = ["Host: server.example.com", `Connection: ${connection}`, `Upgrade: ${upgrade}`];
  if (value !== null) lines.push(`HTTP2-Settings: ${value}`);
  return `GET / ${version}${CRLF}${[...lines, ...extra].map((l) => l + CRLF).join("")}${CRLF}`;
}

const H2C = { upgrades: ["websocket", "h2c"] };
const big = { maxHeadBytes: 4 * 1024 * 1024 };
const negotiate = [];
const verify = [];
function n(name, section, request, policy, expect, reason, extra = {}) {
  negotiate.push({ name, section, request, policy, expect, reason, ...extra });
}
function v(name, section, response, offer, expect, reason) {
  verify.push({ name, section, response, offer, expect, reason });
}
const rej = (status, error, more = {}) => ({ kind: "reject", status, error, ...more });
const sw = (more = {}) => ({ kind: "switch", status: 101, protocol: "websocket", ...more });
const CLOSE = { headers: [["Connection", "close"]] };
// RFC 7540 §3.2.1: an h2c offer that cannot be performed is not refused: the request passes (or the
// next protocol offered is chosen), and the trail warns with the check `id`.
const np = (id) => ({ kind: "pass", status: null, warn: [id] });


// ---- baseline ------------------------------------------------------------------------------
n("baseline-rfc6455-1.3", "RFC 6455 §1.3", ws({ set: { "Sec-WebSocket-Protocol": "chat, superchat", Origin: "http://example.com" } }),
  { protocols: ["chat"] }, sw({ subprotocol: "chat", headers: [["Sec-WebSocket-Accept", ACCEPT], ["Sec-WebSocket-Protocol", "chat"]] }),
  "The RFC's own handshake: the control every other case is a mutation of.");

// ---- smuggling: never 101 on a rejected version, key or h2c offer ---------------------------
n("smuggle-version-8", "RFC 6455 §4.2.2 item 4", ws({ set: { "Sec-WebSocket-Version": "8" } }), {},
  rej(426, "bad-websocket-version", { headers: [["Sec-WebSocket-Version", "13"]] }),
  "A version the server does not speak must abort the handshake with an error and the versions it speaks; a 101 here would make a proxy open a tunnel the server never entered (WebSocket smuggling). (A server that also implements draft hybi-08, as ws does, may switch.)",
  { conformant: [400, 426, 101] });
n("smuggle-version-99", "RFC 6455 §4.2.2 item 4", ws({ set: { "Sec-WebSocket-Version": "99" } }), {},
  rej(426, "bad-websocket-version", { headers: [["Sec-WebSocket-Version", "13"]] }),
  "A version nobody implements: every server must refuse, and a 426 lists the versions it speaks.", { conformant: [400, 426] });
n("smuggle-version-missing", "RFC 6455 §4.2.1 item 6", ws({ set: { "Sec-WebSocket-Version": null } }), {},
  rej(400, "missing-websocket-version", { headers: [["Sec-WebSocket-Version", "13"]] }),
  "No Sec-WebSocket-Version: not a valid opening handshake, so no 101.", { conformant: [400, 426] });
n("smuggle-version-list", "RFC 6455 §4.2.1 item 6", ws({ set: { "Sec-WebSocket-Version": "13, 8" } }), {},
  rej(426, "bad-websocket-version"), "Sec-WebSocket-Version must be exactly 13; a list is not a version this server speaks.", { conformant: [400, 426] });
n("smuggle-version-repeated-line", "RFC 6455 §4.2.1 item 6", ws({ add: ["Sec-WebSocket-Version: 13"] }), {},
  rej(426, "bad-websocket-version"), "Two Sec-WebSocket-Version lines combine to \"13, 13\" (RFC 9110 §5.3), which is not the single value 13.", { conformant: [400, 426] });
n("smuggle-version-leading-zero", "RFC 6455 §4.2.1 item 6", ws({ set: { "Sec-WebSocket-Version": "013" } }), {},
  rej(426, "bad-websocket-version"), "\"013\" is not the version 13 (the ABNF is a literal decimal without leading zeros).", { conformant: [400, 426] });
n("smuggle-version-13-ows", "RFC 9110 §5.5", ws({ set: { "Sec-WebSocket-Version": "  13\t" } }), {}, sw(),
  "Whitespace around a field value is not part of it: \"  13\\t\" is 13.");
n("smuggle-key-missing", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": null } }), {},
  rej(400, "missing-websocket-key", CLOSE), "No key: no accept value can prove the server read the handshake, so no 101.");
n("smuggle-key-15-bytes", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": Buffer.alloc(15, 7).toString("base64") } }), {},
  rej(400, "bad-websocket-key"), "The key must decode to exactly 16 bytes; 15 is refused.");
n("smuggle-key-17-bytes", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": Buffer.alloc(17, 7).toString("base64") } }), {},
  rej(400, "bad-websocket-key"), "The key must decode to exactly 16 bytes; 17 is refused.");
n("smuggle-key-not-base64", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": "!!!!!!!!!!!!!!!!!!!!!!==" } }), {},
  rej(400, "bad-websocket-key"), "24 characters, but not base64.");
n("smuggle-key-noncanonical", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZR==" } }), {},
  rej(400, "bad-websocket-key"), "The last character carries non-zero padding bits: not the canonical base64 of any 16 bytes (RFC 4648 §3.5). Lenient decoders read 16 bytes, so either answer is defensible.",
  { conformant: [101, 400] });
n("smuggle-key-unpadded", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ" } }), {},
  rej(400, "bad-websocket-key"), "base64 of 16 bytes is 24 characters with \"==\"; the unpadded form is not what RFC 6455 §4.1 item 7 sends.", { conformant: [101, 400] });
n("smuggle-key-duplicated", "RFC 6455 §11.3.1", ws({ add: [`Sec-WebSocket-Key: ${KEY}`] }), {},
  rej(400, "duplicate-websocket-key"), "Sec-WebSocket-Key must not appear more than once: two keys mean two parsers may answer different handshakes.");
n("smuggle-key-inner-space", "RFC 6455 §4.2.1 item 5", ws({ set: { "Sec-WebSocket-Key": "dGhlIHNhbXBs ZSBub25jZQ=" } }), {},
  rej(400, "bad-websocket-key"), "A space inside the key is not base64.");
n("smuggle-h2c-no-settings", "RFC 7540 §3.2.1", h2c(null), H2C, np("http2-settings-count"),
  "An h2c upgrade without HTTP2-Settings is not performed (\"MUST NOT upgrade ... if this header field is not present\"); the request itself is served.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-connection-lacks-settings", "RFC 7540 §3.2.1", h2c(settings([3, 100]), { connection: "Upgrade" }), H2C,
  np("h2c-connection-settings"), "HTTP2-Settings is hop-by-hop and must be listed in Connection; without it a proxy may have forwarded a field meant for another hop, so h2c is not performed.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-settings-padded", "RFC 7540 §3.2.1", h2c(settings([3, 100]) + "=="), H2C, np("http2-settings"),
  "HTTP2-Settings is base64url with trailing '=' omitted.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-settings-not-6n", "RFC 7540 §6.5.1", h2c("AAMAAAA"), H2C, np("http2-settings"),
  "The payload is not a multiple of 6 octets: a SETTINGS frame with FRAME_SIZE_ERROR, never a 101.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-settings-std-alphabet", "RFC 7540 §3.2.1", h2c("AAMAAABk+/8A"), H2C, np("http2-settings"),
  "'+' and '/' are the standard alphabet, not base64url (RFC 4648 §5).", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-enable-push-2", "RFC 7540 §6.5.2", h2c(settings([2, 2])), H2C, np("http2-settings"),
  "SETTINGS_ENABLE_PUSH other than 0 or 1 is a PROTOCOL_ERROR: checked before any 101.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-max-frame-size-1", "RFC 7540 §6.5.2", h2c(settings([5, 1])), H2C, np("http2-settings"),
  "SETTINGS_MAX_FRAME_SIZE below 2^14 is a PROTOCOL_ERROR.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-window-2-31", "RFC 7540 §6.5.2", h2c(settings([4, 0x80000000])), H2C, np("http2-settings"),
  "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 is a FLOW_CONTROL_ERROR.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-settings-duplicated", "RFC 7540 §3.2.1", h2c(settings([3, 100]), { extra: [`HTTP2-Settings: ${settings([3, 200])}`] }), H2C,
  np("http2-settings-count"), "\"MUST NOT upgrade ... if more than one is present\": two settings blocks, two possible connection states.", { conformant: [200, 400, 404, 426] });
n("smuggle-h2c-with-body", "RFC 7540 §3.2", h2c(settings([3, 100]), { extra: ["Content-Length: 5"] }) + "hello", H2C, { kind: "pass", status: null },
  "A request with content is not upgraded here: the body would have to be read in HTTP/1.1 before the switch; serving it in HTTP/1.1 is always allowed (RFC 9110 §7.8).");
n("smuggle-h2c-chunked-body", "RFC 7540 §3.2", h2c(settings([3, 100]), { extra: ["Transfer-Encoding: chunked"] }) + "5\r\nhello\r\n0\r\n\r\n", H2C, { kind: "pass", status: null },
  "Same with a chunked body: no upgrade, served normally.");
n("smuggle-h2-cleartext", "RFC 7540 §3.2", h2c(settings([3, 100]), { upgrade: "h2" }), H2C, { kind: "pass", status: null },
  "\"h2\" names HTTP/2 over TLS; a server must ignore it in an Upgrade over cleartext.");
n("smuggle-h2c-not-enabled", "RFC 9110 §7.8", h2c(settings([3, 100])), {}, { kind: "pass", status: null },
  "The default policy performs WebSocket only: an h2c offer is ignored and the request served normally (a server MAY ignore Upgrade).");
n("h2c-valid-unknown-setting", "RFC 7540 §6.5.2", h2c(settings([3, 100], [0x77, 5])), H2C,
  { kind: "switch", status: 101, protocol: "h2c", headers: [["Upgrade", "h2c"]], notHeaders: ["HTTP2-Settings"] },
  "Unknown setting identifiers are ignored, so this valid offer switches; the 101 never echoes HTTP2-Settings.");
n("smuggle-h2c-http10", "RFC 9110 §7.8", h2c(settings([3, 100]), { version: "HTTP/1.0" }), H2C, { kind: "pass", status: null },
  "Upgrade in an HTTP/1.0 request is ignored: a 1.0 proxy may have forwarded the hop-by-hop field.");

// ---- CR, LF, NUL, obs-fold, field syntax --------------------------------------------------
n("ctl-nul-in-value", "RFC 9110 §5.5", ws({ set: { "Sec-WebSocket-Protocol": "chat\0superchat" } }), { protocols: ["chat"] },
  rej(400, "bad-field-value"), "NUL in a field value: a recipient must reject or replace it; two parsers that split at NUL differently smuggle fields.");
n("ctl-bare-cr-in-value", "RFC 9112 §2.2", ws({ set: { "X-Test": "a\rSec-WebSocket-Version: 8" } }), {},
  { kind: "reject", status: 400 }, "A bare CR inside a line: \"MUST be considered invalid or replaced with SP\".");
n("ctl-del-in-value", "RFC 9110 §5.5", ws({ set: { "X-Test": "a\x7fb" } }), {}, rej(400, "bad-field-value"),
  "DEL is a CTL, not a field-vchar.");
n("ctl-bare-lf-lines", "RFC 9112 §2.2", ws({ eol: "\n", end: "\n" }), {}, rej(400, "bare-lf"),
  "A recipient MAY accept a bare LF as a line terminator; this one does not by default: two parsers that disagree on line ends are how requests get smuggled.", { conformant: [101, 400] });
n("ctl-bare-lf-lines-lenient", "RFC 9112 §2.2", ws({ eol: "\n", end: "\n" }), { lenientLineEnds: true }, sw({ warn: ["head-syntax"] }),
  "With lenientLineEnds the bare LFs are accepted, and the trail warns.", { conformant: [101, 400] });
n("ctl-bare-lf-one-field", "RFC 9112 §2.2", "GET /chat HTTP/1.1\r\nHost: server.example.com\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n", {},
  rej(400, "bare-lf"), "One bare LF among CRLFs: a parser that splits lines only at CRLF reads \"server.example.com\\nUpgrade: websocket\" as the Host.", { conformant: [101, 400] });
n("ctl-bare-lf-empty-line", "RFC 9112 §2.2", ws({ end: "\n" }), {}, rej(400, "bare-lf"),
  "A bare LF as the empty line that ends the head: a CRLF-only parser is still reading fields.", { conformant: [101, 400, "timeout"] });
n("ctl-bare-lf-request-line", "RFC 9112 §2.2", "GET /chat HTTP/1.1\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n", {},
  rej(400, "bare-lf"), "The request line ends in a bare LF.", { conformant: [101, 400] });

n("ctl-bare-lf-before-request-line", "RFC 9112 §2.2", "\n" + ws(), {}, rej(400, "bare-lf"),
  "A server SHOULD ignore at least one empty line (CRLF) before the request-line; a bare LF is not one. llhttp skips it (tests/js/strict-reader.test.js).", { conformant: [101, 400] });

// ---- Host, request-target forms, single-valued fields (RFC 9112 §3.2, RFC 6455 §11.3) ------
n("host-port-not-digits", "RFC 9112 §3.2", ws({ set: { Host: "a:b" } }), {}, rej(400, "bad-host"),
  "Host = uri-host [ \":\" port ], and port is digits: \"a:b\" is no authority.", { conformant: [400, 101] });
n("host-port-is-a-name", "RFC 9112 §3.2", ws({ set: { Host: "server:.example.com" } }), {}, rej(400, "bad-host"),
  "A Host that two readers split differently (host \"server\" or \"server:.example.com\").", { conformant: [400, 101] });
n("host-two-ports", "RFC 9112 §3.2", ws({ set: { Host: "server.example.com:80:80" } }), {}, rej(400, "bad-host"),
  "One port at most.", { conformant: [400, 101] });
n("host-unclosed-ip-literal", "RFC 3986 §3.2.2", ws({ set: { Host: "[::1" } }), {}, rej(400, "bad-host"),
  "An IP-literal is bracketed.", { conformant: [400, 101] });
n("host-bad-ipv6", "RFC 3986 §3.2.2", ws({ set: { Host: "[1::2::3]:80" } }), {}, rej(400, "bad-host"),
  "An IPv6 address has one \"::\" at most.", { conformant: [400, 101] });
n("host-ipv6-literal", "RFC 3986 §3.2.2", ws({ set: { Host: "[2001:db8::1]:8080" } }), {}, sw(),
  "A bracketed IPv6 address and a port is a valid Host.");
n("host-userinfo", "RFC 9112 §3.2", ws({ set: { Host: "user@server.example.com" } }), {}, rej(400, "bad-host"),
  "Host carries no userinfo: \"@\" is not a reg-name character.", { conformant: [400, 101] });
n("host-with-path", "RFC 9112 §3.2", ws({ set: { Host: "server.example.com/chat" } }), {}, rej(400, "bad-host"),
  "A Host that carries a path is not uri-host [\":\" port] (found by tests/js/strict-reader.test.js: llhttp does not read Host).", { conformant: [400, 101] });
n("target-no-slash", "RFC 9112 §3.2", ws({ target: "at" }), {}, rej(400, "bad-request-target"),
  "\"at\" is neither a path nor an absolute URI (RFC 6455 §4.2.1 item 1 asks for a resource name).", { conformant: [400, 404, 101] });
n("target-asterisk-get", "RFC 9112 §3.2.4", ws({ target: "*" }), {}, rej(400, "bad-request-target"),
  "The asterisk-form is for a server-wide OPTIONS only.", { conformant: [400, 404, 101] });
n("target-authority-get", "RFC 9112 §3.2.3", ws({ target: "server.example.com:80" }), {}, rej(400, "bad-request-target"),
  "The authority-form is for CONNECT only.", { conformant: [400, 404, 101] });
n("target-absolute-form", "RFC 9112 §3.2.2", ws({ target: "http://server.example.com/chat" }), {}, sw(),
  "An absolute-form target is allowed (RFC 6455 §4.2.1 item 1: an absolute URI).");
n("target-connect", "RFC 9110 §9.3.6", "CONNECT server.example.com:443 HTTP/1.1\r\nHost: server.example.com:443\r\n\r\n", {},
  { kind: "pass", status: null }, "CONNECT asks for a tunnel, not an upgrade: the engine passes it to the application.", { conformant: [200, 400, 404, 405] });
n("target-connect-path", "RFC 9112 §3.2.3", "CONNECT /chat HTTP/1.1\r\nHost: server.example.com\r\n\r\n", {},
  rej(400, "bad-request-target"), "CONNECT takes host:port.", { conformant: [400, 404, 405] });
n("target-absolute-form-without-authority", "RFC 9110 §4.2.1", ws({ target: "http:/chat" }), {}, rej(400, "bad-request-target"),
  "An http URI is \"http\" \"://\" authority path-abempty, and \"A recipient that processes such a URI reference MUST reject it as invalid\" when the host is empty; \"http:/chat\" has no authority at all. llhttp refuses it (tests/js/strict-reader.test.js).",
  { conformant: [400] });
n("target-absolute-form-other-scheme", "RFC 6455 §4.2.1 item 1", ws({ target: "urn:example:chat" }), {}, rej(400, "bad-request-target"),
  "The handshake's Request-URI is a resource name or \"an absolute HTTP/HTTPS URI containing the resource name\"; a URN names no resource on this server. llhttp refuses it (tests/js/strict-reader.test.js).",
  { conformant: [400, 404, 421] });
n("target-absolute-form-empty-host", "RFC 9110 §4.2.1", ws({ target: "http:///chat" }), {}, rej(400, "bad-request-target"),
  "An http URI with an empty host: \"A recipient that processes such a URI reference MUST reject it as invalid.\" (llhttp accepts it too.)",
  { conformant: [400] });
n("version-leading-comma", "RFC 6455 §11.3.5", ws({ set: { "Sec-WebSocket-Version": ",13" } }), {},
  rej(426, "bad-websocket-version", { headers: [["Sec-WebSocket-Version", "13"]] }),
  "Sec-WebSocket-Version is one value (1*DIGIT), not a list: \",13\" is not 13.", { conformant: [400, 426] });
n("version-list", "RFC 6455 §11.3.5", ws({ set: { "Sec-WebSocket-Version": "13, 13" } }), {},
  rej(426, "bad-websocket-version"), "\"13, 13\" is not the single value 13.", { conformant: [400, 426] });
n("content-length-not-digits", "RFC 9112 §6.3", ws({ method: "POST", add: ["Content-Length: abc"] }), {}, rej(400, "bad-content-length", CLOSE),
  "An invalid Content-Length makes the framing invalid: 400 and close.", { conformant: [400, 405] });
n("content-length-twice", "RFC 9112 §6.3", "GET / HTTP/1.1\r\nHost: server.example.com\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n", {},
  rej(400, "bad-content-length", CLOSE), "Two Content-Length fields: two readers may frame the body differently.", { conformant: [400] });
n("h2c-falls-through-to-websocket", "RFC 7540 §3.2.1", ws({ set: { Upgrade: "h2c, websocket" } }), H2C,
  sw({ warn: ["h2c-connection-settings"], headers: [["Upgrade", "websocket"], ["Sec-WebSocket-Accept", ACCEPT]] }),
  "h2c without HTTP2-Settings is not performed; the next protocol offered, websocket, is, with exactly the 101 it gets alone.");
n("h2c-no-settings-falls-through", "RFC 7540 §3.2.1", ws({ set: { Upgrade: "h2c, websocket", Connection: "Upgrade, HTTP2-Settings" } }), H2C,
  sw({ warn: ["http2-settings-count"], headers: [["Upgrade", "websocket"], ["Sec-WebSocket-Accept", ACCEPT]] }),
  "Connection lists HTTP2-Settings but the field is missing: h2c is not performed, websocket is.");
n("ctl-cr-only-lines", "RFC 9112 §2.2", ws({ eol: "\r", end: "\r" }), {}, { kind: "reject", status: 400 },
  "CR alone is not a line terminator: the request line runs on into the fields.", { conformant: [400, "closed"] });
n("obs-fold-in-protocol", "RFC 9112 §5.2", ws({ set: { "Sec-WebSocket-Protocol": "chat,\r\n superchat" } }), { protocols: ["superchat"] },
  rej(400, "obs-fold"), "obs-fold: a server must reject it with 400 or replace it with SP; this one rejects so every hop reads the same fields.",
  { conformant: [400, 101] });
n("obs-fold-in-upgrade", "RFC 9112 §5.2", ws({ set: { Upgrade: "\r\n websocket" } }), {}, rej(400, "obs-fold"),
  "The whole Upgrade value is on a continuation line.", { conformant: [400, 101] });
n("obs-fold-first-line", "RFC 9112 §2.2", "GET /chat HTTP/1.1\r\n Host: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n", {},
  { kind: "reject", status: 400 }, "Whitespace between the start line and the first field: \"MUST either reject the message as invalid or consume each whitespace-preceded line\".",
  { conformant: [400, 101] });
n("syntax-space-before-colon", "RFC 9112 §5.1", ws({ add: ["Sec-WebSocket-Protocol : chat"] }), { protocols: ["chat"] },
  rej(400, "whitespace-before-colon"), "\"A server MUST reject, with a response status code of 400, any received request message that contains whitespace between a header field name and colon.\"");
n("syntax-bad-field-name", "RFC 9110 §5.1", ws({ add: ["Sec-WebSocket(Protocol: chat"] }), {}, rej(400, "bad-field-name"),
  "'(' is not a tchar: the line is not a field.");
n("syntax-no-colon", "RFC 9112 §5", ws({ add: ["this line has no colon"] }), {}, { kind: "reject", status: 400 },
  "A field line without a colon.");
n("syntax-double-space-request-line", "RFC 9112 §3", ws({ method: "GET ", target: "/chat" }), {}, rej(400, "bad-request-line"),
  "Request-line parts are separated by single SP; lenient parsing of it is a known smuggling vector.", { conformant: [400, 101] });
n("syntax-http-2.0-request-line", "RFC 9112 §2.3", ws({ version: "HTTP/2.0" }), {}, rej(505, "unsupported-http-version"),
  "HTTP/2.0 is not spoken in HTTP/1.1 syntax: 505.", { conformant: [400, 505, "closed"] });
n("syntax-http-0.9-request-line", "RFC 9112 §2.3", ws({ version: "HTTP/0.9" }), {}, rej(505, "unsupported-http-version"),
  "HTTP/0.9 is not HTTP/1.1; llhttp reads it as a version of its own (tests/js/strict-reader.test.js).", { conformant: [400, 505, "closed"] });
n("syntax-request-line-without-version", "RFC 9112 §3", "GET /chat\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n", {},
  rej(400, "bad-request-line"), "request-line = method SP request-target SP HTTP-version: a line without the version (HTTP/0.9's) is invalid; llhttp reads it as HTTP/0.9 and goes on to read fields (tests/js/strict-reader.test.js).",
  { conformant: [400, 505, "closed"] });
n("syntax-http-1.2", "RFC 9110 §2.5", ws({ version: "HTTP/1.2" }), {}, { kind: "switch", status: 101 },
  "A higher minor version of a major version the server implements \"SHOULD\" be processed as the highest it speaks (HTTP/1.1), and is answered in HTTP/1.1.",
  { conformant: [101, 505, 400] });
n("syntax-lowercase-method", "RFC 9110 §9.1", ws({ method: "get" }), {}, rej(405, "websocket-method", { headers: [["Allow", "GET"]] }),
  "Methods are case-sensitive: \"get\" is not GET.", { conformant: [400, 405, 404] });
n("syntax-leading-empty-lines", "RFC 9112 §2.2", "\r\n\r\n" + ws(), {}, sw(),
  "\"a server that is expecting to receive and parse a request-line SHOULD ignore at least one empty line (CRLF) received prior to the request-line\".", { conformant: [101, 400] });

// ---- duplicated and conflicting fields ---------------------------------------------------
n("dup-host", "RFC 9112 §3.2", ws({ add: ["Host: evil.example"] }), {}, rej(400, "bad-host", CLOSE),
  "\"A server MUST respond with a 400 ... to any request message that contains more than one Host header field line\".");
n("dup-host-missing", "RFC 9112 §3.2", ws({ set: { Host: null } }), {}, rej(400, "bad-host"),
  "\"A server MUST respond with a 400 ... to any HTTP/1.1 request message that lacks a Host header field\".");
n("dup-host-absolute-form-without-host", "RFC 9112 §3.2", ws({ set: { Host: null }, target: "http://server.example.com/chat" }), {}, rej(400, "bad-host"),
  "The MUST covers absolute-form too: only a proxy replaces Host from an absolute target (§3.2.2); a client \"MUST send a Host header field in all HTTP/1.1 request messages\".");
n("dup-host-invalid", "RFC 9112 §3.2", ws({ set: { Host: "server example.com" } }), {}, rej(400, "bad-host"),
  "A Host with a space is not uri-host [\":\" port].");
n("dup-upgrade-lines", "RFC 9110 §5.3", ws({ set: { Upgrade: "foo/1" }, add: ["Upgrade: websocket"] }), {}, sw(),
  "Two Upgrade lines combine into one list; websocket is the first one this endpoint performs.", { conformant: [101, 400] });
n("dup-connection-lines", "RFC 9110 §5.3", ws({ set: { Connection: "keep-alive" }, add: ["Connection: Upgrade"] }), {}, sw(),
  "Two Connection lines combine; the upgrade token is in the second.", { conformant: [101, 400] });
n("dup-connection-keepalive-upgrade", "RFC 6455 §4.2.1 item 4", ws({ set: { Connection: "keep-alive, Upgrade" } }), {}, sw(),
  "Connection must include the upgrade token, not equal it (Firefox sends this).");
n("dup-origin", "RFC 6455 §10.2", ws({ set: { Origin: "http://example.com" }, add: ["Origin: http://evil.example"] }), { origins: ["http://example.com"] },
  rej(403, "origin-forbidden"), "Two Origin fields: which one a browser sent is ambiguous, so the origin policy refuses (cross-site WebSocket hijacking).", { conformant: [400, 403] });
n("dup-protocol-lines", "RFC 9110 §5.3", ws({ set: { "Sec-WebSocket-Protocol": "chat" }, add: ["Sec-WebSocket-Protocol: superchat"] }), { protocols: ["superchat"] },
  sw({ subprotocol: "superchat" }), "Sec-WebSocket-Protocol is a list and may span lines (RFC 6455 §11.3.4 allows repetition in requests).");
n("dup-cl-and-te", "RFC 9112 §6.1", ws({ set: { "Content-Length": "4", "Transfer-Encoding": "chunked" } }), {}, rej(400, "conflicting-framing"),
  "Content-Length with Transfer-Encoding (the classic smuggling pair) on a handshake: RFC 9112 §6.1 lets the server reject it (and it must close the connection either way); this engine rejects it with 400 for every request, so it can never reach a 101.",
  { conformant: [101, 400] });

const post = (...fields) => `POST /form HTTP/1.1\r\nHost: server.example.com\r\n${fields.map((f) => f + "\r\n").join("")}\r\n`;
n("te-chunked-not-final", "RFC 9112 §6.3", post("Transfer-Encoding: chunked, gzip") + "0\r\n\r\n", {}, { kind: "reject", status: 400, error: "bad-transfer-encoding", headers: [["Connection", "close"]] },
  "\"If a Transfer-Encoding header field is present in a request and the chunked transfer coding is not the final encoding, the message body length cannot be determined reliably; the server MUST respond with the 400 (Bad Request) status code and then close the connection.\" llhttp refuses it (tests/js/strict-reader.test.js).",
  { conformant: [400] });
n("te-not-chunked", "RFC 9112 §6.3", post("Transfer-Encoding: gzip") + "x", {}, { kind: "reject", status: 400, error: "bad-transfer-encoding", headers: [["Connection", "close"]] },
  "A request whose only transfer coding is gzip: chunked is not the final encoding, so 400 and close (llhttp accepts it too).",
  { conformant: [400] });
n("te-chunked-twice", "RFC 9112 §6.1", post("Transfer-Encoding: chunked, chunked") + "0\r\n\r\n", {}, { kind: "reject", status: 400, error: "bad-transfer-encoding", headers: [["Connection", "close"]] },
  "\"A sender MUST NOT apply the chunked transfer coding more than once\": a reader that decodes it once and one that decodes it twice frame the body differently. llhttp refuses it (tests/js/strict-reader.test.js).",
  { conformant: [400] });

// ---- oversized and numerous --------------------------------------------------------------
const xs = (k) => Array.from({ length: k }, (_, i) => `X-F${i}: v`);
n("size-101-fields", "RFC 6585 §5", ws({ add: xs(96) }), {}, rej(431, "too-many-headers"),
  "101 field lines against the default limit of 100: 431.", { conformant: [101, 400, 431] });
n("size-100-fields", "RFC 6585 §5", ws({ add: xs(95) }), {}, sw(), "Exactly 100 field lines: the boundary is inclusive.");
n("size-policy-max-headers", "RFC 6585 §5", ws(), { maxHeaders: 4 }, rej(431, "too-many-headers"),
  "The policy's maxHeaders (4) is below the 5 fields of the handshake.");
n("size-policy-max-head-bytes", "RFC 6585 §5", ws(), { maxHeadBytes: 64 }, rej(431, "head-too-large"),
  "The policy's maxHeadBytes (64) is below the head's size.");
n("size-1mib-field", "RFC 6585 §5", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nX-Pad: ", { repeat: "a", times: 1 << 20 },
  "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n"], {},
  rej(431, "head-too-large"), "A 1 MiB field against the 16 KiB default: 431 after reading at most the limit (ws CVE-2024-37890 crashed on a head like this).",
  { conformant: [400, 431, 494, "closed"] });
n("size-16kib-plus-one", "RFC 6585 §5", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nX-Pad: ", { repeat: "a", times: 16 * 1024 }, "\r\n\r\n"], {},
  rej(431, "head-too-large"), "Just past 16 KiB.", { conformant: [101, 200, 400, 404, 426, 431] });
n("size-long-target", "RFC 9112 §3", ["GET /", { repeat: "a", times: 20000 }, " HTTP/1.1\r\nHost: server.example.com\r\n\r\n"], {},
  rej(414, "target-too-long"), "A request line that does not end within the limit: 414 (RFC 9110 §15.5.15).", { conformant: [400, 414, 431, "closed"] });
n("size-1mib-head-allowed", "RFC 6585 §5", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nX-Pad: ", { repeat: "a", times: 1 << 20 },
  "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n"], big, sw(),
  "The same 1 MiB head under a 4 MiB limit negotiates, in linear time.", { conformant: [101, 400, 431, 494, "closed"] });

// ---- 100,000-element lists ---------------------------------------------------------------
const L = 100000;
const wsWith = (name, parts) => ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + name + ": ", ...parts, "\r\n\r\n"];
n("list-100k-protocols", "RFC 9110 §5.6.1", wsWith("Sec-WebSocket-Protocol", [{ repeat: "a, ", times: L }, "chat"]), { ...big, protocols: ["chat"] },
  sw({ subprotocol: "chat" }), "100,000 subprotocols then the supported one: found in one linear pass (ws CVE-2021-32640 was a ReDoS on this header).",
  { conformant: [101, 400, 431, "closed"] });
n("list-100k-connection", "RFC 9110 §5.6.1", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: ", { repeat: "keep-alive, ", times: L },
  "Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n"], big, sw(),
  "The upgrade token after 100,000 others in Connection.", { conformant: [101, 400, 431, "closed"] });
n("list-100k-upgrade", "RFC 9110 §7.8", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: ", { repeat: "foo/1, ", times: L },
  "websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n"], big, sw(),
  "websocket after 100,000 protocols this endpoint does not perform.", { conformant: [101, 400, 431, "closed"] });
n("list-100k-declined-extensions", "RFC 7692 §5", wsWith("Sec-WebSocket-Extensions", [{ repeat: "permessage-deflate; x=1, ", times: L }, "permessage-deflate"]),
  { ...big, permessageDeflate: true }, sw({ extensions: "permessage-deflate" }),
  "100,000 declined offers (unknown parameter) then an acceptable one: each offer parsed once (tungstenite CVE-2023-43669 re-parsed quadratically).",
  { conformant: [101, 400, 431, "closed"] });
n("list-100k-empty-elements", "RFC 9110 §5.6.1", wsWith("Sec-WebSocket-Protocol", [{ repeat: ",", times: L }]), { ...big, protocols: ["chat"] },
  sw({ subprotocol: null }), "A recipient must accept and ignore empty list elements: 100,000 of them are an empty offer.",
  { conformant: [101, 400, 431, "closed"] });
n("list-100k-default-limit", "RFC 6585 §5", wsWith("Sec-WebSocket-Protocol", [{ repeat: "a, ", times: L }, "chat"]), { protocols: ["chat"] },
  rej(431, "head-too-large"), "The same list under the default 16 KiB limit is refused before any list parsing.",
  { conformant: [101, 400, 431, "closed"] });

// ---- quoted strings and extension parameters ---------------------------------------------
const pmd = { permessageDeflate: true };
n("quote-unterminated-param", "RFC 7692 §5", ws({ set: { "Sec-WebSocket-Extensions": 'permessage-deflate; client_max_window_bits="10' } }), pmd,
  sw({ extensions: null }), "An unterminated quoted string makes the offer invalid: declined, and declining never fails the handshake.");
n("quote-unterminated-swallows-next", "RFC 9110 §5.6.4", ws({ set: { "Sec-WebSocket-Extensions": 'permessage-deflate; x="abc, permessage-deflate' } }), pmd,
  sw({ extensions: null }), "The open quote swallows the comma, so there is one malformed offer, not two.");
n("quote-100k-quotes", "RFC 9110 §5.6.4", wsWith("Sec-WebSocket-Extensions", [{ repeat: '"', times: L + 1 }]), { ...big, ...pmd },
  sw({ extensions: null }), "100,001 quote characters: one linear scan, no backtracking.", { conformant: [101, 400, 431, "closed"] });
n("quote-100k-escapes", "RFC 9110 §5.6.4", wsWith("Sec-WebSocket-Extensions", ['permessage-deflate; x="', { repeat: "\\\\", times: L }]), { ...big, ...pmd },
  sw({ extensions: null }), "An unterminated quoted string of 100,000 quoted-pairs.", { conformant: [101, 400, 431, "closed"] });
n("quote-valid-window-bits", "RFC 7692 §7.1.2.1", ws({ set: { "Sec-WebSocket-Extensions": 'permessage-deflate; server_max_window_bits="10"' } }), pmd,
  sw({ extensions: "permessage-deflate; server_max_window_bits=10" }), "A quoted value is a token after unescaping (RFC 6455 §9.1).");
n("quote-escaped-window-bits", "RFC 6455 §9.1", ws({ set: { "Sec-WebSocket-Extensions": 'permessage-deflate; server_max_window_bits="1\\0"' } }), pmd,
  sw({ extensions: "permessage-deflate; server_max_window_bits=10" }), "\"1\\0\" unescapes to 10.");
n("ext-window-bits-16-then-valid", "RFC 7692 §7.1.2.1", ws({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; server_max_window_bits=16, permessage-deflate" } }), pmd,
  sw({ extensions: "permessage-deflate" }), "16 is outside 8..15: that offer is declined and the next one accepted.");
n("ext-repeated-param", "RFC 7692 §7", ws({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; server_no_context_takeover; server_no_context_takeover" } }), pmd,
  sw({ extensions: null }), "A repeated parameter makes the offer invalid: declined.");
n("ext-unknown-param", "RFC 7692 §7", ws({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; foo" } }), pmd,
  sw({ extensions: null }), "An unknown parameter: declined.");
n("ext-leading-zero-bits", "RFC 7692 §7.1.2.1", ws({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits=09" } }), pmd,
  sw({ extensions: null }), "Window bits are 1*DIGIT without leading zeros in the RFC's ABNF (%x38-39 / \"1\" %x30-35).");
n("ext-off-by-policy", "RFC 6455 §9.1", ws({ set: { "Sec-WebSocket-Extensions": "permessage-deflate" } }), {},
  sw({ extensions: null }), "permessage-deflate is off: the 101 carries no Sec-WebSocket-Extensions.");
n("protocol-quoted", "RFC 6455 §4.1 item 10", ws({ set: { "Sec-WebSocket-Protocol": '"chat"' } }), { protocols: ["chat"] },
  rej(400, "bad-websocket-protocol"), "Subprotocols are tokens; a quoted string is not one.", { conformant: [101, 400] });
n("protocol-slash", "RFC 6455 §4.1 item 10", ws({ set: { "Sec-WebSocket-Protocol": "chat/1" } }), { protocols: ["chat"] },
  rej(400, "bad-websocket-protocol"), "'/' is a separator, not a tchar.", { conformant: [101, 400] });
n("protocol-client-order", "RFC 6455 §4.2.2 item 4", ws({ set: { "Sec-WebSocket-Protocol": "superchat, chat" } }), { protocols: ["chat", "superchat"] },
  sw({ subprotocol: "superchat" }), "The first subprotocol the client offers that the server supports.");
n("protocol-no-overlap", "RFC 6455 §4.2.2 item 4", ws({ set: { "Sec-WebSocket-Protocol": "foo" } }), { protocols: ["chat"] },
  sw({ subprotocol: null, notHeaders: ["Sec-WebSocket-Protocol"] }), "No overlap: 101 without the header (the client then fails the connection if it insists).");

// ---- non-ASCII ---------------------------------------------------------------------------
n("utf8-protocol", "RFC 6455 §4.1 item 10", ws({ set: { "Sec-WebSocket-Protocol": "çhat" } }), { protocols: ["chat"] },
  rej(400, "bad-websocket-protocol"), "Non-ASCII is not a tchar.", { conformant: [101, 400] });
n("utf8-host", "RFC 9112 §3.2", ws({ set: { Host: "bücher.example" } }), {}, rej(400, "bad-host"),
  "A Host with raw UTF-8 is not a uri-host (IDNs travel as A-labels).", { conformant: [101, 400] });
n("utf8-upgrade", "RFC 9110 §7.8", ws({ set: { Upgrade: "websocket\u00a0" } }), {}, rej(400, "bad-upgrade"),
  "A no-break space glued to the token: not a protocol token.", { conformant: [400, 426] });
n("obs-text-harmless-field", "RFC 9110 §5.5", ws({ set: { "X-Name": "héllo" } }), {}, sw(),
  "obs-text is allowed in field values; an unrelated field with it does not fail the handshake.", { conformant: [101, 400] });
n("latin1-raw-byte", "RFC 9110 §5.5", ["GET /chat HTTP/1.1\r\nHost: server.example.com\r\nX-Raw: ", { hex: "ff" }, "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n"], {},
  sw(), "A lone 0xFF byte (not UTF-8) in an unrelated field is obs-text.", { conformant: [101, 400] });

// ---- truncated heads ---------------------------------------------------------------------
n("trunc-no-blank-line", "RFC 9112 §2.1", ws({ end: "" }), {}, { kind: "incomplete", status: null },
  "The head has not ended: read more, never decide on a prefix.", { conformant: ["timeout", "closed"] });
n("trunc-request-line", "RFC 9112 §2.1", "GET /chat HTTP/1.", {}, { kind: "incomplete", status: null },
  "A prefix of the request line.", { conformant: ["timeout", "closed"] });
n("trunc-empty", "RFC 9112 §2.1", "", {}, { kind: "incomplete", status: null },
  "Nothing yet.", { conformant: ["timeout", "closed"] });
n("trunc-cr-before-end", "RFC 9112 §2.1", ws({ end: "\r" }), {}, { kind: "incomplete", status: null },
  "The final CRLF is half there.", { conformant: ["timeout", "closed"] });
n("trunc-mid-field-name", "RFC 9112 §2.1", "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nSec-WebSock", {}, { kind: "incomplete", status: null },
  "Cut inside a field name.", { conformant: ["timeout", "closed"] });

// ---- data after a rejected (or accepted) upgrade ----------------------------------------
const smuggled = "GET /admin HTTP/1.1\r\nHost: internal\r\n\r\n";
n("after-reject-smuggled-request", "RFC 6455 §4.2.2 item 4", ws({ set: { "Sec-WebSocket-Version": "99" } }) + smuggled, {},
  rej(426, "bad-websocket-version", { headers: [["Connection", "Upgrade, close"]] }),
  "A refused handshake followed by a second request: the engine answers only the first and asks to close, so the pipelined request is never served as if the tunnel were open.",
  { conformant: [400, 426] });
n("after-reject-frame-bytes", "RFC 6455 §4.2.1 item 5", [ws({ set: { "Sec-WebSocket-Key": "short" } }), { hex: "818537fa213d7f9f4d5158" }], {},
  rej(400, "bad-websocket-key", CLOSE), "WebSocket frame bytes after a refused handshake are never read as a frame or a request.");
n("after-switch-frame-bytes", "RFC 6455 §4.2.2", [ws(), { hex: "818537fa213d7f9f4d5158" }], {}, sw(),
  "Bytes after an accepted head belong to the new protocol; the decision is about the head alone.");
n("after-reject-h2-preface", "RFC 7540 §3.5", h2c(settings([2, 7])) + "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", H2C,
  np("http2-settings"), "An h2c offer that is not performed followed by the HTTP/2 connection preface: no switch; the request is served in HTTP/1.1 and the preface is the next (bad) request.",
  { conformant: [200, 400, 404, 426] });

// ---- other RFC 6455 / 2817 / 9110 rules --------------------------------------------------
n("ws-post", "RFC 6455 §4.2.1 item 1", ws({ method: "POST" }), {}, rej(405, "websocket-method", { headers: [["Allow", "GET"]] }),
  "The opening handshake is a GET.", { conformant: [400, 404, 405] });
n("ws-http10", "RFC 6455 §4.2.1 item 1", ws({ version: "HTTP/1.0" }), {}, rej(400, "websocket-http-version"),
  "HTTP/1.1 or higher.", { conformant: [400, 426] });
n("ws-connection-keepalive-only", "RFC 6455 §4.2.1 item 4", ws({ set: { Connection: "keep-alive" } }), {}, rej(400, "missing-connection-upgrade"),
  "Without the upgrade token in Connection, Upgrade may be a stale hop-by-hop field.", { conformant: [400, 426] });
n("ws-connection-edge-mode", "RFC 6455 §4.2.1 item 4", ws({ set: { Connection: "keep-alive" } }), { edge: true }, sw(),
  "Edge mode: the proxy in front rewrites Connection, so its absence is a warning only.");
n("ws-upgrade-other", "RFC 6455 §4.2.1 item 3", ws({ set: { Upgrade: "foo" } }), {}, rej(400, "missing-upgrade-websocket"),
  "WebSocket fields with an Upgrade that does not name websocket: a handshake attempt that fails (never Pass).", { conformant: [400, 426] });
n("ws-upgrade-empty", "RFC 6455 §4.2.1 item 3", ws({ set: { Upgrade: "" } }), {}, rej(400, "missing-upgrade-websocket"),
  "An empty Upgrade is no offer at all.", { conformant: [400, 426] });
n("ws-upgrade-mixed-case", "RFC 6455 §4.2.1 item 3", ws({ set: { Upgrade: "WebSocket" } }), {}, sw(),
  "The websocket token is matched ASCII case-insensitively.");
n("ws-upgrade-empty-elements", "RFC 9110 §5.6.1", ws({ set: { Upgrade: ",, websocket ,," } }), {}, sw(),
  "Empty list elements are ignored.", { conformant: [101, 400] });
n("ws-upgrade-space-separated", "RFC 9110 §7.8", ws({ set: { Upgrade: "websocket websocket" } }), {}, rej(400, "bad-upgrade"),
  "Upgrade is comma-separated; a space inside an element is not a protocol token.", { conformant: [400, 101] });
n("ws-upgrade-semicolon", "RFC 9110 §7.8", ws({ set: { Upgrade: "websocket;" } }), {}, rej(400, "bad-upgrade"),
  "';' is not a tchar.", { conformant: [400, 426] });
n("ws-upgrade-client-order", "RFC 9110 §7.8", ws({ set: { Upgrade: "foo, websocket, h2c" } }), H2C, sw(),
  "The first protocol in the client's order that the server performs.");
n("origin-forbidden", "RFC 6455 §10.2", ws({ set: { Origin: "http://evil.example" } }), { origins: ["http://example.com"] },
  rej(403, "origin-forbidden"), "A browser request from another origin (cross-site WebSocket hijacking).", { conformant: [101, 403] });
n("origin-suffix-attack", "RFC 6455 §10.2", ws({ set: { Origin: "http://example.com.evil.example" } }), { origins: ["http://example.com"] },
  rej(403, "origin-forbidden"), "A prefix match would let this through; the match is exact.", { conformant: [101, 403] });
n("origin-null", "RFC 6454 §7.3", ws({ set: { Origin: "null" } }), { origins: ["http://example.com"] },
  rej(403, "origin-forbidden"), "An opaque origin (sandboxed iframe, file:) is not an allowed origin.", { conformant: [101, 403] });
n("origin-case-insensitive", "RFC 6454 §6.2", ws({ set: { Origin: "HTTP://EXAMPLE.COM" } }), { origins: ["http://example.com"] },
  sw(), "Scheme and host compare ASCII-case-insensitively.", { conformant: [101, 403] });
n("origin-absent", "RFC 6455 §4.1", ws(), { origins: ["http://example.com"] }, sw(),
  "No Origin: not a browser, the origin policy does not apply.");
n("tls-required-websocket", "RFC 2817 §4.2", ws(), { requireTls: true },
  rej(426, "tls-required", { headers: [["Upgrade", "TLS/1.0, HTTP/1.1"], ["Connection", "Upgrade"]] }),
  "Require-TLS answers anything but a TLS upgrade with 426 and the protocol stack.", { conformant: [101, 426] });
n("tls-upgrade", "RFC 2817 §3.2", "OPTIONS * HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n", { requireTls: true },
  { kind: "switch", status: 101, protocol: "TLS/1.0", headers: [["Upgrade", "TLS/1.0, HTTP/1.1"]] }, "The mandatory-upgrade form.",
  { conformant: [101, 200, 400, 404, 405, 426] });
n("tls-version-mismatch", "RFC 9110 §7.8", "OPTIONS * HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: TLS/1.1\r\nConnection: Upgrade\r\n\r\n", { requireTls: true },
  rej(426, "tls-required"), "Protocol versions compare exactly: TLS/1.1 is not TLS/1.0.", { conformant: [200, 400, 404, 405, 426] });

// ---- verify_response (client side) -------------------------------------------------------
const resp = ({ status = "101 Switching Protocols", set = {}, add = [] } = {}) => {
  const fields = [["Upgrade", "websocket"], ["Connection", "Upgrade"], ["Sec-WebSocket-Accept", ACCEPT]];
  const lines = [];
  for (const [k, val] of fields) if (k in set) { if (set[k] !== null) lines.push(`${k}: ${set[k]}`); } else lines.push(`${k}: ${val}`);
  for (const [k, val] of Object.entries(set)) if (!fields.some(([f]) => f === k) && val !== null) lines.push(`${k}: ${val}`);
  return `HTTP/1.1 ${status}\r\n${[...lines, ...add].map((l) => l + "\r\n").join("")}\r\n`;
};
const offer = { key: KEY };
v("verify-rfc-example", "RFC 6455 §1.3", resp({ set: { "Sec-WebSocket-Protocol": "chat" } }), { key: KEY, protocols: ["chat", "superchat"] },
  { ok: true, protocol: "chat" }, "The RFC's own answer.");
v("verify-wrong-accept", "RFC 6455 §4.1 response step 4", resp({ set: { "Sec-WebSocket-Accept": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }), offer,
  { ok: false, error: "response-accept" }, "An accept value for another key: a cache or a non-WebSocket server answered.");
v("verify-accept-case", "RFC 6455 §4.1 response step 4", resp({ set: { "Sec-WebSocket-Accept": ACCEPT.toLowerCase() } }), offer,
  { ok: false, error: "response-accept" }, "base64 is case-sensitive.");
v("verify-missing-accept", "RFC 6455 §4.1 response step 4", resp({ set: { "Sec-WebSocket-Accept": null } }), offer,
  { ok: false, error: "response-accept" }, "No accept value.");
v("verify-duplicate-accept", "RFC 6455 §11.3.3", resp({ add: [`Sec-WebSocket-Accept: ${ACCEPT}`] }), offer,
  { ok: false, error: "duplicate-response-field" }, "Sec-WebSocket-Accept must not appear more than once.");
v("verify-protocol-not-offered", "RFC 6455 §4.1 response step 6", resp({ set: { "Sec-WebSocket-Protocol": "admin" } }), { key: KEY, protocols: ["chat"] },
  { ok: false, error: "response-protocol" }, "A subprotocol the client did not offer.");
v("verify-protocol-none-offered", "RFC 6455 §4.1 response step 6", resp({ set: { "Sec-WebSocket-Protocol": "chat" } }), offer,
  { ok: false, error: "response-protocol" }, "A subprotocol when none was offered.");
v("verify-extension-not-offered", "RFC 6455 §4.1 response step 5", resp({ set: { "Sec-WebSocket-Extensions": "permessage-deflate" } }), offer,
  { ok: false, error: "response-extensions" }, "An extension the client did not offer.");
v("verify-extension-bits-16", "RFC 7692 §7.1.2.1", resp({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; server_max_window_bits=16" } }),
  { key: KEY, extensions: "permessage-deflate" }, { ok: false, error: "response-extensions" }, "Window bits outside 8..15.");
v("verify-extension-client-bits-unoffered", "RFC 7692 §7.1.2.2", resp({ set: { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits=10" } }),
  { key: KEY, extensions: "permessage-deflate" }, { ok: false, error: "response-extensions" }, "client_max_window_bits only if the client offered it.");
v("verify-extension-unterminated-quote", "RFC 9110 §5.6.4", resp({ set: { "Sec-WebSocket-Extensions": 'permessage-deflate; server_max_window_bits="10' } }),
  { key: KEY, extensions: "permessage-deflate" }, { ok: false, error: "response-extensions" }, "An unterminated quoted string in the response.");
v("verify-extension-100k-empty", "RFC 9110 §5.6.1", ["HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\nSec-WebSocket-Extensions: ", { repeat: ", ", times: L }, "permessage-deflate\r\n\r\n"],
  { key: KEY, extensions: "permessage-deflate" }, { ok: true, extensions: "permessage-deflate" }, "100,000 empty elements before the accepted extension: linear, and the extension is accepted; empty list elements are ignored (RFC 9110 §5.6.1), so the value read is the one element.");
const deflateAnswer = (offer, answer) => [resp({ set: { "Sec-WebSocket-Extensions": answer } }), { key: KEY, extensions: offer }];
v("verify-deflate-server-bits-above-offer", "RFC 7692 §7.1.2.1", ...deflateAnswer("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=12"),
  { ok: false, error: "response-extensions" }, "The server's window may be the same as or smaller than the offer's, never larger.");
v("verify-deflate-server-bits-below-offer", "RFC 7692 §7.1.2.1", ...deflateAnswer("permessage-deflate; server_max_window_bits=12", "permessage-deflate; server_max_window_bits=10"),
  { ok: true, extensions: "permessage-deflate; server_max_window_bits=10" }, "A smaller server window than offered is allowed.");
v("verify-deflate-server-bits-dropped", "RFC 7692 §7.1.2.1", ...deflateAnswer("permessage-deflate; server_max_window_bits=10", "permessage-deflate"),
  { ok: false, error: "response-extensions" }, "A server that accepts an offer limiting its window must answer server_max_window_bits.");
v("verify-deflate-server-bits-unasked", "RFC 7692 §7.1.2.1", ...deflateAnswer("permessage-deflate", "permessage-deflate; server_max_window_bits=10"),
  { ok: true, extensions: "permessage-deflate; server_max_window_bits=10" }, "The server may limit its own window unasked.");
v("verify-deflate-client-bits-above-offer", "RFC 7692 §7.1.2.2", ...deflateAnswer("permessage-deflate; client_max_window_bits=10", "permessage-deflate; client_max_window_bits=12"),
  { ok: false, error: "response-extensions" }, "The client's window in the answer is the same as or smaller than the value it offered.");
v("verify-deflate-client-bits-any", "RFC 7692 §7.1.2.2", ...deflateAnswer("permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits=9"),
  { ok: true, extensions: "permessage-deflate; client_max_window_bits=9" }, "An offer of client_max_window_bits without a value takes any value from 8 to 15.");
v("verify-deflate-second-offer", "RFC 7692 §5", ...deflateAnswer("permessage-deflate; server_max_window_bits=10, permessage-deflate", "permessage-deflate"),
  { ok: true, extensions: "permessage-deflate" }, "The answer fits the second offer, which did not limit the server's window.");
v("verify-426-versions", "RFC 6455 §4.4", "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8, 7\r\n\r\n", offer,
  { ok: false, error: "version-not-supported", versions: [13, 8, 7] }, "A 426 lists the versions for a retry.");
v("verify-200", "RFC 6455 §4.1 response step 1", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", offer, { ok: false, error: "bad-status" },
  "Anything but 101 fails the handshake.");
v("verify-upgrade-h2c", "RFC 6455 §4.1 response step 2", resp({ set: { Upgrade: "h2c" } }), offer, { ok: false, error: "response-upgrade" },
  "The server switched to another protocol.");
v("verify-upgrade-list", "RFC 6455 §4.1 response step 2", resp({ set: { Upgrade: "websocket, h2c" } }), offer, { ok: false, error: "response-upgrade" },
  "A 101 switches to one protocol stack; websocket must be the Upgrade value.");
v("verify-no-connection", "RFC 6455 §4.1 response step 3", resp({ set: { Connection: null } }), offer, { ok: false, error: "response-connection" },
  "No Connection: upgrade.");
v("verify-truncated", "RFC 9112 §4", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n", offer, { ok: false, incomplete: true },
  "Half a response: read more.");
v("verify-obs-fold", "RFC 9112 §5.2", resp({ set: { Upgrade: "\r\n websocket" } }), offer, { ok: true },
  "A user agent replaces each obs-fold of a response with SP before reading the value, so the folded Upgrade is websocket.");
v("verify-obs-fold-protocol", "RFC 9112 §5.2", resp({ set: { "Sec-WebSocket-Protocol": "\r\n\tchat" } }), { key: KEY, protocols: ["chat"] },
  { ok: true, protocol: "chat" }, "A folded Sec-WebSocket-Protocol is read unfolded.");
v("verify-obs-fold-extensions", "RFC 9112 §5.2", resp({ set: { "Sec-WebSocket-Extensions": "permessage-deflate;\r\n server_max_window_bits=10" } }),
  { key: KEY, extensions: "permessage-deflate; server_max_window_bits=10" }, { ok: true, extensions: "permessage-deflate;   server_max_window_bits=10" },
  "A folded Sec-WebSocket-Extensions is read with the fold as spaces.");
v("verify-space-after-status-line", "RFC 9112 §2.2", "HTTP/1.1 101 Switching Protocols\r\n Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n", offer,
  { ok: false, error: "bad-response" }, "Whitespace before the first field folds nothing: the response is invalid.");
v("verify-nul", "RFC 9110 §5.5", resp({ set: { "Sec-WebSocket-Protocol": "ch\0at" } }), { key: KEY, protocols: ["chat"] }, { ok: false, error: "bad-response" },
  "NUL in a response field.");
v("verify-101-many-fields", "RFC 6585 §5", resp({ add: xs(120) }), offer, { ok: false, error: "bad-response" },
  "More response fields than the client reads: refused, not a crash.");
v("verify-extension-twice", "RFC 7692 §7", resp({ set: { "Sec-WebSocket-Extensions": "permessage-deflate, permessage-deflate" } }),
  { key: KEY, extensions: "permessage-deflate, permessage-deflate" }, { ok: false, error: "response-extensions" }, "The server may accept permessage-deflate once.");

// Sizes are checked here so a mistake shows when the file is written.
const names = new Set();
for (const c of [...negotiate, ...verify]) {
  if (names.has(c.name)) throw new Error(`duplicate case ${c.name}`);
  names.add(c.name);
  if (!c.reason) throw new Error(`${c.name} has no reason`);
}
const out = new URL("../adversarial.json", import.meta.url);
writeFileSync(out, JSON.stringify({
  $comment: "Adversarial corpus (issue 7). Same shape as tests/vectors.json plus a reason per case. request/response: a string or an array of parts (string | {repeat, times} | {hex}) to concatenate. expect.headers: pairs that must be present; expect.notHeaders: names that must be absent; expect.warn: check ids the trail must hold as warnings; a null expected field must be absent. A case never carries knownBug: both runners fail on one. conformant: the statuses (or \"closed\"/\"timeout\") the RFCs also allow a server, used by tests/conformance. Written by tests/conformance/corpus.mjs.",
  negotiate, verify,
}, null, 1) + "\n");
console.log(`tests/adversarial.json: ${negotiate.length} negotiate + ${verify.length} verify = ${negotiate.length + verify.length} cases`);
