import type { AddressInfo } from "node:net";

import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { DEFAULT_LIMITS } from "../src/env";
import type { AppRouter } from "../src/routers/root";
import { json, setupTestApp, TEST_JWT_SECRET } from "./helpers";

const TOO_MANY = { success: false, code: 4290, message: "请求过于频繁" };

const t = setupTestApp();

/** An app of its own whose credentials may make `max` requests per window (anonymous callers `anonymousMax`). */
async function limitedApp(max: number, anonymousMax = DEFAULT_LIMITS.rateLimitAnonymousMax) {
  const app = await buildApp({
    orm: t.db.orm,
    env: {
      jwtSecret: TEST_JWT_SECRET,
      accessTokenTtlSeconds: 600,
      refreshTokenTtlSeconds: 3600,
      limits: { ...DEFAULT_LIMITS, rateLimitMax: max, rateLimitAnonymousMax: anonymousMax },
    },
  });
  await app.ready();
  return app;
}

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
    const app = await limitedApp(3, 2);
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

  it("answer 429 on /trpc in tRPC's error shape, which the typed client reads as TOO_MANY_REQUESTS", async () => {
    const app = await limitedApp(3);
    try {
      await app.listen({ port: 0, host: "127.0.0.1" });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/trpc`;
      const client = createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url, headers: { authorization: `Bearer ${t.adminToken}` } })],
      });
      // A batch is one request: these three spend the budget.
      await client.customers.list.query({});
      expect(await Promise.all([client.tenants.list.query({}), client.members.list.query({})])).toHaveLength(2);
      await client.customers.list.query({});

      const refused = await client.customers.list.query({}).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(TRPCClientError);
      const error = refused as TRPCClientError<AppRouter>;
      expect(error.message).toBe("请求过于频繁");
      expect(error.data).toEqual({ code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "customers.list", envelope: TOO_MANY });
      // Every call of a refused batch gets the same error.
      const batch = await Promise.allSettled([client.tenants.list.query({}), client.members.list.query({})]);
      for (const outcome of batch) {
        expect(outcome.status).toBe("rejected");
        expect(((outcome as PromiseRejectedResult).reason as TRPCClientError<AppRouter>).data?.code).toBe("TOO_MANY_REQUESTS");
      }

      // On the wire: JSON-RPC's error with tRPC's code number, and the limit's headers.
      const raw = await get(app, "/trpc/customers.list", { authorization: `Bearer ${t.adminToken}` });
      expect(raw.statusCode).toBe(429);
      expect(raw.json()).toEqual({
        error: { message: "请求过于频繁", code: -32029, data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "customers.list", envelope: TOO_MANY } },
      });
      expect(Number(raw.headers["retry-after"])).toBeGreaterThan(0);
      expect(raw.headers["ratelimit-remaining"]).toBe("0");
      // REST, on the same spent budget, keeps its envelope.
      const rest = await get(app, "/api/v1/customers/", { authorization: `Bearer ${t.adminToken}` });
      expect(rest.statusCode).toBe(429);
      expect(json(rest)).toEqual(TOO_MANY);
    } finally {
      await app.close();
    }
  });
});
