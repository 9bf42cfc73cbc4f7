import type { LightMyRequestResponse } from "fastify";
import { createOrm, type Orm } from "@customer-hub/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp } from "../src/app";
import { CUSTOMERS, insertCustomers } from "./customers-fixtures";
import { TEST_JWT_SECRET, json, request, setupTestApp, type TestContext } from "./helpers";

/**
 * Two API instances (two buildApp, each with its own ORM and pool) on one database, written to by
 * concurrent loops. Each loop runs for a bounded time and a bounded number of requests.
 */
const LOOPS = 16;
const DURATION_MS = 5_000;
const MAX_REQUESTS_PER_LOOP = 60;
/**
 * These tests are about deadlocks and lost updates, not about waiting: both instances and the
 * checks run in one Node process here, and on a loaded machine 16 requests queued for the same
 * rows can wait longer than LOCK_TIMEOUT_MS in all. A wait this long would mean a stuck lock.
 */
const QUEUE_LOCK_TIMEOUT_MS = 60_000;
const MEMBERS = "/api/v1/members/";
const RELATIONS = "/api/v1/customers/members/relations/";

const random = (n: number) => Math.floor(Math.random() * n);
const shuffled = <T>(items: T[]) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};
const sample = <T>(items: T[], size: number) => shuffled(items).slice(0, size);
const pick = <T>(items: readonly T[]) => items[random(items.length)]!;

type Outcome = { status: number; detail: string };

/**
 * Runs `step` in LOOPS concurrent loops, alternating instances, until time or the count runs out.
 * An answer that `request` finds undocumented (a 500) is recorded, not thrown, so every loop runs on.
 */
async function runLoops(
  instances: TestContext[],
  step: (instance: TestContext, loop: number) => Promise<LightMyRequestResponse>,
): Promise<Outcome[]> {
  const deadline = Date.now() + DURATION_MS;
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, loop) => {
      for (let i = 0; i < MAX_REQUESTS_PER_LOOP && Date.now() < deadline; i++) {
        try {
          const answer = await step(instances[(loop + i) % instances.length]!, loop);
          outcomes.push({ status: answer.statusCode, detail: answer.body.slice(0, 200) });
        } catch (error) {
          outcomes.push({ status: 599, detail: (error as Error).message.slice(0, 200) });
        }
      }
    }),
  );
  return outcomes;
}

const serverErrors = (outcomes: Outcome[]) =>
  outcomes.filter((outcome) => outcome.status >= 500).map((outcome) => `${outcome.status} ${outcome.detail}`);

