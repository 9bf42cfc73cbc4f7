import { describe, expect, it } from "vitest";

import { CUSTOMERS, ENVELOPE_OK, countAllRows, insertCustomers, invalidWith, storedRow } from "./customers-fixtures";
import { json, request, setupTestApp, type TestContext } from "./helpers";

const BULK_CREATE = `${CUSTOMERS}bulk-create/`;
const BULK_UPDATE = `${CUSTOMERS}bulk-update/`;
const BULK_DELETE = `${CUSTOMERS}bulk-delete/`;

const many = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => ({ name: `${prefix} ${index}`, type: "company" }));

/** The SQL statements the app sends while `action` runs (knex's `query` event: one per round trip). */
async function countStatements(t: TestContext, action: () => Promise<unknown>): Promise<string[]> {
  const knex = t.db.orm.em.getConnection().getKnex();
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  knex.on("query", listener);
  try {
    await action();
  } finally {
    knex.removeListener("query", listener);
  }
  return statements;
}

describe("POST /api/v1/customers/bulk-create/", () => {
  const t = setupTestApp();
  const bulkCreate = (payload: unknown) => request(t, "POST", BULK_CREATE, { payload });

  it("creates every customer, answering 201 with them in the order given", async () => {
    const response = await bulkCreate({
      customers: [
        { name: "北京科技有限公司", type: "company", grade: "A", id: 999, created_by: "mallory" },
        { name: "张三", type: "individual", value_level: "vip", business_license_number: "BL-BULK-1" },
      ],
    });

    expect(response.statusCode).toBe(201);
    const body = json(response);
    expect(body).toMatchObject({ ...ENVELOPE_OK, data: { created: 2 } });
    expect(body.data.results).toHaveLength(2);
    expect(body.data.results[0]).toMatchObject({ name: "北京科技有限公司", type: "company", grade: "A", value_level: "normal", status: "active", created_by: "admin", updated_by: "admin" });
    expect(body.data.results[0].id).not.toBe(999);
    expect(body.data.results[1]).toMatchObject({ name: "张三", type: "individual", value_level: "vip", business_license_number: "BL-BULK-1" });

    for (const customer of body.data.results) {
      const got = await request(t, "GET", `${CUSTOMERS}${customer.id}/`);
      expect(json(got).data).toEqual(customer);
    }
  });

  it("stores a lone surrogate as every write does (U+FFFD), not as a JSON escape PostgreSQL refuses", async () => {
    // JSON can carry half of a surrogate pair ("\ud800"); the rows reach PostgreSQL as one JSON document.
    const response = await bulkCreate({ customers: [{ name: "半\ud800导", type: "company" }, { name: "\\ud800", type: "company" }] });

    expect(response.statusCode).toBe(201);
    const [lone, backslash] = json(response).data.results;
    expect(json(await request(t, "GET", `${CUSTOMERS}${lone.id}/`)).data.name).toBe("半\ufffd导");
    expect(json(await request(t, "GET", `${CUSTOMERS}${backslash.id}/`)).data.name).toBe("\\ud800");
  });

  it("stores nothing when one item among 500 is bad, naming it customers.<index>.<field>", async () => {
    const before = await countAllRows(t);
    const customers: Record<string, unknown>[] = many(500, "batch");
    customers[317] = { name: "   ", type: "company" };
    customers[404] = { name: "ok", type: "spaceship" };

    const response = await bulkCreate({ customers });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      invalidWith({ "customers.317.name": ["该字段不能为空。"], "customers.404.type": ["“spaceship” 不是合法选项。"] }),
    );
    expect(await countAllRows(t)).toBe(before);
  });

  it("refuses 0 and 1001 items, and a missing or non-list `customers`", async () => {
    const before = await countAllRows(t);
    const tooMany = await bulkCreate({ customers: many(1001, "too many") });
    expect(tooMany.statusCode).toBe(400);
    expect(json(tooMany)).toEqual(invalidWith({ customers: ["请确保列表不超过 1000 项。"] }));

    expect(json(await bulkCreate({ customers: [] }))).toEqual(invalidWith({ customers: ["请确保列表至少包含 1 项。"] }));
    expect(json(await bulkCreate({}))).toEqual(invalidWith({ customers: ["此字段为必填项"] }));
    expect(json(await bulkCreate({ customers: { name: "x" } }))).toEqual(invalidWith({ customers: ["请填写合法的列表。"] }));
    expect(json(await bulkCreate({ customers: ["x"] }))).toEqual(invalidWith({ "customers.0": ["请填写合法的对象。"] }));
    expect(await countAllRows(t)).toBe(before);
  });

  it("checks business licence numbers within the batch and against live customers", async () => {
    await insertCustomers(t, [{ business_license_number: "BL-LIVE" }, { business_license_number: "BL-GONE", deleted_at: new Date() }]);
    const before = await countAllRows(t);

    const response = await bulkCreate({
      customers: [
        { name: "a", type: "company", business_license_number: "BL-NEW" },
        { name: "b", type: "company", business_license_number: "BL-LIVE" },
        { name: "c", type: "company", business_license_number: "BL-NEW" },
        { name: "d", type: "company", business_license_number: "BL-GONE" },
      ],
    });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      invalidWith({
        "customers.1.business_license_number": ["具有该营业执照号码的客户已存在。"],
        "customers.2.business_license_number": ["具有该营业执照号码的客户已存在。"],
      }),
    );
    expect(await countAllRows(t)).toBe(before);
  });

  it("writes 1000 customers in a bounded number of SQL statements, not one per row", async () => {
    let response: Awaited<ReturnType<typeof bulkCreate>> | undefined;
    const statements = await countStatements(t, async () => {
      response = await bulkCreate({ customers: many(1000, "thousand") });
    });

    expect(response!.statusCode).toBe(201);
    expect(json(response!).data.created).toBe(1000);
    expect(new Set(json(response!).data.results.map((customer: { id: number }) => customer.id)).size).toBe(1000);
    expect(statements.length, statements.join("\n")).toBeLessThan(20);
  });
});

