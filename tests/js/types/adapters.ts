// Compiled by tests/js/types.test.js with `tsc --noEmit --strict`: the sub-path exports' declarations
// accept their documented uses, fit Hono's and crossws's own types, and reject misuse.
import type { Outcome } from "upgrade-handshake";
import { handleUpgrade, upgradeHandler, answerUpgrade, negotiateIncoming, type WebSocketServerLike, type IncomingMessageLike, type SocketLike } from "upgrade-handshake/ws";
import { upgradeHandshake, OUTCOME } from "upgrade-handshake/hono";
import { injectWebSocket } from "upgrade-handshake/hono/node";
import { upgrade, type UpgradeAnswer } from "upgrade-handshake/crossws";
import { upgradeWebSocket, type DenoUpgrade } from "upgrade-handshake/deno";
import { Hono } from "hono";

// crossws 0.4's Hooks["upgrade"] (its .d.mts needs @types/node and srvx, which this check does without).
type CrosswsUpgrade = (request: Request & { readonly context?: Record<string, unknown> }) =>
  | { headers?: HeadersInit; protocol?: string; perMessageDeflate?: boolean | { serverNoContextTakeover?: boolean; clientNoContextTakeover?: boolean; serverMaxWindowBits?: number; clientMaxWindowBits?: number }; handled?: boolean }
  | Response | void | Promise<unknown>;

declare const wss: WebSocketServerLike<{ send(data: string): void }>;
declare const req: IncomingMessageLike;
declare const socket: SocketLike;
const policy = { protocols: ["chat"], permessageDeflate: true };

const o1: Outcome = handleUpgrade(wss, req, socket, new Uint8Array(), policy, (ws, r, outcome) => ws.send(outcome.kind));
const o2: Outcome = answerUpgrade(wss, req, socket, new Uint8Array(), negotiateIncoming(req, policy));
const handler: (req: IncomingMessageLike, socket: SocketLike, head: Uint8Array) => Outcome = upgradeHandler(wss, policy);
// @ts-expect-error the policy is a Policy
handleUpgrade(wss, req, socket, new Uint8Array(), { protocols: "chat" });

const app = new Hono();
app.use("/chat", upgradeHandshake({ protocols: ["chat"], origins: ["https://app.example"] }));
// @ts-expect-error the policy is a Policy
upgradeHandshake({ edge: "yes" });
const key: symbol = OUTCOME;
declare const server: { on(event: "upgrade", listener: (req: any, socket: any, head: any) => void): unknown };
injectWebSocket(server, { app, wss });
// @ts-expect-error app and wss are required
injectWebSocket(server, {});

const hooks: { upgrade: CrosswsUpgrade } = { upgrade: upgrade({ protocols: ["chat"] }) };
const answer: Response | UpgradeAnswer = upgrade()(new Request("http://a/"));

declare const request: Request;
const d: DenoUpgrade = upgradeWebSocket(request, policy, { idleTimeout: 30 });
if (d.socket) d.socket.send("hello");
const r: Response | null = d.response;

export { o1, o2, handler, key, hooks, answer, r };
