import { createOrm, DB_TIMEOUT_DEFAULTS, type Orm } from "@customer-hub/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { setupTestApp, TEST_JWT_SECRET } from "./helpers";
import { startTcpProxy } from "./tcp-proxy";

const UNAVAILABLE = { success: false, code: 5030, message: "服务不可用" };

describe("a database that is frozen or down", () => {
  const t = setupTestApp();
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let orm: Orm;
  let app: App;

  beforeAll(async () => {
    const url = new URL(t.db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    url.port = String(proxy.port);
    // The production bounds (a 5 s statement timeout): a frozen server cannot enforce it, and a
    // query on a pooled connection must not wait for the client's query_timeout behind it.
    orm = await createOrm({ url: url.toString(), timeouts: DB_TIMEOUT_DEFAULTS });
    app = await buildApp({ orm, env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 600 } });
  });
  afterAll(async () => {
    proxy?.restore();
    await app?.close();
    await orm?.close(true);
    await proxy?.close();
  });

  const timed = async (url: string) => {
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${t.adminToken}` } });
    return { response, ms: performance.now() - started };
  };

  async function servesAgain() {
    // The pool drops broken connections and opens new ones: no restart.
    const deadline = Date.now() + 5000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await timed("/api/v1/customers/")).response.statusCode;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await timed("/readyz")).response.statusCode).toBe(200);
  }

  it("serves through the proxy while the database is up", async () => {
    expect((await timed("/api/v1/customers/")).response.statusCode).toBe(200);
    expect((await timed("/readyz")).response.statusCode).toBe(200);
  });

  it("frozen: 503 / 5030 with Retry-After within about a second on a pooled connection, /readyz 503, then recovers", async () => {
    // Connections in the pool: the request below takes one that is open, not a new one.
    await Promise.all([timed("/api/v1/customers/"), timed("/api/v1/customers/statistics/")]);
    proxy.freeze();
    const [{ response, ms }, trpc] = await Promise.all([
      timed("/api/v1/customers/"),
      timed(`/trpc/customers.list?input=${encodeURIComponent("{}")}`),
    ]);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual(UNAVAILABLE);
    expect(response.headers["retry-after"]).toBe("1");
    expect(ms).toBeLessThan(1500);
    expect(trpc.response.statusCode).toBe(503);
    expect(trpc.ms).toBeLessThan(1500);

    const ready = await timed("/readyz");
    expect(ready.response.statusCode).toBe(503);
    expect(ready.ms).toBeLessThan(1500);

    proxy.restore();
    await servesAgain();
  });

  it("lets a long statement on a server that answers run to its end", async () => {
    const started = performance.now();
    const rows = await orm.em.fork().getConnection().execute<{ slept: string }[]>("select pg_sleep(1.5)::text as slept");
    expect(rows).toEqual([{ slept: "" }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it("down: 503 / 5030 on REST and tRPC within about a second, /readyz 503, then recovers", async () => {
    proxy.down();
    const rest = await timed("/api/v1/customers/");
    expect(rest.response.statusCode).toBe(503);
    expect(rest.response.json()).toEqual(UNAVAILABLE);
    expect(rest.ms).toBeLessThan(1500);

    const trpc = await timed(`/trpc/customers.list?input=${encodeURIComponent("{}")}`);
    expect(trpc.response.statusCode).toBe(503);
    expect(trpc.response.json().error.data.envelope).toEqual(UNAVAILABLE);

    const ready = await timed("/readyz");
    expect(ready.response.statusCode).toBe(503);
    expect(ready.ms).toBeLessThan(1500);

    proxy.restore();
    await servesAgain();
  });
});