describe("POST /api/v1/customers/bulk-update/", () => {
  const t = setupTestApp();
  const bulkUpdate = (payload: unknown) => request(t, "POST", BULK_UPDATE, { payload });

  it("changes only the fields each item gives (PATCH per item), answering 200 with the customers", async () => {
    const [first, second] = await insertCustomers(t, [
      { name: "first", notes: "keep me", status: "potential" },
      { name: "second", grade: "B", email: "second@example.com" },
    ]);

    const response = await bulkUpdate({
      customers: [
        { id: second, grade: "A", created_by: "mallory" },
        { id: String(first), status: "active", name: "first, renamed" },
      ],
    });

    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(body).toMatchObject({ ...ENVELOPE_OK, data: { updated: 2 } });
    expect(body.data.results.map((customer: { id: number }) => customer.id)).toEqual([second, first]);
    expect(body.data.results[0]).toMatchObject({ name: "second", grade: "A", email: "second@example.com", created_by: "fixture", updated_by: "admin" });
    expect(body.data.results[1]).toMatchObject({ name: "first, renamed", status: "active", notes: "keep me" });
    expect(await storedRow(t, first!)).toMatchObject({ name: "first, renamed", status: "active", notes: "keep me", updated_by: "admin" });
  });

  it("refuses an unknown or deleted id with 客户不存在, changing nothing", async () => {
    const [live, gone] = await insertCustomers(t, [{ name: "live" }, { name: "gone", deleted_at: new Date() }]);

    const response = await bulkUpdate({
      customers: [
        { id: live, name: "changed" },
        { id: 999_999, name: "x" },
        { id: gone, name: "y" },
      ],
    });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      invalidWith({ "customers.1.id": ["客户不存在"], "customers.2.id": ["客户不存在"] }),
    );
    expect(await storedRow(t, live!)).toMatchObject({ name: "live" });
  });

  it("refuses a repeated id, an id that is not an integer, a missing id and bad fields, by index", async () => {
    const [id] = await insertCustomers(t, [{ name: "target" }]);

    const response = await bulkUpdate({
      customers: [{ id, name: "a" }, { id, name: "b" }, { id: true }, { name: "no id" }, { id, status: "unknown" }],
    });

    expect(response.statusCode).toBe(400);
    const errors = json(response).errors;
    expect(Object.keys(errors).sort()).toEqual(["customers.2.id", "customers.3.id", "customers.4.status"]);
    expect(errors["customers.3.id"]).toEqual(["此字段为必填项"]);
    expect(errors["customers.4.status"]).toEqual(["“unknown” 不是合法选项。"]);

    const repeated = await bulkUpdate({ customers: [{ id, name: "a" }, { id, name: "b" }] });
    expect(json(repeated)).toEqual(invalidWith({ "customers.1.id": ["列表中的 id 重复。"] }));
    expect(await storedRow(t, id!)).toMatchObject({ name: "target" });
  });

  it("checks licence numbers against the batch's final state and the live customers outside it", async () => {
    const [holder, other, outside] = await insertCustomers(t, [
      { business_license_number: "BL-HELD" },
      { business_license_number: null },
      { business_license_number: "BL-OUTSIDE" },
    ]);

    const clash = await bulkUpdate({
      customers: [
        { id: holder, notes: "keeps BL-HELD" },
        { id: other, business_license_number: "BL-HELD" },
      ],
    });
    expect(json(clash)).toEqual(invalidWith({ "customers.1.business_license_number": ["具有该营业执照号码的客户已存在。"] }));

    const outsideClash = await bulkUpdate({ customers: [{ id: other, business_license_number: "BL-OUTSIDE" }] });
    expect(json(outsideClash)).toEqual(invalidWith({ "customers.0.business_license_number": ["具有该营业执照号码的客户已存在。"] }));

    // Moving a number from one customer of the batch to another is fine: the end state is unique.
    const moved = await bulkUpdate({
      customers: [
        { id: holder, business_license_number: "BL-RETIRED" },
        { id: other, business_license_number: "BL-HELD" },
      ],
    });
    expect(moved.statusCode).toBe(200);
    expect(await storedRow(t, other!)).toMatchObject({ business_license_number: "BL-HELD" });
    expect(await storedRow(t, outside!)).toMatchObject({ business_license_number: "BL-OUTSIDE" });
  });

  it("updates 1000 customers in a bounded number of SQL statements", async () => {
    const ids = await insertCustomers(t, Array.from({ length: 1000 }, (_, index) => ({ name: `row ${index}` })));
    let response: Awaited<ReturnType<typeof bulkUpdate>> | undefined;
    const statements = await countStatements(t, async () => {
      response = await bulkUpdate({ customers: ids.map((id, index) => ({ id, status: index % 2 ? "inactive" : "lost" })) });
    });

    expect(response!.statusCode).toBe(200);
    expect(json(response!).data.updated).toBe(1000);
    expect(await storedRow(t, ids[1]!)).toMatchObject({ status: "inactive" });
    expect(statements.length, statements.join("\n").slice(0, 2000)).toBeLessThan(20);
  });
});

