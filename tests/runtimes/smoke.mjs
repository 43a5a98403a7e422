// Smoke test run by Deno and Bun: import the package by name and use the whole API, no init call.
import { acceptKey, audit, auditCases, createRequest, generateKey, init, negotiate, negotiateFetch, verifyResponse } from "upgrade-handshake";

const runtime = typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.version}`;
let passed = 0;
let failed = 0;
function check(name, fn) {
  let ok = false;
  try {
    ok = fn() === true;
  } catch (e) {
    console.error(`not ok - ${name}: ${e?.stack ?? e}`);
    failed++;
    return;
  }
  if (ok) passed++;
  else {
    failed++;
    console.error(`not ok - ${name}`);
  }
}
function throwsType(fn, type = TypeError) {
  try {
    fn();
  } catch (e) {
    return e instanceof type;
  }
  return false;
}

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const RFC_1_3 =
  "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Key: ${KEY}\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n`;
const RFC_101 =
  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  `Sec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n`;

check("rfc6455_1_3_example_accept_key", () => acceptKey(KEY) === ACCEPT);
check("acceptKey(non-string) throws TypeError", () => throwsType(() => acceptKey(7)));
check("generateKey is base64 of 16 bytes", () => /^[A-Za-z0-9+/]{22}==$/.test(generateKey()) && generateKey() !== generateKey());
check("init() resolves", () => init() instanceof Promise);

check("negotiate(string): the RFC 6455 §1.3 101", () => {
  const o = negotiate(RFC_1_3, { protocols: ["chat"] });
  return o.kind === "switch" && o.status === 101 && o.protocol === "websocket" && o.subprotocol === "chat" &&
    o.response === `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n` &&
    o.checks.length > 0 && o.checks.every((c) => typeof c.section === "string");
});
check("negotiate(Uint8Array) agrees with the string", () =>
  JSON.stringify(negotiate(new TextEncoder().encode(RFC_1_3))) === JSON.stringify(negotiate(RFC_1_3)));
check("negotiate(Request)", () => {
  const req = new Request("http://server.example.com/chat", {
    headers: { Host: "server.example.com", Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13" },
  });
  const o = negotiate(req);
  return o.kind === "switch" && o.headers.some(([n, v]) => n === "Sec-WebSocket-Accept" && v === ACCEPT);
});
check("negotiate: a bad version is a 426 outcome with its RFC section", () => {
  const o = negotiate(RFC_1_3.replace("Version: 13", "Version: 8"));
  return o.kind === "reject" && o.status === 426 && o.error.code === "bad-websocket-version" && o.error.section.startsWith("RFC 6455") && o.body.length > 0;
});
check("negotiate: incomplete, pass, h2c settings", () =>
  negotiate("GET / HTTP/1.1\r\n").kind === "incomplete" &&
  negotiate("GET / HTTP/1.1\r\nHost: a\r\n\r\n").kind === "pass" &&
  negotiate("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n", { upgrades: ["h2c"] })
    .settings?.SETTINGS_MAX_CONCURRENT_STREAMS === 100);
check("negotiate: TypeError for a wrong input or option type", () =>
  throwsType(() => negotiate(42)) && throwsType(() => negotiate(RFC_1_3, { protocols: "chat" })));

check("verifyResponse: the RFC 6455 §1.3 101", () => {
  const v = verifyResponse(RFC_101, { key: KEY, protocols: ["chat", "superchat"] });
  return v.ok === true && v.protocol === "chat" && v.error === undefined;
});
check("verifyResponse: a wrong accept key", () => verifyResponse(RFC_101.replace(ACCEPT, "x"), { key: KEY, protocols: ["chat"] }).error?.code === "response-accept");
check("verifyResponse(Response): 426 lists versions", () => {
  const v = verifyResponse(new Response("no", { status: 426, headers: { "Sec-WebSocket-Version": "13" } }), { key: KEY });
  return v.ok === false && v.error.code === "version-not-supported" && v.versions?.[0] === 13;
});

check("createRequest -> negotiate -> verifyResponse round trip", () => {
  const req = createRequest({ url: "wss://example.com/chat", protocols: ["chat"], origin: "https://example.com" });
  const out = negotiate(req.request, { protocols: ["chat"], origins: ["https://example.com"] });
  const v = verifyResponse(out.response, { key: req.key, protocols: ["chat"] });
  return out.kind === "switch" && v.ok && v.protocol === "chat";
});
check("createRequest: CR/LF throws a TypeError", () => throwsType(() => createRequest({ url: "ws://a/", origin: "x\r\ny" })));

check("negotiateFetch: switch, reject, pass", () => {
  const ws = { Host: "a", Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Key": KEY, "Sec-WebSocket-Version": "13", "Sec-WebSocket-Protocol": "chat" };
  const s = negotiateFetch(new Request("http://a/chat", { headers: ws }), { protocols: ["chat"] });
  const r = negotiateFetch(new Request("http://a/chat", { headers: { ...ws, "Sec-WebSocket-Version": "8" } }));
  const p = negotiateFetch(new Request("http://a/"));
  return s.kind === "switch" && s.headers.get("Sec-WebSocket-Protocol") === "chat" &&
    r.kind === "reject" && r.response.status === 426 && p.kind === "pass";
});

check("auditCases: the catalogue builds for a target", () => auditCases("wss://h.example/chat").some((c) => c.id === "smuggle-key-duplicated"));

// The audit through an injected transport (no network permission needed): a server that answers 400.
{
  const transport = async () => {
    let answered = false;
    return {
      write: async () => {},
      read: async () => (answered ? null : ((answered = true), new TextEncoder().encode("HTTP/1.1 400 Bad Request\r\n\r\n"))),
      close() {},
    };
  };
  const report = await audit("ws://h.example/", { only: ["smuggle-key-missing"], transport });
  check("audit: a run with an injected transport", () => report.cases.length === 1 && report.cases[0].verdict === "pass" && report.summary.pass === 1);
}

console.log(`${runtime}: ${passed} passed, ${failed} failed`);
if (failed) (globalThis.Deno?.exit ?? process.exit)(1);
