import { countDrift, createOrm, type Orm } from "@customer-hub/db";
import {
  COMPANY_SIZES,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  FOLLOW_UP_STATUSES,
  GRADES,
  RELATION_STATUSES,
  RELATION_TYPES,
  VALUE_LEVELS,
} from "@customer-hub/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { rebuildAllCounts } from "../src/cli/counts";
import { runCli } from "../src/cli/index";
import { CUSTOMERS } from "./customers-fixtures";
import { json, request, setupTestApp, TEST_JWT_SECRET, tokenFor, type TestContext } from "./helpers";

const RELATIONS = "/api/v1/customers/tenants/relations/";

const fields = fc.record(
  {
    type: fc.constantFrom(...CUSTOMER_TYPES),
    value_level: fc.constantFrom(...VALUE_LEVELS),
    status: fc.constantFrom(...CUSTOMER_STATUSES),
    company_size: fc.constantFrom(...COMPANY_SIZES, null),
    grade: fc.constantFrom(...GRADES, null),
    follow_up_status: fc.constantFrom(...FOLLOW_UP_STATUSES, null),
  },
  { requiredKeys: [] },
);
// value_level and status always given: bulk-create answers omitted defaults as null (issue 9 fixes it).
const newCustomer = fields.map((values) => ({ name: "客户", type: "company", value_level: "normal", status: "active", ...values }));
const anId = fc.integer({ min: 1, max: 40 });

/** One write, through the REST surface; refusals (404, 409, 400) are part of the mix. */
const operation = fc.oneof(
  newCustomer.map((payload) => ({ method: "POST" as const, url: CUSTOMERS, payload })),
  fc.array(newCustomer, { minLength: 1, maxLength: 20 }).map((customers) => ({ method: "POST" as const, url: `${CUSTOMERS}bulk-create/`, payload: { customers } })),
  fc.tuple(anId, fields).map(([id, payload]) => ({ method: "PATCH" as const, url: `${CUSTOMERS}${id}/`, payload })),
  fc.array(fc.tuple(anId, fields), { minLength: 1, maxLength: 10 }).map((items) => ({
    method: "POST" as const,
    url: `${CUSTOMERS}bulk-update/`,
    payload: { customers: [...new Map(items).entries()].map(([id, values]) => ({ id, ...values })) },
  })),
  anId.map((id) => ({ method: "DELETE" as const, url: `${CUSTOMERS}${id}/`, payload: undefined })),
  fc.uniqueArray(anId, { minLength: 1, maxLength: 10 }).map((ids) => ({ method: "POST" as const, url: `${CUSTOMERS}bulk-delete/`, payload: { ids } })),
  anId.map((id) => ({ method: "POST" as const, url: `${CUSTOMERS}${id}/restore/`, payload: undefined })),
  fc
    .record({ customer_id: anId, tenant_id: fc.constantFrom(1, 2), relation_type: fc.constantFrom(...RELATION_TYPES), status: fc.constantFrom(...RELATION_STATUSES) })
    .map((payload) => ({ method: "POST" as const, url: RELATIONS, payload })),
  fc
    .record({ id: fc.integer({ min: 1, max: 30 }), relation_type: fc.constantFrom(...RELATION_TYPES), status: fc.constantFrom(...RELATION_STATUSES) })
    .map(({ id, ...payload }) => ({ method: "PUT" as const, url: `${RELATIONS}${id}/`, payload })),
  fc.integer({ min: 1, max: 30 }).map((id) => ({ method: "DELETE" as const, url: `${RELATIONS}${id}/`, payload: undefined })),
);

describe("maintained counts", () => {
  const t = setupTestApp();
  let secondOrm: Orm;
  let second: App;
  let secondToken: string;

  beforeAll(async () => {
    await t.db.orm.em.getConnection().execute(
      "insert into tenant (name, code, created_at, updated_at) values ('租户一', 'count_a', now(), now()), ('租户二', 'count_b', now(), now())",
    );
    // A second API instance with its own pool on the same database, as two servers would be.
    secondOrm = await createOrm({ url: t.db.url, poolMax: 10 });
    second = await buildApp({
      orm: secondOrm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
    });
    await second.ready();
    secondToken = await tokenFor(second, "admin");
  });
  afterAll(async () => {
    await second?.close();
    await secondOrm?.close(true);
  });

  const secondContext = (): TestContext => ({ ...t, app: second, adminToken: secondToken });

  /** Every maintained count against count(*), and the API's totals against the table. */
  async function expectExact() {
    expect(await countDrift(t.db.orm.em.fork())).toEqual([]);
    const [row] = await t.db.orm.em.getConnection().execute<{ n: string }[]>("select count(*) as n from customer where deleted_at is null");
    const live = Number(row!.n);
    expect(json(await request(t, "GET", `${CUSTOMERS}statistics/`)).data.total_count).toBe(live);
    expect(json(await request(t, "GET", CUSTOMERS)).data.pagination).toMatchObject({ count: live, count_exact: true });
  }

  it("equal a fresh count(*) after random concurrent writes on two instances, bulk included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 8, maxLength: 16 }), async (operations) => {
        const answers = await Promise.all(
          operations.map((op, index) => request(index % 2 === 0 ? t : secondContext(), op.method, op.url, { payload: op.payload })),
        );
        for (const answer of answers) expect(answer.statusCode).toBeLessThan(500);
        await expectExact();
      }),
      { numRuns: 12, seed: 11, endOnFailure: true },
    );
  }, 300_000);

  it("are repaired by `counts rebuild`, which says how many were wrong", async () => {
    const connection = t.db.orm.em.getConnection();
    await connection.execute("update customer_count set n = n + 5 where facet = 'grade'");
    await connection.execute("insert into customer_count_delta values (0, 'type,value_level,status', '{company,vip,lost}', 3)");
    const wrong = (await countDrift(t.db.orm.em.fork())).length;
    expect(wrong).toBeGreaterThan(0);

    const out: string[] = [];
    const code = await runCli(["counts", "rebuild"], {
      out: (line) => out.push(line),
      err: () => {},
      open: async () => ({ orm: t.db.orm, close: async () => {} }),
    });
    expect({ code, out }).toEqual({ code: 0, out: [`counts rebuilt; ${wrong} were wrong`] });
    await expectExact();
    expect(await rebuildAllCounts(t.db.orm)).toBe(0);
  });

  it("follow a hard delete, which cascades to the relations", async () => {
    const connection = t.db.orm.em.getConnection();
    await connection.execute("delete from customer where id in (select customer_id from customer_tenant_relation limit 3)");
    await expectExact();
  });
});
