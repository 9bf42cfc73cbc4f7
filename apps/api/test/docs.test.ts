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

/** Where a page's reference leads: relative ones (Swagger UI's `./static/…`) resolve against the page. */
const resolved = (reference: string, page: string) => new URL(reference, `http://api.test${page}`).pathname;

describe.each([
  // Swagger UI's initializer (@fastify/swagger-ui) loads the spec from `./json` below its page.
  { name: "Swagger UI", page: "/api/v1/docs/", spec: "./json" },
  { name: "ReDoc", page: "/api/v1/redoc/", spec: SCHEMA_URL },
])("$name at $page", ({ page, spec }) => {
  const t = setupTestApp();

  it.each([page, page.slice(0, -1)])("serves HTML at %s", async (url) => {
    const response = await t.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    // The doctype first (after at most a comment, as @fastify/swagger-ui's page has).
    expect(response.body).toMatch(/^(\s*<!--[^]*?-->)?\s*<!doctype html>/i);
  });

  it.each([page, page.slice(0, -1)])("references from %s only local assets, each served with its content type", async (url) => {
    const html = (await t.app.inject({ method: "GET", url })).body;
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThan(0);
    // The docs must work on a machine with no internet access: nothing from a CDN.
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']\/\//i);
    for (const reference of urls.map((found) => resolved(found, url))) {
      expect(reference, reference).toMatch(/^\/api\/v1\//);
      const asset = await t.app.inject({ method: "GET", url: reference });
      expect(asset.statusCode, reference).toBe(200);
      const extension = reference.split(".").pop()!;
      expect(CONTENT_TYPES[extension], `known asset type of ${reference}`).toBeDefined();
      expect(asset.headers["content-type"], reference).toMatch(CONTENT_TYPES[extension]!);
      expect(asset.rawPayload.length, reference).toBeGreaterThan(100);
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

  it(`points at ${spec}, which serves the document of ${SCHEMA_URL}`, async () => {
    const html = (await t.app.inject({ method: "GET", url: page })).body;
    // The URL is in the page (ReDoc's spec-url) or in the page's own initialiser script.
    const scripts = await Promise.all(
      referencedUrls(html).map(async (reference) => (await t.app.inject({ method: "GET", url: resolved(reference, page) })).body),
    );
    expect([html, ...scripts].some((text) => text.includes(`"${spec}"`) || text.includes(`'${spec}'`))).toBe(true);
    const schema = await t.app.inject({ method: "GET", url: SCHEMA_URL });
    expect(schema.statusCode).toBe(200);
    expect(schema.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./), paths: expect.any(Object) });
    const loaded = await t.app.inject({ method: "GET", url: resolved(spec, page) });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.headers["content-type"]).toMatch(/^application\/json/);
    expect(loaded.json()).toEqual(schema.json());
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
      "/api/v1/docs/static/nope.js",
      "/api/v1/docs/static/swagger-ui-bundle.js.map",
      "/api/v1/docs/static/../package.json",
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
    // Swagger UI's sample page is no page of its own: it sends the browser to the UI.
    const sample = await t.app.inject({ method: "GET", url: "/api/v1/docs/static/index.html" });
    expect(sample.statusCode).toBe(302);
    expect(sample.headers.location).toBe("/api/v1/docs/");
    expect(sample.body).toBe("");
  });
});
