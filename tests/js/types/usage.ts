// Compiled by tests/js/types.test.js with `tsc --noEmit --strict`: the declarations accept every
// documented use and reject misuse (each @ts-expect-error must be an error).
import {
  acceptKey,
  createRequest,
  generateKey,
  init,
  negotiate,
  negotiateFetch,
  verifyResponse,
  type Check,
  type ClientRequest,
  type FetchDecision,
  type HandshakeError,
  type Offer,
  type Outcome,
  type Policy,
  type RequestOptions,
  type Verification,
} from "upgrade-handshake";

const accept: string = acceptKey("dGhlIHNhbXBsZSBub25jZQ==");
const key: string = generateKey();
const ready: Promise<void> = init();

const policy: Policy = {
  upgrades: ["websocket", "h2c", "TLS/1.0"],
  protocols: ["chat"],
  origins: ["https://example.com"],
  permessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 10, clientMaxWindowBits: 12 },
  requireTls: false,
  edge: true,
  maxHeadBytes: 8192,
  maxHeaders: 50,
  trail: false,
};
const simple: Policy = { permessageDeflate: true };

const fromString: Outcome = negotiate("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
const fromBytes: Outcome = negotiate(new Uint8Array(0), policy);
const fromRequest: Outcome = negotiate(new Request("https://a.example/"), simple);

function describe(o: Outcome): string {
  const kind: "switch" | "reject" | "pass" | "incomplete" = o.kind;
  const status: number | null = o.status;
  const headers: [string, string][] = o.headers;
  const response: string = o.response;
  const protocol: string | undefined = o.protocol;
  const body: string | undefined = o.body;
  const sub: string | undefined = o.subprotocol;
  const ext: string | undefined = o.extensions;
  const frame: number | undefined = o.settings?.SETTINGS_MAX_FRAME_SIZE;
  const err: HandshakeError | undefined = o.error;
  const code: string | undefined = o.error?.code;
  const section: string | undefined = o.error?.section;
  const header: string | undefined = o.error?.header;
  const checks: Check[] = o.checks;
  const result: "pass" | "fail" | "skip" | "warn" | undefined = checks[0]?.result;
  return [kind, status, headers.length, response, protocol, body, sub, ext, frame, err?.message, code, section, header, result].join();
}
describe(fromString);
describe(fromBytes);
describe(fromRequest);

const offer: Offer = { key, protocols: ["chat"], extensions: "permessage-deflate" };
const v: Verification = verifyResponse("HTTP/1.1 101 Switching Protocols\r\n\r\n", offer);
const v2: Verification = verifyResponse(new Uint8Array(0), { key });
const v3: Verification = verifyResponse(new Response(null), { key });
const ok: boolean = v.ok && v2.ok && v3.ok;
const versions: number[] | undefined = v.versions;
const incomplete: boolean | undefined = v.incomplete;

const options: RequestOptions = { url: "wss://a.example/", protocols: ["chat"], extensions: "permessage-deflate", origin: "https://a.example", key };
const request: ClientRequest = createRequest(options);
const requestKey: string = request.key;
const requestHead: string = request.request;
const requestHeaders: [string, string][] = request.headers;

function handle(req: Request): Response {
  const decision: FetchDecision = negotiateFetch(req, { protocols: ["chat"], edge: true });
  switch (decision.kind) {
    case "switch": {
      const headers: Headers = decision.headers;
      const protocol: string = decision.protocol;
      return new Response(null, { status: 200, headers: { "x-protocol": protocol, "x-n": String([...headers].length) } });
    }
    case "reject":
      return decision.response;
    case "pass":
      return new Response(decision.outcome.kind);
  }
}
handle(new Request("https://a.example/"));

// ---- misuse the declarations must reject ----
// @ts-expect-error a key is a string
acceptKey(42);
// @ts-expect-error input must be a string, bytes or a Request
negotiate(42);
// @ts-expect-error an ArrayBuffer is not accepted (wrap it in a Uint8Array)
negotiate(new ArrayBuffer(2));
// @ts-expect-error upgrades is a list
negotiate("", { upgrades: "websocket" });
// @ts-expect-error unknown policy option
negotiate("", { protocol: ["chat"] });
// @ts-expect-error permessageDeflate is a boolean or parameters
negotiate("", { permessageDeflate: "on" });
// @ts-expect-error the offer needs a key
verifyResponse("", {});
// @ts-expect-error a Request is not a response
verifyResponse(new Request("https://a.example/"), { key });
// @ts-expect-error createRequest needs a url
createRequest({ protocols: ["chat"] });
// @ts-expect-error negotiateFetch takes a Request, not a string
negotiateFetch("GET / HTTP/1.1\r\n\r\n");
// @ts-expect-error status may be null
const s: number = fromString.status;
// @ts-expect-error kind is a closed set
const k: "upgrade" = fromString.kind;
// @ts-expect-error headers exist only on a switch
negotiateFetch(new Request("https://a.example/")).headers;

export { accept, ready, ok, versions, incomplete, requestKey, requestHead, requestHeaders, s, k };

// ---- the handshake audit ----
import { audit, auditCases, judge, AREAS, type AuditReport, type AuditProgress, type AuditVerdict, type AuditTransport } from "upgrade-handshake";
async function auditUsage(transport: AuditTransport): Promise<number> {
  const run = audit("ws://127.0.0.1:8080/chat", { origin: "https://app.example", protocols: ["chat"], only: ["smuggle-*"], timeout: 2000, transport });
  for await (const event of run) {
    const p: AuditProgress = event;
    const v: AuditVerdict = p.case.verdict;
    void v;
  }
  const report: AuditReport = await run;
  const c = auditCases(new URL("wss://example.com/"), { h2c: true })[0];
  const j = judge(c, { received: report.cases[0].received, error: "x", end: "timeout" });
  const title: string = AREAS[c.area].title;
  void title;
  return report.summary.fail + (j.verdict === "fail" ? 1 : 0) + (report.cases[0].received?.status ?? 0);
}
void auditUsage;
// @ts-expect-error the timeout is a number of milliseconds
audit("ws://a/", { timeout: "5s" });
// @ts-expect-error protocols is a list
audit("ws://a/", { protocols: "chat" });
