// The inspector page in Debian's Chromium, driven by playwright-core, against the served Worker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startWrangler, root } from "../support/dev-server.js";

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

test("the page computes the RFC 6455 §1.3 accept key in the browser", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.url}/`);
  const out = page.getByTestId("accept-key");
  await out.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="accept-key"]').textContent.length > 0);
  assert.equal(await out.textContent(), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  await page.getByTestId("key").fill("AQIDBAUGBwgJCgsMDQ4PEA==");
  assert.equal(await out.textContent(), "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=");
  await page.screenshot({ path: `${shots}/skeleton.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
