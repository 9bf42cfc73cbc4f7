import { ApiKeySchema } from "@customer-hub/db";
import { describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { json, PASSWORD, request, setupTestApp, TEST_JWT_SECRET, type TestContext } from "./helpers";

const BAD_TOKEN = { success: false, code: 4010, message: "令牌无效或已过期" };

const t = setupTestApp();

type Pair = { access: string; refresh: string };
const login = async (): Promise<Pair> =>
  json(await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "admin", password: PASSWORD } })).data;
const refresh = (token: string) => request(t, "POST", "/api/v1/auth/token/refresh/", { token: null, payload: { refresh: token } });
const logout = (token: unknown) => request(t, "POST", "/api/v1/auth/logout/", { token: null, payload: { refresh: token } });

async function secondInstance(t: TestContext): Promise<App> {
  const app = await buildApp({ orm: t.db.orm, env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 } });
  await app.ready();
  return app;
}

describe("refresh-token rotation", () => {
  it("refuses a refresh token used once, and its reuse revokes the tokens refreshed from it", async () => {
    const first = await login();
    const second = json(await refresh(first.refresh)).data as Pair;
    const replayed = await refresh(first.refresh);
    expect(replayed.statusCode).toBe(401);
    expect(json(replayed)).toEqual(BAD_TOKEN);
    // The replay means the token leaked: the legitimate holder of `second` must log in again too.
    expect((await refresh(second.refresh)).statusCode).toBe(401);
    // Other logins (other families) are untouched.
    const other = await login();
    expect((await refresh(other.refresh)).statusCode).toBe(200);
  });

  it("lets exactly one of two instances racing on one refresh token win", async () => {
    const second = await secondInstance(t);
    try {
      const pair = await login();
      const answers = await Promise.all(
        [t.app, second, t.app, second].map((app) =>
          app.inject({ method: "POST", url: "/api/v1/auth/token/refresh/", payload: { refresh: pair.refresh } }),
        ),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401, 401, 401]);
      // The losers replayed a used token: the winner's new refresh token is revoked with the family.
      const winner = json(answers.find((answer) => answer.statusCode === 200)!).data as Pair;
      expect((await refresh(winner.refresh)).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe("POST /api/v1/auth/logout/", () => {
  it("answers 204 and revokes the refresh token and those refreshed from it", async () => {
    const first = await login();
    const second = json(await refresh(first.refresh)).data as Pair;
    const response = await logout(second.refresh);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await refresh(second.refresh)).statusCode).toBe(401);
    // Logging out twice is harmless.
    expect((await logout(second.refresh)).statusCode).toBe(204);
  });

  it("answers 401 to an access token or garbage, and 400 without a refresh token", async () => {
    const pair = await login();
    for (const token of [pair.access, "not-a-jwt"]) {
      const response = await logout(token);
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(BAD_TOKEN);
    }
    const missing = await request(t, "POST", "/api/v1/auth/logout/", { token: null, payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).errors).toEqual({ refresh: ["此字段为必填项"] });
  });

  it("is documented with its statuses", async () => {
    const document = json(await t.app.inject({ method: "GET", url: "/api/v1/schema/" }));
    const operation = document.paths["/api/v1/auth/logout/"].post;
    expect(operation.operationId).toBe("auth_logout");
    expect(Object.keys(operation.responses).sort()).toEqual(["204", "400", "401", "413", "414", "415", "429", "431", "503"]);
  });
});

describe("API key last_used_at", () => {
  const lastUsed = async () =>
    (await t.db.orm.em.fork().findOneOrFail(ApiKeySchema, { user: { username: "admin" } })).last_used_at ?? null;
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("timed out");
  };
  const useKey = (app: App) =>
    app.inject({ method: "GET", url: "/api/v1/customers/?page_size=1", headers: { authorization: `Token ${t.adminApiKey}` } });

  it("is written on use, at most once a minute per key, across instances", async () => {
    expect(await lastUsed()).toBeNull();
    expect((await useKey(t.app)).statusCode).toBe(200);
    const first = await until(lastUsed, (value) => value !== null);

    const second = await secondInstance(t);
    try {
      for (let i = 0; i < 5; i++) expect((await useKey(i % 2 ? second : t.app)).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await lastUsed()).toEqual(first);

      // A minute later (moved back rather than waited for), the next use writes it again.
      await t.db.orm.em.fork().nativeUpdate(ApiKeySchema, { user: { username: "admin" } }, { last_used_at: new Date(Date.now() - 61_000) });
      const third = await secondInstance(t);
      try {
        expect((await useKey(third)).statusCode).toBe(200);
        const written = await until(lastUsed, (value) => value !== null && value.getTime() > Date.now() - 10_000);
        expect(written!.getTime()).toBeGreaterThan(first!.getTime());
      } finally {
        await third.close();
      }
    } finally {
      await second.close();
    }
  });
});
