// The inspector's Audit tab in Chromium (playwright-core) against the Worker under `wrangler dev`
// with AUDIT_PRIVATE=1: the flawed servers of tests/support/servers.js audited through the page,
// each flaw shown as a failed case with its clause and RFC link, the exact bytes both ways with
// CR LF shown, the other servers' answers from conformance.json; a refused target; no console
// errors. Screenshots in target/screenshots/audit-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startWrangler, root } from "../support/dev-server.js";
import { start, ORIGIN, FLAWS } from "../support/servers.js";

const shots = `${root}target/screenshots`;
const servers = {};
let wrangler, browser;
const consoleErrors = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  for (const kind of [...Object.keys(FLAWS), "strict"]) servers[kind] = await start(kind);
  const ports = Object.values(servers).map((s) => s.port).join(",");
  wrangler = await startWrangler({ vars: { AUDIT_PRIVATE: "1", AUDIT_PORTS: ports } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await wrangler?.stop();
  await Promise.all(Object.values(servers).map((s) => s.stop()));
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url})`); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(`${wrangler.url}/`);
  await page.waitForSelector("body[data-ready]");
  await page.getByTestId("tab-audit").click();
  page.done = () => context.close();
  return page;
}

/** Fills the form, runs, and waits for the summary (the audit's own deadlines bound the wait). */
async function runAudit(page, url, { origin = "", protocols = "" } = {}) {
  await page.getByTestId("audit-url").fill(url);
  await page.getByTestId("audit-origin").fill(origin);
  await page.getByTestId("audit-protocols").fill(protocols);
  await page.getByTestId("audit-run").click();
  await page.waitForSelector('[data-testid="audit-summary"]:not([hidden])', { timeout: 120_000 });
}

for (const [kind, expected] of Object.entries(FLAWS)) {
  test(`Audit tab: the flawed server "${kind}" gets grade F with each flaw a failed case naming its clause`, async () => {
    const page = await open();
    await runAudit(page, servers[kind].url, { origin: ORIGIN, protocols: "chat" });
    assert.equal((await page.getByTestId("audit-grade").textContent()).trim(), "F");
    assert.match(await page.getByTestId("audit-summary").textContent(), /\d+ fail/);
    const cases = page.getByTestId("audit-case");
    assert.ok(await cases.count() > 100, "one item per case");
    for (const [id, clause] of expected) {
      const item = page.locator(`[data-testid="audit-case"][data-id="${id}"]`);
      assert.equal(await item.getAttribute("data-verdict"), "fail", id);
      assert.match(await item.locator("summary").textContent(), new RegExp(clause.replace(/[.§]/g, "\\$&")));
    }
    const [first] = expected;
    const item = page.locator(`[data-testid="audit-case"][data-id="${first[0]}"]`);
    await item.locator("summary").click();
    const sent = await item.getByTestId("audit-sent").textContent();
    assert.match(sent, /^GET \/chat HTTP\/1\.[01]\\r\\n\n/);
    assert.match(sent, /\\r\\n\n\\r\\n\n$/, "the blank line that ends the head");
    assert.match(await item.getByTestId("audit-received").textContent(), /^HTTP\/1\.1 101 Switching Protocols\\r\\n\n/);
    assert.equal(await item.getByTestId("audit-peers").locator("tbody tr").count(), 4, "ws, websocket-driver, websockets, workerd");
    assert.match(await item.locator("a.sec").first().getAttribute("href"), /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+/);
    assert.doesNotMatch(await item.textContent(), /null|undefined/);
    await page.screenshot({ path: `${shots}/audit-${kind}-case.png` });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/audit-${kind}.png`, fullPage: kind === "naive" });
    await page.done();
  });
}

test("Audit tab: the strict server gets no failed case; progress shows while it runs", async () => {
  const page = await open();
  await page.getByTestId("audit-url").fill(servers.strict.url);
  await page.getByTestId("audit-origin").fill(ORIGIN);
  await page.getByTestId("audit-protocols").fill("chat");
  await page.getByTestId("audit-run").click();
  await page.waitForFunction(() => /\d+ of \d+: /.test(document.querySelector('[data-testid="audit-status"]').textContent), null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="audit-summary"]:not([hidden])', { timeout: 120_000 });
  assert.notEqual((await page.getByTestId("audit-grade").textContent()).trim(), "F");
  assert.equal(await page.locator('[data-testid="audit-case"][data-verdict="fail"]').count(), 0);
  assert.match(page.url(), /#.*m=audit.*au=/, "the target lives in the fragment");
  await page.screenshot({ path: `${shots}/audit-strict.png` });
  await page.done();
});

test("Audit tab: a refused target says why; no console errors", async () => {
  const page = await open();
  await page.getByTestId("audit-url").fill("ftp://example.com/");
  await page.getByTestId("audit-run").click();
  await page.waitForFunction(() => /Refused \(400\)/.test(document.querySelector('[data-testid="audit-status"]').textContent));
  assert.match(await page.getByTestId("audit-status").textContent(), /only ws:, wss:, http: and https:/);
  await page.done();
  // Chromium logs the refusal it was asked to fetch (a 400 from /api/audit) as a console error; nothing else may appear.
  assert.deepEqual(consoleErrors.filter((e) => !/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/api\/audit\)$/.test(e)), []);
});
