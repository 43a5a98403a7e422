// The inspector page in Debian's Chromium, driven by playwright-core, against the Worker served by
// `wrangler dev` (tests/support/dev-server.js). Every mode, every example, a policy change that flips
// a verdict, live mode against /inspect and /echo, no console errors, screenshots in target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createHash } from "node:crypto";
import { chromium } from "playwright-core";
import { startWrangler, root } from "../support/dev-server.js";
import { EXAMPLES, RESPONSES } from "../../www/examples.js";

const shots = `${root}target/screenshots`;
let server, browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startWrangler();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});
after(async () => { await browser?.close(); await server?.stop(); });

/** A fresh page on the inspector (optionally at a fragment), its console errors collected. */
async function open(hash = "", options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${m.text()} (${m.location().url})`); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.url}/${hash}`);
  await page.waitForSelector("body[data-ready]");
  // Every test ends its pages with done(): a console error on any of them fails that test.
  page.done = async () => { await context.close(); assert.deepEqual(errors, [], `console errors on ${hash || "/"}`); };
  return page;
}
const text = (page, id) => page.getByTestId(id).textContent();
const code = async (page, id = "verdict") => (await page.getByTestId(id).locator(".code-badge").textContent()).trim();

/** What each example must yield (the page shows what the package decides; this pins it). */
const EXPECTED = {
  "rfc6455": "101", "h2c": "101", "tls": "101", "options": "101", "tls-required": "426", "wrong-version": "426",
  "no-connection": "400", "bad-key": "400", "foreign-origin": "403", "proxy-stripped": "400",
};

