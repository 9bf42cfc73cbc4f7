import { describe, expect, it } from "vitest";

import { caller, refusal } from "./caller";
import { createUser, json, request, setupTestApp, type TestContext } from "./helpers";

const TENANTS = "/api/v1/tenants/";
const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
const invalid = (errors: Record<string, string[]>) => ({ success: false, code: 4000, message: "请求参数错误", errors });
const TENANT_NOT_FOUND = { success: false, code: 4004, message: "租户不存在" };
const CODE_TAKEN = "具有该代码的租户已存在。";
const IN_USE = invalid({ non_field_errors: ["该租户仍与客户或用户有关联，无法删除"] });

type Tenant = { id: number; name: string; code: string; created_at: string; updated_at: string };

let counter = 0;
const code = () => `code_${++counter}`;

async function create(t: TestContext, body: Record<string, unknown>): Promise<Tenant> {
  const response = await request(t, "POST", TENANTS, { payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data;
}

describe("tenants (CONTRACT §6)", () => {
  const t = setupTestApp();

  it("creates (201), gets, lists, replaces (PUT), patches and deletes (204)", async () => {
    const created = await create(t, { name: "租户B", code: "tenant_b" });
    expect(created).toEqual({ id: expect.any(Number), name: "租户B", code: "tenant_b", created_at: TIMESTAMP, updated_at: TIMESTAMP });

    const got = await request(t, "GET", `${TENANTS}${created.id}/`);
    expect(json(got)).toEqual({ success: true, code: 2000, message: "操作成功", data: created });

    const listed = await request(t, "GET", `${TENANTS}?ordering=code`);
    expect(listed.statusCode).toBe(200);
    expect(json(listed).data.results.map((tenant: Tenant) => tenant.code)).toEqual(["tenant_a", "tenant_b"]);
    expect(json(listed).data.pagination).toMatchObject({ count: 2, current_page: 1, total_pages: 1, count_exact: true });

    const replaced = await request(t, "PUT", `${TENANTS}${created.id}/`, { payload: { name: "租户乙", code: "tenant_b2" } });
    expect(replaced.statusCode).toBe(200);
    expect(json(replaced).data).toMatchObject({ id: created.id, name: "租户乙", code: "tenant_b2", created_at: created.created_at });

    const patched = await request(t, "PATCH", `${TENANTS}${created.id}/`, { payload: { name: "租户B" } });
    expect(json(patched).data).toMatchObject({ name: "租户B", code: "tenant_b2" });

    const deleted = await request(t, "DELETE", `${TENANTS}${created.id}/`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    const gone = await request(t, "GET", `${TENANTS}${created.id}/`);
    expect(gone.statusCode).toBe(404);
    expect(json(gone)).toEqual(TENANT_NOT_FOUND);
  });

  it("answers 404 租户不存在 for unknown ids on every operation", async () => {
    const answers = [
      await request(t, "GET", `${TENANTS}999999/`),
      await request(t, "PUT", `${TENANTS}999999/`, { payload: { name: "x", code: "x" } }),
      await request(t, "PATCH", `${TENANTS}999999/`, { payload: {} }),
      await request(t, "DELETE", `${TENANTS}999999/`),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(json(answer)).toEqual(TENANT_NOT_FOUND);
    }
  });

  it("keeps codes unique: 400 on code for a create, a PUT and a PATCH", async () => {
    const first = await create(t, { name: "一", code: code() });
    const second = await create(t, { name: "二", code: code() });
    const clash = await request(t, "POST", TENANTS, { payload: { name: "三", code: first.code } });
    expect(json(clash)).toEqual(invalid({ code: [CODE_TAKEN] }));
    const put = await request(t, "PUT", `${TENANTS}${second.id}/`, { payload: { name: "二", code: first.code } });
    expect(json(put)).toEqual(invalid({ code: [CODE_TAKEN] }));
    const patch = await request(t, "PATCH", `${TENANTS}${second.id}/`, { payload: { code: first.code } });
    expect(json(patch)).toEqual(invalid({ code: [CODE_TAKEN] }));
    // Its own code is not a clash.
    const same = await request(t, "PUT", `${TENANTS}${second.id}/`, { payload: { name: "二", code: second.code } });
    expect(same.statusCode).toBe(200);
  });

  it("gives exactly one of 10 parallel creates of one code a 201, and the others 400 on code", async () => {
    const shared = code();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => request(t, "POST", TENANTS, { payload: { name: `并发${i}`, code: shared } })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const answer of answers.filter((candidate) => candidate.statusCode === 400)) {
      expect(json(answer)).toEqual(invalid({ code: [CODE_TAKEN] }));
    }
  });

  it("requires name and code; code is a lowercase slug of [a-z0-9_-]", async () => {
    const missing = await request(t, "POST", TENANTS, { payload: {} });
    expect(json(missing)).toEqual(invalid({ name: ["此字段为必填项"], code: ["此字段为必填项"] }));
    const put = await request(t, "PUT", `${TENANTS}${(await create(t, { name: "x", code: code() })).id}/`, { payload: { name: "y" } });
    expect(json(put)).toEqual(invalid({ code: ["此字段为必填项"] }));
    for (const bad of ["Tenant_A", "tenant a", "租户", "a.b", "a/b"]) {
      const response = await request(t, "POST", TENANTS, { payload: { name: "x", code: bad } });
      expect(response.statusCode, bad).toBe(400);
      expect(Object.keys(json(response).errors), bad).toEqual(["code"]);
    }
    for (const bad of ["", "   ", "\u0000"]) {
      const response = await request(t, "POST", TENANTS, { payload: { name: bad, code: code() } });
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(Object.keys(json(response).errors)).toEqual(["name"]);
    }
    const ok = await create(t, { name: "  带空格  ", code: "  a-b_9  " });
    expect(ok).toMatchObject({ name: "带空格", code: "a-b_9" });
  });

  it("refuses to delete a tenant that still has customer relations or users", async () => {
    const related = await create(t, { name: "有关系", code: code() });
    const customer = await request(t, "POST", "/api/v1/customers/", { payload: { name: "客户", type: "company" } });
    const relation = await request(t, "POST", "/api/v1/customers/tenants/relations/", {
      payload: { customer_id: json(customer).data.id, tenant_id: related.id, relation_type: "client", status: "active" },
    });
    expect(relation.statusCode).toBe(201);
    const refused = await request(t, "DELETE", `${TENANTS}${related.id}/`);
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toEqual(IN_USE);

    // Even when the customer is soft-deleted, its relation row still points at the tenant.
    await request(t, "DELETE", `/api/v1/customers/${json(customer).data.id}/`);
    expect(json(await request(t, "DELETE", `${TENANTS}${related.id}/`))).toEqual(IN_USE);

    // A tenant admin belonging to it keeps it too.
    const other = await create(t, { name: "有用户", code: code() });
    await createUser(t.db, `admin-of-${other.code}`, "tenant_admin", other.code);
    expect(json(await request(t, "DELETE", `${TENANTS}${other.id}/`))).toEqual(IN_USE);
  });

  it("orders by the allowed fields only and pages", async () => {
    const bad = await request(t, "GET", `${TENANTS}?ordering=secret`);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(json(bad).errors)).toEqual(["ordering"]);
    const page = await request(t, "GET", `${TENANTS}?page_size=1&ordering=-id`);
    expect(json(page).data.results).toHaveLength(1);
    expect(json(page).data.pagination.next).toContain("page=2");
    const past = await request(t, "GET", `${TENANTS}?page=999`);
    expect(past.statusCode).toBe(404);
    expect(json(past)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });

  it("is for admins only", async () => {
    expect((await request(t, "GET", TENANTS, { token: null })).statusCode).toBe(401);
    const forbidden = await request(t, "POST", TENANTS, { token: t.tenantAdminToken, payload: { name: "x", code: code() } });
    expect(forbidden.statusCode).toBe(403);
    expect(json(forbidden)).toEqual({ success: false, code: 4030, message: "权限不足" });
  });

  it("through the router's caller: creates, patches, refuses a taken code and a delete while users remain", async () => {
    const api = caller(t);
    const created = await api.tenants.create({ name: "直呼租户", code: "caller_tenant" });
    expect(created).toStrictEqual({ id: expect.any(Number), name: "直呼租户", code: "caller_tenant", created_at: TIMESTAMP, updated_at: TIMESTAMP });
    expect(await api.tenants.patch({ id: created.id, name: "改名" })).toMatchObject({ id: created.id, name: "改名", code: "caller_tenant" });
    expect(await refusal(api.tenants.create({ name: "again", code: "caller_tenant" }))).toEqual({ status: 400, ...invalid({ code: [CODE_TAKEN] }) });

    await createUser(t.db, "caller-tenant-admin", "tenant_admin", "caller_tenant");
    expect(await refusal(api.tenants.delete({ id: created.id }))).toEqual({ status: 400, ...IN_USE });
    expect(await refusal(api.tenants.get({ id: 2_000_000_000 }))).toEqual({ status: 404, ...TENANT_NOT_FOUND });
  });
});
