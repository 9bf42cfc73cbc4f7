import { existsSync } from "node:fs";

import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setupTestApp } from "./helpers";

/** Debian's chromium; `.ci/run` installs it when it can. */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const available = existsSync(CHROMIUM);
const BROWSER_TIMEOUT = 150_000;
if (!available) console.warn(`docs browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** What a page did that the docs must never do: reach another host, or log an error. */
type Watch = { outside: string[]; errors: string[] };

function watch(page: Page, origin: string): Watch {
  const watched: Watch = { outside: [], errors: [] };
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) watched.outside.push(url);
  });
  page.on("console", (message) => {
    if (message.type() === "error") watched.errors.push(message.text());
  });
  page.on("pageerror", (error) => watched.errors.push(String(error)));
  return watched;
}

describe.skipIf(!available)("the docs pages in a real browser", () => {
  const t = setupTestApp();
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    origin = await t.app.listen({ host: "127.0.0.1", port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: BROWSER_TIMEOUT });
  }, BROWSER_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  });

  /** A page that waits as long as a loaded shared machine needs: no speed is asserted here. */
  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(BROWSER_TIMEOUT);
    return page;
  }

  it("ReDoc renders the document with no outside request and no console error", async () => {
    const page = await newPage();
    const watched = watch(page, origin);
    await page.goto(`${origin}/api/v1/redoc/`);
    await page.getByRole("heading", { name: "Create a customer" }).first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(watched).toEqual({ outside: [], errors: [] });
    await page.close();
  }, 2 * BROWSER_TIMEOUT);

  it("Swagger UI renders at /api/v1/docs too (no trailing slash: its assets and spec are found all the same)", async () => {
    const page = await newPage();
    const watched = watch(page, origin);
    await page.goto(`${origin}/api/v1/docs`);
    await page.locator("#operations-customers-customers_list").waitFor();
    await page.waitForLoadState("networkidle");
    expect(watched).toEqual({ outside: [], errors: [] });
    await page.close();
  }, 2 * BROWSER_TIMEOUT);

  it("Swagger UI renders, and its Try it out lists customers with a token, with no outside request and no console error", async () => {
    const page = await newPage();
    const watched = watch(page, origin);
    await page.goto(`${origin}/api/v1/docs/`);
    await page.locator(".opblock").first().waitFor();

    // Authorize with the admin's access token, as a user pastes it.
    await page.getByRole("button", { name: "Authorize" }).first().click();
    await page.getByLabel("auth-bearer-value").fill(t.adminToken);
    await page.getByRole("button", { name: "Apply credentials" }).first().click();
    await page.locator("button.btn-done").first().click();

    const list = page.locator("#operations-customers-customers_list");
    await list.locator(".opblock-summary-control").click();
    await list.locator("button.try-out__btn").click();
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/v1/customers/");
    await list.locator("button.execute").click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toBe(`Bearer ${t.adminToken}`);
    expect(await response.json()).toMatchObject({ success: true, code: 2000, data: { pagination: { current_page: 1 } } });
    await list.locator(".live-responses-table .response-col_status").getByText("200").first().waitFor();

    await page.waitForLoadState("networkidle");
    expect(watched).toEqual({ outside: [], errors: [] });
    await page.close();
  }, 4 * BROWSER_TIMEOUT);
});
