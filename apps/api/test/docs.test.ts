import { describe, expect, it } from "vitest";

import { setupTestApp } from "./helpers";

const SCHEMA_URL = "/api/v1/schema/";

const CONTENT_TYPES: Record<string, RegExp> = {
  js: /^(application|text)\/javascript/,
  css: /^text\/css/,
  png: /^image\/png/,
};

/** Every `src` and `href` of a page, in order. */
const referencedUrls = (html: string) => [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]!);

describe.each([
  { name: "Swagger UI", page: "/api/v1/docs/" },
  { name: "ReDoc", page: "/api/v1/redoc/" },
])("$name at $page", ({ page }) => {
  const t = setupTestApp();

  it.each([page, page.slice(0, -1)])("serves HTML at %s", async (url) => {
    const response = await t.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toMatch(/^<!doctype html>/i);
  });

  it("references only local assets, each served with its content type", async () => {
    const html = (await t.app.inject({ method: "GET", url: page })).body;
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThan(0);
    // The docs must work on a machine with no internet access: nothing from a CDN.
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']\/\//i);
    for (const url of urls) {
      expect(url, url).toMatch(/^\/api\/v1\//);
      const asset = await t.app.inject({ method: "GET", url });
      expect(asset.statusCode, url).toBe(200);
      const extension = url.split(".").pop()!;
      expect(CONTENT_TYPES[extension], `known asset type of ${url}`).toBeDefined();
      expect(asset.headers["content-type"], url).toMatch(CONTENT_TYPES[extension]!);
      expect(asset.rawPayload.length, url).toBeGreaterThan(100);
    }
  });

  it("forbids, through its CSP, anything not served by the API itself", async () => {
    const response = await t.app.inject({ method: "GET", url: page });
    const policy = String(response.headers["content-security-policy"]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("img-src 'self' data:;");
    expect(policy).not.toMatch(/https?:|\*/);
  });

  it(`points at ${SCHEMA_URL}, which serves the document`, async () => {
    const html = (await t.app.inject({ method: "GET", url: page })).body;
    // The URL is in the page (ReDoc's spec-url) or in the page's own initialiser script.
    const scripts = await Promise.all(referencedUrls(html).map(async (url) => (await t.app.inject({ method: "GET", url })).body));
    expect([html, ...scripts].some((text) => text.includes(`"${SCHEMA_URL}"`))).toBe(true);
    const schema = await t.app.inject({ method: "GET", url: SCHEMA_URL });
    expect(schema.statusCode).toBe(200);
    expect(schema.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./), paths: expect.any(Object) });
  });
});

describe("docs assets", () => {
  const t = setupTestApp();

  it("serve ReDoc's bundle with its CDN logo swapped for a local image", async () => {
    const bundle = await t.app.inject({ method: "GET", url: "/api/v1/redoc/redoc.standalone.js" });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(bundle.body).not.toContain("cdn.redoc.ly");
    expect(bundle.body).toContain('src:"data:image/svg+xml,');
  });

  it("are 404 when they do not exist, and source maps and sample pages are not served", async () => {
    for (const url of [
      "/api/v1/docs/assets/nope.js",
      "/api/v1/docs/assets/swagger-ui-bundle.js.map",
      "/api/v1/docs/assets/index.html",
      "/api/v1/redoc/assets/redoc.standalone.js.map",
      "/api/v1/redoc/assets/../package.json",
    ]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ success: false, code: 4004 });
    }
  });
});