test("Analyse: RFC 6455 §1.3 by default, with the accept key derived step by step", async () => {
  const page = await open();
  assert.equal(await code(page), "101");
  assert.match(await text(page, "verdict"), /Switching Protocols/);
  assert.equal(await text(page, "accept-key"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  assert.equal(await text(page, "step-concat"), "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  await page.waitForFunction(() => document.querySelector('[data-testid="step-sha1"]').textContent.startsWith("b3 7a"));
  assert.equal(await text(page, "step-sha1"), "b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea");
  assert.equal(await text(page, "response"),
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
  assert.equal(await text(page, "request-line"), "GET /chat HTTP/1.1");
  assert.equal(await page.locator('[data-testid="header-table"] tr[data-field="sec-websocket-key"]').getAttribute("data-result"), "pass");
  const checks = page.getByTestId("checks").locator("li");
  assert.ok(await checks.count() >= 10);
  assert.equal(await page.getByTestId("checks").locator('li[data-result="fail"]').count(), 0);
  const link = page.getByTestId("checks").locator('li[data-id="websocket-key"] a.sec');
  assert.equal(await link.getAttribute("href"), "https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1");
  // The key field of the derivation takes any key.
  await page.getByTestId("key").fill("AQIDBAUGBwgJCgsMDQ4PEA==");
  assert.equal(await text(page, "accept-key"), "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=");
  await page.done();
});

test("Analyse: a request typed with LF line ends is sent with CR LF, and the page says so (RFC 9112 §2.2)", async () => {
  const page = await open();
  // The default example arrives from a text box: its line ends are LF.
  assert.equal(await code(page), "101");
  const note = page.getByTestId("crlf-note");
  assert.match(await note.textContent(), /CR LF/);
  assert.equal(await note.locator("a.sec").getAttribute("href"), "https://www.rfc-editor.org/rfc/rfc9112#section-2.2");
  // The negotiation saw CR LF: the trail has no bare-LF warning or failure.
  assert.equal(await page.getByTestId("checks").locator('li[data-result="fail"]').count(), 0);
  await page.getByTestId("raw-request").fill("GET /chat HTTP/1.1\nHost: a\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n");
  await page.waitForFunction(() => document.querySelector('[data-testid="verdict"] .code-badge').textContent.trim() === "101");
  assert.equal(await note.count(), 1);
  await page.done();
});

test("Analyse: every example gets its verdict, with SETTINGS for h2c and the stack for TLS", async () => {
  const page = await open();
  assert.deepEqual(EXAMPLES.map((e) => e.id).sort(), Object.keys(EXPECTED).sort());
  for (const ex of EXAMPLES) {
    await page.getByTestId(`example-${ex.id}`).click();
    assert.equal(await code(page), EXPECTED[ex.id], ex.id);
    assert.equal(await page.getByTestId("raw-request").inputValue(), ex.request);
    const fails = await page.getByTestId("checks").locator('li[data-result="fail"]').count();
    assert.equal(fails > 0, EXPECTED[ex.id] !== "101", `${ex.id}: failed checks ${fails}`);
    if (EXPECTED[ex.id] !== "101") {
      // The verdict names the failed rule and links its section.
      assert.match(await page.getByTestId("verdict").locator("a.sec").first().getAttribute("href"), /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+#section-/);
    }
    assert.match(await text(page, "response"), new RegExp(`^HTTP/1\\.1 ${EXPECTED[ex.id]} `), ex.id);
  }
  await page.getByTestId("example-h2c").click();
  assert.equal(await page.getByTestId("settings").isVisible(), true);
  assert.match(await text(page, "settings"), /SETTINGS_MAX_CONCURRENT_STREAMS\s*100/);
  assert.match(await text(page, "settings"), /SETTINGS_INITIAL_WINDOW_SIZE\s*33,554,432/);
  assert.equal(await page.getByTestId("accept-derivation").isVisible(), false);
  await page.getByTestId("example-options").click();
  assert.equal(await page.getByTestId("tls-stack").isVisible(), true);
  assert.deepEqual(await page.locator("#stack li code").allTextContents(), ["HTTP/1.1", "TLS/1.0"]);
  await page.getByTestId("example-foreign-origin").click();
  assert.equal(await page.locator('[data-testid="header-table"] tr[data-field="origin"]').getAttribute("data-result"), "fail");
  await page.done();
});

test("Analyse: policy changes flip the verdict live (edge mode, origins, upgrades, require TLS)", async () => {
  const page = await open();
  await page.getByTestId("example-no-connection").click();
  assert.equal(await code(page), "400");
  const connection = page.locator('[data-testid="header-table"] tr[data-field="connection"]');
  assert.equal(await connection.getAttribute("data-result"), "fail");
  assert.match(await connection.textContent(), /absent/);
  await page.getByTestId("policy-edge").check();
  assert.equal(await connection.getAttribute("data-result"), "warn");
  assert.equal(await code(page), "101");
  assert.equal(await page.getByTestId("checks").locator('li[data-result="warn"]').count() > 0, true);
  await page.getByTestId("example-foreign-origin").click();
  assert.equal(await code(page), "403");
  await page.getByTestId("policy-origins").fill("https://example.com, https://attacker.example");
  assert.equal(await code(page), "101");
  await page.getByTestId("example-rfc6455").click();
  await page.getByTestId("policy-websocket").uncheck();
  assert.match(await text(page, "verdict"), /Served normally/);
  await page.getByTestId("policy-websocket").check();
  await page.getByTestId("policy-require-tls").check();
  assert.equal(await code(page), "426");
  await page.getByTestId("policy-require-tls").uncheck();
  // Allowed hosts (RFC 6455 §4.2.1 item 2): the example's Host is server.example.com.
  await page.getByTestId("policy-hosts").fill("other.example");
  assert.equal(await code(page), "421");
  assert.match(await text(page, "verdict"), /server\.example\.com/);
  await page.getByTestId("policy-hosts").fill("server.example.com");
  assert.equal(await code(page), "101");
  await page.getByTestId("policy-hosts").fill("");
  await page.getByTestId("policy-protocols").fill("superchat");
  assert.match(await text(page, "verdict"), /Subprotocol: superchat/);
  await page.getByTestId("policy-deflate").check();
  await page.getByTestId("raw-request").fill(
    "GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
  await page.getByTestId("analyze").click();
  assert.match(await text(page, "response"), /Sec-WebSocket-Extensions: permessage-deflate/);
  await page.done();
});

test("Analyse: state lives in the URL fragment, copy as curl/websocat/Node/Deno/Worker", async () => {
  const page = await open();
  await page.getByTestId("example-no-connection").click();
  await page.getByTestId("policy-edge").check();
  await page.waitForFunction(() => location.hash.includes("edge=1"));
  const url = page.url();
  const again = await open(new URL(url).hash);
  assert.equal(await code(again), "101");
  assert.equal(await again.getByTestId("policy-edge").isChecked(), true);
  assert.equal(await again.getByTestId("raw-request").inputValue(), EXAMPLES.find((e) => e.id === "no-connection").request);
  await again.done();

  await page.getByTestId("example-rfc6455").click();
  await page.getByTestId("copy-curl").click();
  assert.match(await text(page, "code"), /curl --http1\.1 --include --no-buffer[\s\S]*--header 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='[\s\S]*'http:\/\/server\.example\.com\/chat'/);
  await page.getByTestId("copy-websocat").click();
  assert.match(await text(page, "code"), /websocat[\s\S]*--protocol 'chat, superchat'[\s\S]*-H 'Origin: http:\/\/example\.com'[\s\S]*'ws:\/\/server\.example\.com\/chat'/);
  await page.getByTestId("copy-node").click();
  assert.match(await text(page, "code"), /socket\.write\("HTTP\/1\.1 101 Switching Protocols\\r\\nUpgrade: websocket/);
  await page.getByTestId("copy-deno").click();
  assert.match(await text(page, "code"), /Deno\.upgradeWebSocket\(req, \{ protocol: "chat" \}\)/);
  await page.getByTestId("copy-worker").click();
  assert.match(await text(page, "code"), /status: 101, webSocket: client, headers: \[\["Sec-WebSocket-Protocol","chat"\]\]/);
  await page.getByTestId("example-bad-key").click();
  assert.match(await text(page, "code"), /new Response\("Sec-WebSocket-Key is not/);
  await page.done();
});

test("Verify: every response to try, with the message Chromium's console prints", async () => {
  const page = await open("#m=verify");
  const expected = {
    "good": [true, null],
    "bad-accept": [false, "Incorrect 'Sec-WebSocket-Accept' header value"],
    "no-upgrade": [false, "'Upgrade' header is missing"],
    "no-connection": [false, "'Connection' header is missing"],
    "served": [false, "Unexpected response code: 200"],
    "version": [false, "Unexpected response code: 426"],
    "subprotocol": [false, "'Sec-WebSocket-Protocol' header value 'mqtt' in response does not match any of sent values"],
    "extension": [false, "Found an unsupported extension 'x-webkit-deflate-frame' in 'Sec-WebSocket-Extensions' header"],
  };
  assert.deepEqual(RESPONSES.map((r) => r.id).sort(), Object.keys(expected).sort());
  for (const r of RESPONSES) {
    await page.getByTestId(`response-${r.id}`).click();
    const [ok, message] = expected[r.id];
    assert.equal(await page.getByTestId("verify-verdict").getAttribute("class"), `verdict card ${ok ? "switch" : "reject"}`, r.id);
    assert.equal(await page.getByTestId("verify-checks").locator('li[data-result="fail"]').count(), ok ? 0 : 1, r.id);
    if (message) assert.match(await text(page, "chromium-message"), new RegExp(`Error during WebSocket handshake: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`), r.id);
    else assert.equal(await page.getByTestId("chromium-message").count(), 0);
  }
  assert.match(await text(page, "browser-view"), /1006/);
  // The round trip: Analyse's request and response verify.
  await page.getByTestId("tab-analyse").click();
  await page.getByTestId("example-rfc6455").click();
  await page.getByTestId("tab-verify").click();
  await page.getByTestId("from-analyse").click();
  assert.equal(await page.getByTestId("verify-verdict").getAttribute("class"), "verdict card switch");
  assert.match(await text(page, "verify-verdict"), /Subprotocol: chat/);
  await page.done();
});

test("Verify: the page's console messages are the ones this Chromium prints for the same responses", async () => {
  // A raw TCP server answers each WebSocket upgrade with one of the page's "responses to try"
  // (the RFC's accept value replaced by the right one for the browser's key, except in bad-accept).
  const rfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  let current = null;
  const raw = createServer((socket) => {
    let head = "";
    socket.on("error", () => {});
    socket.on("data", (d) => {
      head += d;
      if (!head.includes("\r\n\r\n")) return;
      const key = /^Sec-WebSocket-Key: (.*)$/im.exec(head)?.[1]?.trim();
      if (!key) { socket.end("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"); return; }
      const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(current.response.replace(rfcAccept, accept).replace(/\n/g, "\r\n"));
      setTimeout(() => socket.destroy(), 100);
    });
  });
  await new Promise((r) => raw.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${raw.address().port}`;
  const inspector = await open("#m=verify");
  const context = await browser.newContext();
  const probe = await context.newPage();
  const seen = [];
  probe.on("console", (m) => seen.push(m.text()));
  await probe.goto(`${origin}/`);
  try {
    for (const r of RESPONSES.filter((x) => x.id !== "good")) {
      current = r;
      seen.length = 0;
      await inspector.getByTestId(`response-${r.id}`).click();
      const shown = (await inspector.getByTestId("chromium-message").locator(".console-line").textContent()).split("Error during WebSocket handshake: ")[1];
      const close = await probe.evaluate((url) => new Promise((resolve) => {
        const ws = new WebSocket(url, ["chat", "superchat"]);
        ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
      }), `ws://127.0.0.1:${raw.address().port}/`);
      await probe.waitForTimeout(50);
      const printed = seen.find((s) => s.includes("Error during WebSocket handshake"));
      assert.ok(printed, `${r.id}: Chromium printed ${JSON.stringify(seen)}`);
      assert.equal(shown, printed.split("Error during WebSocket handshake: ")[1], r.id);
      assert.deepEqual(close, { code: 1006, reason: "" }, r.id);
    }
  } finally {
    await context.close();
    await inspector.done();
    raw.close();
  }
});

test("Live: against the Worker's /inspect, the handshake as the server received it, then echo", async () => {
  const page = await open("#m=live");
  assert.equal(await page.getByTestId("live-url").inputValue(), `ws://127.0.0.1:${server.port}/inspect`);
  await page.getByTestId("connect").click();
  await page.getByTestId("live-verdict").waitFor({ timeout: 10_000 });
  assert.match(await text(page, "live-verdict"), /101 Switching Protocols/);
  assert.equal(await text(page, "live-protocol"), "chat");
  assert.match(await text(page, "live-extensions"), /permessage-deflate/);
  assert.match(await text(page, "live-open"), /\d+(\.\d)? ms/);
  assert.ok(await page.getByTestId("live-checks").locator('li[data-result="pass"]').count() >= 10);
  assert.equal(await page.getByTestId("live-checks").locator('li[data-result="fail"]').count(), 0);
  assert.match(await page.getByTestId("live-received-key").textContent(), /^[A-Za-z0-9+/]{22}==$/);
  assert.match(await text(page, "live-key-note"), /key/);
  assert.match(await page.locator('[data-testid="live-headers"] tr[data-field="user-agent"]').textContent(), /Chrome/);
  await page.getByTestId("live-message").fill("hello through the inspector");
  await page.getByTestId("send").click();
  await page.getByTestId("live-log").locator("li.in", { hasText: "hello through the inspector" }).waitFor();
  await page.screenshot({ path: `${shots}/live-inspect.png`, fullPage: true });
  await page.getByTestId("disconnect").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-close"]').textContent.includes("1000"));
  assert.match(await text(page, "live-close"), /1000 normal closure/);
  await page.done();
});

test("Live: against any server (/echo), what was negotiated, the messages and the close", async () => {
  const page = await open("#m=live");
  await page.getByTestId("live-url").fill(`ws://127.0.0.1:${server.port}/echo`);
  await page.getByTestId("live-protocols").fill("superchat");
  await page.getByTestId("connect").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-state"]').textContent === "open");
  assert.equal(await text(page, "live-protocol"), "superchat");
  assert.equal(await page.getByTestId("live-inspect").textContent(), "");
  await page.getByTestId("live-message").fill("ping");
  await page.getByTestId("live-message").press("Enter");
  await page.getByTestId("live-log").locator("li.in", { hasText: "ping" }).waitFor();
  await page.getByTestId("disconnect").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-close"]').textContent.includes("1000"));
  await page.done();
});

test("Compare: a stripped Upgrade, a rewritten Connection and a lost subprotocol are flagged", async () => {
  const page = await open("#m=compare");
  assert.equal(await code(page, "compare-verdict-a"), "101");
  assert.equal(await code(page, "compare-verdict-b"), "400");
  const matters = (f) => page.locator(`[data-testid="compare-table"] tr[data-field="${f}"]`).getAttribute("data-matters");
  assert.equal(await matters("upgrade"), "yes");
  assert.equal(await matters("connection"), "yes");
  assert.equal(await matters("sec-websocket-protocol"), "yes");
  assert.equal(await matters("x-forwarded-for"), "no");
  assert.equal(await matters("host"), "no");
  assert.ok(await page.getByTestId("compare-checks").locator('li[data-result="fail"]').count() >= 1);
  await page.getByTestId("compare-b").fill(await page.getByTestId("compare-a").inputValue());
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-verdict-b"] .code-badge').textContent === "101");
  assert.match(await text(page, "compare-checks"), /No check changed/);
  await page.done();
});

test("Trap: a call that traps throws, and the next one runs on a module instantiated again on the main thread", async () => {
  // The core never panics, but a call can exhaust the module's 4 GiB of memory: a real trap here,
  // from nearly 4 GiB of input under limits raised to match. wasm-bindgen's glue then
  // instantiates the compiled module again, synchronously, on the main thread.
  const page = await open();
  const result = await page.evaluate(async () => {
    const pkg = await import("upgrade-handshake");
    const head = (origin) => "GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: ${origin}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    const policy = { origins: ["http://good.example"] };
    pkg.negotiate(head("http://evil.example"), policy);
    let thrown = "";
    try {
      pkg.negotiate(new Uint8Array(2 ** 32 - 1), { maxHeadBytes: 2 ** 32 - 1 });
    } catch (e) {
      thrown = `${e.constructor.name}: ${e.message}`;
    }
    const after = pkg.negotiate(head("http://evil.example"), policy);
    return {
      thrown,
      status: after.status,
      failed: after.checks.filter((c) => c.result === "fail").map((c) => c.id),
      good: pkg.negotiate(head("http://good.example"), policy).status,
      accept: pkg.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="),
    };
  });
  assert.match(result.thrown, /^RuntimeError: unreachable/);
  assert.equal(result.status, 403, "the fresh instance got the policy again");
  assert.deepEqual(result.failed, ["origin"]);
  assert.equal(result.good, 101);
  assert.equal(result.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  // The page goes on working, on the fresh instance.
  await page.getByTestId("example-foreign-origin").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="verdict"] .code-badge')?.textContent.trim() === "403");
  await page.getByTestId("example-rfc6455").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="verdict"] .code-badge')?.textContent.trim() === "101");
  await page.done();
});

test("Keyboard: the mode tabs follow the arrow keys and examples work from the keyboard", async () => {
  const page = await open();
  await page.getByTestId("tab-analyse").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByTestId("tab-verify").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#mode-verify").isVisible(), true);
  await page.keyboard.press("End");
  assert.equal(await page.getByTestId("tab-audit").getAttribute("aria-selected"), "true");
  await page.keyboard.press("Home");
  assert.equal(await page.getByTestId("tab-analyse").getAttribute("aria-selected"), "true");
  await page.getByTestId("example-bad-key").focus();
  await page.keyboard.press("Enter");
  assert.equal(await code(page), "400");
  await page.done();
});

test("Screenshots: desktop light and dark, phone width", async () => {
  /** The width and height a PNG file declares (its IHDR chunk). */
  const size = (file) => { const b = readFileSync(file); assert.equal(b.toString("latin1", 1, 4), "PNG"); return [b.readUInt32BE(16), b.readUInt32BE(20)]; };
  const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await open();
  await light.screenshot({ path: `${shots}/desktop-light.png`, fullPage: true });
  const lightBg = await background(light);
  await light.done();
  const [w, h] = size(`${shots}/desktop-light.png`);
  assert.equal(w, 1280);
  assert.ok(h >= 900, `full page height ${h}`);
  const dark = await open("", { colorScheme: "dark" });
  assert.notEqual(await background(dark), lightBg, "the dark scheme changes the page's background");
  await dark.getByTestId("example-no-connection").click();
  assert.equal(await code(dark), "400");
  await dark.screenshot({ path: `${shots}/desktop-dark.png`, fullPage: true });
  await dark.getByTestId("tab-compare").click();
  await dark.screenshot({ path: `${shots}/compare-dark.png`, fullPage: true });
  await dark.done();
  const phone = await open("", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // Nothing wider than the phone: no sideways scrolling of the page.
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "the page fits 390 px");
  await phone.screenshot({ path: `${shots}/phone.png`, fullPage: true });
  await phone.screenshot({ path: `${shots}/phone-top.png` });
  assert.deepEqual(size(`${shots}/phone-top.png`), [390, 844]);
  await phone.getByTestId("tab-verify").click();
  await phone.getByTestId("response-bad-accept").click();
  await phone.screenshot({ path: `${shots}/phone-verify.png`, fullPage: true });
  await phone.done();
  const verify = await open("#m=verify");
  await verify.getByTestId("response-bad-accept").click();
  assert.match(await verify.getByTestId("verify-verdict").textContent(), /fails the connection/);
  await verify.screenshot({ path: `${shots}/verify-light.png`, fullPage: true });
  await verify.done();
});