describe("POST /api/v1/customers/bulk-delete/", () => {
  const t = setupTestApp();
  const bulkDelete = (payload: unknown) => request(t, "POST", BULK_DELETE, { payload });

  it("soft-deletes every listed customer, answering 200 with the count", async () => {
    const [a, b, kept] = await insertCustomers(t, [{ name: "a" }, { name: "b" }, { name: "kept" }]);

    const response = await bulkDelete({ ids: [a, String(b)] });

    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ ...ENVELOPE_OK, data: { deleted: 2 } });
    for (const id of [a, b]) {
      expect((await request(t, "GET", `${CUSTOMERS}${id}/`)).statusCode).toBe(404);
      expect(await storedRow(t, id!)).toMatchObject({ deleted_at: expect.any(String), updated_by: "admin" });
    }
    expect((await request(t, "GET", `${CUSTOMERS}${kept}/`)).statusCode).toBe(200);
  });

  it("refuses an unknown or already deleted id with 客户不存在 under ids.<index>, deleting nothing", async () => {
    const [live, gone] = await insertCustomers(t, [{ name: "live" }, { name: "gone", deleted_at: new Date() }]);

    const response = await bulkDelete({ ids: [live, 999_999, gone] });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidWith({ "ids.1": ["客户不存在"], "ids.2": ["客户不存在"] }));
    expect(await storedRow(t, live!)).toMatchObject({ deleted_at: null });
  });

  it("refuses 0 or 1001 ids, repeated ids and ids that are not integers", async () => {
    const [id] = await insertCustomers(t, [{ name: "target" }]);
    expect(json(await bulkDelete({ ids: [] }))).toEqual(invalidWith({ ids: ["请确保列表至少包含 1 项。"] }));
    const tooMany = await bulkDelete({ ids: Array.from({ length: 1001 }, (_, index) => index + 1) });
    expect(tooMany.statusCode).toBe(400);
    expect(json(tooMany)).toEqual(invalidWith({ ids: ["请确保列表不超过 1000 项。"] }));
    expect(json(await bulkDelete({ ids: [id, id] }))).toEqual(invalidWith({ "ids.1": ["列表中的 id 重复。"] }));
    const notIds = await bulkDelete({ ids: ["abc", true, 0] });
    expect(notIds.statusCode).toBe(400);
    expect(Object.keys(json(notIds).errors).sort()).toEqual(["ids.0", "ids.1", "ids.2"]);
    expect(json(await bulkDelete({}))).toEqual(invalidWith({ ids: ["此字段为必填项"] }));
    expect(await storedRow(t, id!)).toMatchObject({ deleted_at: null });
  });

  it("is for admins only", async () => {
    const response = await request(t, "POST", BULK_DELETE, { token: t.tenantAdminToken, payload: { ids: [1] } });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ success: false, code: 4030, message: "权限不足" });
  });
});
