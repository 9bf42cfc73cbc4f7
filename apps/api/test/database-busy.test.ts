import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { CUSTOMERS, insertCustomers } from "./customers-fixtures";
import { TEST_JWT_SECRET, json, request, setupTestApp, type TestContext } from "./helpers";

/** Tiny, so that each test waits a quarter of a second for the lock, not LOCK_TIMEOUT_MS. */
const LOCK_TIMEOUT_MS = 250;
const SERVICE_UNAVAILABLE = { success: false, code: 5030, message: "服务不可用" };

/** Holds a row lock on customer `id` from a connection of its own until `release` is called. */
async function holdCustomerLock(t: TestContext, id: number) {
  const knex = t.db.orm.em.getConnection().getKnex();
  const trx = await knex.transaction();
  await trx.raw("select id from customer where id = ? for update", [id]);
  return { release: () => trx.rollback() };
}

describe("a write that cannot get its lock in time: 503 with Retry-After, never 500", () => {
  const t = setupTestApp();
  let logged: Record<string, unknown>[];
  let logging: TestContext;

  beforeAll(async () => {
    logged = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const app: App = await buildApp({
      orm: t.db.orm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
      logger: { level: "warn", stream },
      lockTimeoutMs: LOCK_TIMEOUT_MS,
    });
    await app.ready();
    logging = { ...t, app };
  });
  afterAll(() => logging?.app.close());

  it(`REST: 503 / 5030 with Retry-After after lock_timeout, logged with the request id; then the same request succeeds`, async () => {
    const [id] = await insertCustomers(t, [{ name: "locked" }]);
    const lock = await holdCustomerLock(t, id!);
    try {
      const response = await request(logging, "PATCH", `${CUSTOMERS}${id}/`, { payload: { notes: "waits" } });
      expect(response.statusCode).toBe(503);
      expect(json(response)).toEqual(SERVICE_UNAVAILABLE);
      expect(response.headers["retry-after"]).toBe("1");
    } finally {
      await lock.release();
    }
    const busy = logged.find((line) => line.msg === "database busy, answered 503");
    expect(busy).toMatchObject({ level: 40, reqId: expect.any(String) });
    expect(JSON.stringify(busy)).toContain("55P03");

    const retried = await request(logging, "PATCH", `${CUSTOMERS}${id}/`, { payload: { notes: "waits" } });
    expect(retried.statusCode).toBe(200);
    expect(json(retried).data.notes).toBe("waits");
  });

  it("bulk-update behind a lock: 503, and none of its rows changed", async () => {
    const ids = await insertCustomers(t, [{ name: "one" }, { name: "two" }]);
    const lock = await holdCustomerLock(t, ids[1]!);
    try {
      const customers = ids.map((id) => ({ id, notes: "bulk" }));
      const response = await request(logging, "POST", `${CUSTOMERS}bulk-update/`, { payload: { customers } });
      expect(response.statusCode).toBe(503);
      expect(json(response)).toEqual(SERVICE_UNAVAILABLE);
    } finally {
      await lock.release();
    }
    const notes = await t.db.orm.em.getConnection().execute<{ notes: string | null }[]>(
      "select notes from customer where id = any(?::int[])",
      [`{${ids}}`],
    );
    expect(notes.map((row) => row.notes)).toEqual([null, null]);
  });

  it("tRPC: HTTP 503 with Retry-After and the 5030 envelope in the error data", async () => {
    const [id] = await insertCustomers(t, [{ name: "locked for trpc" }]);
    const lock = await holdCustomerLock(t, id!);
    try {
      const response = await logging.app.inject({
        method: "POST",
        url: "/trpc/customers.patch",
        headers: { authorization: `Bearer ${t.adminToken}` },
        payload: { id, notes: "waits" },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("1");
      expect(json(response).error.data).toMatchObject({ httpStatus: 503, envelope: SERVICE_UNAVAILABLE });
    } finally {
      await lock.release();
    }
  });

  it("documents 503 on every write operation and on no read", async () => {
    const document = json(await t.app.inject({ method: "GET", url: "/api/v1/schema/" }));
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        expect("503" in operation.responses, `${method} ${path}`).toBe(method !== "get");
      }
    }
    expect(document.components.responses.ServiceUnavailable.headers["Retry-After"]).toBeDefined();
  });
});