// Generous: the loops stop starting requests after DURATION_MS, but on a loaded machine the
// requests in flight then can take long to finish.
describe("concurrent writes on two API instances", { timeout: 180_000 }, () => {
  const t = setupTestApp();
  let secondOrm: Orm;
  let instances: TestContext[];

  beforeAll(async () => {
    secondOrm = await createOrm({ url: t.db.url, poolMax: 25 });
    const instance = async (orm: Orm) => {
      const app = await buildApp({
        orm,
        env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
        lockTimeoutMs: QUEUE_LOCK_TIMEOUT_MS,
      });
      await app.ready();
      return { ...t, app };
    };
    instances = [await instance(t.db.orm), await instance(secondOrm)];
  });
  afterAll(async () => {
    for (const instance of instances ?? []) await instance.app.close();
    await secondOrm?.close(true);
  });

  it("overlapping bulk-updates of 200 customers in random order: every answer 200, rows hold submitted values", async () => {
    const ids = await insertCustomers(t, Array.from({ length: 200 }, (_, index) => ({ name: `bulk ${index}` })));
    const submitted = new Map<number, { names: Set<string>; notes: Set<string> }>(
      ids.map((id, index) => [id, { names: new Set([`bulk ${index}`]), notes: new Set() }]),
    );
    let sequence = 0;

    const answers = await runLoops(instances, (instance, loop) => {
      const customers = sample(ids, 20 + random(80)).map((id) => {
        const tag = `${loop}-${sequence++}`;
        const item: { id: number; name?: string; notes?: string } = { id };
        // A random subset of the fields: name, notes, or both.
        const fields = random(3);
        if (fields !== 1) item.name = `name ${tag}`;
        if (fields !== 0) item.notes = `notes ${tag}`;
        if (item.name) submitted.get(id)!.names.add(item.name);
        if (item.notes) submitted.get(id)!.notes.add(item.notes);
        return item;
      });
      return request(instance, "POST", `${CUSTOMERS}bulk-update/`, { payload: { customers } });
    });

    console.info(`${answers.length} answers, ${serverErrors(answers).length} 5xx`);
    expect(serverErrors(answers)).toEqual([]);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(LOOPS);

    const rows = await t.db.orm.em
      .getConnection()
      .execute<{ id: number; name: string; notes: string | null }[]>("select id, name, notes from customer where id = any(?::int[])", [`{${ids}}`]);
    for (const row of rows) {
      const values = submitted.get(row.id)!;
      expect(values.names.has(row.name), `name of ${row.id}`).toBe(true);
      if (row.notes !== null || values.notes.size > 0) expect(values.notes.has(row.notes!), `notes of ${row.id}`).toBe(true);
    }
  });

  it("mixed customer, member, relation, bulk-update and bulk-delete/restore writes: zero 5xx", async () => {
    const customerIds = await insertCustomers(t, Array.from({ length: 24 }, (_, index) => ({ name: `mixed ${index}` })));
    const memberIds: number[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await request(t, "POST", MEMBERS, { payload: { username: `mixed-member-${index}`, name: `m${index}` } });
      memberIds.push(json(response).data.id);
    }
    // Every member primary for six customers, so a member edit touches several customers.
    for (const [index, customerId] of customerIds.entries()) {
      const payload = { customer_id: customerId, member_id: memberIds[index % memberIds.length], role: "business_contact", is_primary: true };
      expect((await request(t, "POST", RELATIONS, { payload })).statusCode).toBe(201);
    }
    let sequence = 0;

    // Read straight from the table: listing them through the API would dilute the writes.
    const relationIds = async (_instance: TestContext) =>
      t.db.orm.em.getConnection().execute<{ id: number; is_primary: boolean }[]>("select id, is_primary from customer_member_relation");

    const answers = await runLoops(instances, async (instance) => {
      const tag = sequence++;
      switch (random(12)) {
        case 0:
          return request(instance, "PATCH", `${CUSTOMERS}${pick(customerIds)}/`, { payload: { notes: `patch ${tag}`, primary_contact_name: `p ${tag}` } });
        case 1:
        case 2:
        case 7:
          return request(instance, "PATCH", `${MEMBERS}${pick(memberIds)}/`, { payload: { name: `member ${tag}`, phone: `${tag}` } });
        case 3:
          return request(instance, "POST", RELATIONS, {
            payload: { customer_id: pick(customerIds), member_id: pick(memberIds), role: "business_contact", is_primary: random(2) === 0 },
          });
        case 4: {
          const relations = await relationIds(instance);
          const relation = pick(relations);
          return request(instance, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "decision_maker", notes: `put ${tag}`, is_primary: random(2) === 0 } });
        }
        case 5: {
          const relation = pick(await relationIds(instance));
          return request(instance, "POST", `${RELATIONS}${relation.id}/set-primary/`);
        }
        case 6: {
          const relation = pick((await relationIds(instance)).filter((row) => !row.is_primary).concat({ id: 0, is_primary: false }));
          return relation.id === 0
            ? request(instance, "GET", RELATIONS)
            : request(instance, "DELETE", `${RELATIONS}${relation.id}/`);
        }
        case 8: {
          const customers = sample(customerIds, 4 + random(8)).map((id) => ({ id, notes: `bulk ${tag}` }));
          return request(instance, "POST", `${CUSTOMERS}bulk-update/`, { payload: { customers } });
        }
        default: {
          const ids = sample(customerIds, 4 + random(8));
          const deleted = await request(instance, "POST", `${CUSTOMERS}bulk-delete/`, { payload: { ids: shuffled(ids) } });
          if (deleted.statusCode !== 200) return deleted;
          for (const id of ids) {
            const restored = await request(instance, "POST", `${CUSTOMERS}${id}/restore/`);
            if (restored.statusCode !== 200) return restored;
          }
          return deleted;
        }
      }
    });

    console.info(`${answers.length} answers, ${serverErrors(answers).length} 5xx`);
    expect(serverErrors(answers)).toEqual([]);
    // What a client can cause in this mix: a pair already related (409), a relation or customer that
    // a concurrent request just deleted (404, 400), a primary that cannot be deleted (400).
    expect(answers.filter((answer) => ![200, 201, 204, 400, 404, 409].includes(answer.status))).toEqual([]);
  });
});
