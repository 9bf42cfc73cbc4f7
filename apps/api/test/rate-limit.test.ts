import { describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { DEFAULT_LIMITS } from "../src/env";
import { json, setupTestApp, TEST_JWT_SECRET } from "./helpers";

const TOO_MANY = { success: false, code: 4290, message: "请求过于频繁" };

const t = setupTestApp();

const get = (app: App, url: string, headers: Record<string, string> = {}, remoteAddress = "127.0.0.1") =>
  app.inject({ method: "GET", url, headers, remoteAddress });

describe("API rate limits", () => {
  it("send RateLimit-Limit, -Remaining and -Reset on every authenticated answer, errors included", async () => {
    const authorization = `Bearer ${t.adminToken}`;
    const ok = await get(t.app, "/api/v1/customers/?page_size=1", { authorization });
    const missing = await get(t.app, "/api/v1/customers/999999/", { authorization });
    const trpc = await get(t.app, "/trpc/customers.list", { authorization: `Token ${t.adminApiKey}` });
    for (const [name, response] of Object.entries({ ok, missing, trpc })) {
      expect(response.headers["ratelimit-limit"], name).toBe(String(DEFAULT_LIMITS.rateLimitMax));
      expect(Number(response.headers["ratelimit-remaining"]), name).toBeLessThan(DEFAULT_LIMITS.rateLimitMax);
      expect(Number(response.headers["ratelimit-reset"]), name).toBeGreaterThan(0);
    }
    expect(missing.statusCode).toBe(404);
    // Probes are not the API.
    expect((await get(t.app, "/healthz")).headers["ratelimit-limit"]).toBeUndefined();
  });

  it("answer 429 / 4290 with Retry-After past the limit, per credential and per address", async () => {
    const app = await buildApp({
      orm: t.db.orm,
      env: {
        jwtSecret: TEST_JWT_SECRET,
        accessTokenTtlSeconds: 600,
        refreshTokenTtlSeconds: 3600,
        limits: { ...DEFAULT_LIMITS, rateLimitMax: 3, rateLimitAnonymousMax: 2 },
      },
    });
    await app.ready();
    try {
      const busy = { authorization: `Bearer ${t.adminToken}` };
      for (let i = 0; i < 3; i++) expect((await get(app, "/api/v1/customers/", busy)).statusCode).toBe(200);
      const refused = await get(app, "/api/v1/customers/", busy);
      expect(refused.statusCode).toBe(429);
      expect(json(refused)).toEqual(TOO_MANY);
      expect(refused.headers["ratelimit-remaining"]).toBe("0");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(DEFAULT_LIMITS.rateLimitWindowSeconds);

      // Another credential of the same user, from the same address, has its own budget.
      expect((await get(app, "/api/v1/customers/", { authorization: `Token ${t.adminApiKey}` })).statusCode).toBe(200);
      // tRPC counts against the same credential.
      expect((await get(app, "/trpc/customers.list", busy)).statusCode).toBe(429);

      // Without credentials the address is the bucket.
      for (let i = 0; i < 2; i++) expect((await get(app, "/api/v1/customers/", {}, "10.9.0.1")).statusCode).toBe(401);
      expect((await get(app, "/api/v1/customers/", {}, "10.9.0.1")).statusCode).toBe(429);
      expect((await get(app, "/api/v1/customers/", {}, "10.9.0.2")).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
