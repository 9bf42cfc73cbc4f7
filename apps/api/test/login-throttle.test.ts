import { describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { DEFAULT_LIMITS, type Limits } from "../src/env";
import { createUser, json, PASSWORD, setupTestApp, TEST_JWT_SECRET, type TestContext } from "./helpers";

const TOO_MANY = { success: false, code: 4290, message: "请求过于频繁" };

const t = setupTestApp();

const login = (app: App, username: string, password: string, remoteAddress: string) =>
  app.inject({ method: "POST", url: "/api/v1/auth/token/", payload: { username, password }, remoteAddress });

/** Another API instance on the same database, as a second process would be. */
async function instance(t: TestContext, limits: Partial<Limits> = {}): Promise<App> {
  const app = await buildApp({
    orm: t.db.orm,
    env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600, limits: { ...DEFAULT_LIMITS, ...limits } },
  });
  await app.ready();
  return app;
}

function expectThrottled(response: Awaited<ReturnType<typeof login>>) {
  expect(response.statusCode).toBe(429);
  expect(json(response)).toEqual(TOO_MANY);
  const retryAfter = Number(response.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(DEFAULT_LIMITS.loginThrottleWindowSeconds);
}

describe("login throttling", () => {
  it("keeps Bearer requests answered during a flood of 150 wrong logins", async () => {
    // A lower address limit keeps the test short: 20 logins are hashed, 130 refused unhashed.
    const hashedLimit = 20;
    const app = await instance(t, { loginMaxFailuresPerAddress: hashedLimit });
    try {
      const finished: string[] = [];
      let firstHashed: () => void;
      const hashing = new Promise<void>((resolve) => (firstHashed = resolve));
      const flood = Array.from({ length: 150 }, (_, i) =>
        login(app, `nobody-${i}`, "wrong password", "10.1.0.1").then((response) => {
          finished.push(response.statusCode === 401 ? "hashed" : `refused ${response.statusCode}`);
          if (response.statusCode === 401) firstHashed();
        }),
      );
      // Once one login is answered, the others are hashing or waiting to: now send the Bearer request.
      await hashing;
      const bearer = await app.inject({
        method: "GET",
        url: "/api/v1/customers/?page_size=1",
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      const hashedBeforeBearer = finished.filter((entry) => entry === "hashed").length;
      finished.push("bearer");
      await Promise.all(flood);

      expect(bearer.statusCode).toBe(200);
      expect(finished.filter((entry) => entry === "hashed")).toHaveLength(hashedLimit);
      expect(finished.filter((entry) => entry === "refused 429")).toHaveLength(150 - hashedLimit);
      // Unbounded hashing filled libuv's thread pool: the Bearer request's JWT check waited for
      // nearly the whole flood. Bounded, it passes the queue of logins.
      expect(finished.at(-1)).not.toBe("bearer");
      expect(hashedBeforeBearer).toBeLessThan(hashedLimit / 2);
    } finally {
      await app.close();
    }
  });

  it("refuses a username after 10 failures with 429 / 4290 and Retry-After, while other users log in", async () => {
    await createUser(t.db, "victim", "admin");
    await createUser(t.db, "bystander", "admin");
    for (let i = 0; i < DEFAULT_LIMITS.loginMaxFailuresPerUsername; i++) {
      expect((await login(t.app, "victim", "wrong password", `10.2.0.${i}`)).statusCode).toBe(401);
    }
    expectThrottled(await login(t.app, "victim", "wrong password", "10.2.1.1"));
    // The right password does not help while the username is locked.
    expectThrottled(await login(t.app, "victim", PASSWORD, "10.2.1.2"));
    expect((await login(t.app, "bystander", PASSWORD, "10.2.0.1")).statusCode).toBe(200);

    const trpc = await t.app.inject({
      method: "POST",
      url: "/trpc/auth.token",
      payload: { username: "victim", password: PASSWORD },
      remoteAddress: "10.2.1.3",
    });
    expect(trpc.statusCode).toBe(429);
    expect(json(trpc).error.data.envelope).toEqual(TOO_MANY);
    expect(Number(trpc.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("refuses a client address past its own limit, whatever the usernames", async () => {
    const app = await instance(t, { loginMaxFailuresPerAddress: 5 });
    try {
      await createUser(t.db, "neighbour", "admin");
      // Successful logins give their attempt back: they never lock an address out.
      for (let i = 0; i < 8; i++) expect((await login(app, "neighbour", PASSWORD, "10.3.0.1")).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) expect((await login(app, `guess-${i}`, "wrong", "10.3.0.1")).statusCode).toBe(401);
      expectThrottled(await login(app, "neighbour", PASSWORD, "10.3.0.1"));
      expect((await login(app, "neighbour", PASSWORD, "10.3.0.2")).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("counts attempts on two instances against one limit, also when they race", async () => {
    const second = await instance(t);
    try {
      await createUser(t.db, "raced", "admin");
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login(i % 2 ? second : t.app, "raced", "wrong password", `10.4.0.${i}`)),
      );
      const statuses = attempts.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
      expectThrottled(await login(second, "raced", PASSWORD, "10.4.1.1"));
    } finally {
      await second.close();
    }
  });
});
