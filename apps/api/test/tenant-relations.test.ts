import { TenantSchema } from "@customer-hub/db";
import { beforeAll, describe, expect, it } from "vitest";

import { badRequest, notFound, OK, refused, RELATION_NOT_FOUND, REQUIRED, TIMESTAMP } from "./envelopes";
import { json, request, setupTestApp, type TestContext } from "./helpers";

const BASE = "/api/v1/customers/tenants/relations/";
/** The seed 002 error bodies, word for word. */
const SEED = {
  notFound: RELATION_NOT_FOUND,
  exists: refused(4090, "关系已存在", "该客户与租户的关系已存在"),
  undeletable: refused(4000, "无法删除主要租户关系", "无法删除主要租户关系，请先设置其他租户为主要租户"),
  noPrimary: notFound("未找到主要租户关系"),
  noneBetween: notFound("未找到客户与租户的关系"),
} as const;
const END_BEFORE_START = "结束日期不能早于开始日期";

type TenantSummary = { id: number; name: string; code: string };
type Detail = {
  id: number;
  customer: { id: number; name: string };
  tenant: TenantSummary;
  relation_type: string;
  is_primary: boolean;
  start_date: string | null;
  end_date: string | null;
  status: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
};

let counter = 0;
const unique = (prefix: string) => `${prefix}_${++counter}`;

async function addCustomer(t: TestContext, name = unique("客户")): Promise<{ id: number; name: string }> {
  const response = await request(t, "POST", "/api/v1/customers/", { payload: { name, type: "company" } });
  expect(response.statusCode, response.body).toBe(201);
  return { id: json(response).data.id, name };
}

async function addTenant(t: TestContext, name = unique("租户"), code = unique("t")): Promise<TenantSummary> {
  const response = await request(t, "POST", "/api/v1/tenants/", { payload: { name, code } });
  expect(response.statusCode, response.body).toBe(201);
  return { id: json(response).data.id, name, code };
}

async function post(t: TestContext, body: Record<string, unknown>): Promise<Detail> {
  const response = await request(t, "POST", BASE, { payload: { relation_type: "partner", status: "active", ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data;
}

/** Counted in SQL: the rule must hold in the table, whatever the answers said. */
async function countRows(t: TestContext, where: string, params: number[]): Promise<number> {
  const sql = `select count(*)::int as n from customer_tenant_relation where ${where}`;
  const [row] = await t.db.orm.em.fork().getConnection().execute<{ n: number }[]>(sql, params);
  return row!.n;
}

const resultIds = (body: { data: { results: { id: number }[] } }) => body.data.results.map((row) => row.id);

/** The relation fields of seed 002's examples: what each one sends, and shows back. */
const EXAMPLE = {
  first: { relation_type: "service_provider", is_primary: true, start_date: "2025-01-01", end_date: "2025-12-31", status: "active", notes: "主要服务提供商" },
  second: { relation_type: "partner", is_primary: false, start_date: "2025-01-01", end_date: "2025-12-31", status: "active", notes: "合作伙伴" },
  third: { relation_type: "client", is_primary: false, start_date: "2025-01-01", end_date: "2025-12-31", status: "active", notes: "客户关系" },
  firstUpdated: { relation_type: "strategic_partner", is_primary: true, start_date: "2025-01-01", end_date: "2026-12-31", status: "active", notes: "战略合作伙伴" },
} as const;

describe("seed 002: customer–tenant relations, example by example", () => {
  const t = setupTestApp();
  let customer: { id: number; name: string };
  const tenants = {} as Record<"A" | "B" | "C", TenantSummary>;
  const ids = {} as Record<"first" | "second" | "third", number>;

  /** A success envelope around a detail (§2–§8): the list row plus updated_at, created_by, updated_by. */
  const detail = (id: unknown, tenant: TenantSummary, fields: object, audit: Partial<Detail> = {}) => ({
    ...OK,
    data: {
      id,
      customer: { id: customer.id, name: "上海普全公司" },
      tenant,
      ...fields,
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
      created_by: "admin",
      updated_by: null,
      ...audit,
    },
  });

  beforeAll(async () => {
    customer = await addCustomer(t, "上海普全公司");
    // tenant_a exists already (the tenant admin's); it gets the seed's name.
    const tenantA = await t.db.orm.em.fork().findOneOrFail(TenantSchema, { code: "tenant_a" });
    const renamed = await request(t, "PATCH", `/api/v1/tenants/${tenantA.id}/`, { payload: { name: "租户A" } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    tenants.A = { id: tenantA.id, name: "租户A", code: "tenant_a" };
    tenants.B = await addTenant(t, "租户B", "tenant_b");
    tenants.C = await addTenant(t, "租户C", "tenant_c");
    ids.first = (await post(t, { customer_id: customer.id, tenant_id: tenants.A.id, ...EXAMPLE.first })).id;
    ids.second = (await post(t, { customer_id: customer.id, tenant_id: tenants.B.id, ...EXAMPLE.second })).id;
  });

  it("§2 creates with 201 and the full detail: created_by admin, updated_by null", async () => {
    // The seed's request body, word for word.
    const response = await request(t, "POST", BASE, {
      payload: { customer_id: customer.id, tenant_id: tenants.C.id, ...EXAMPLE.third },
    });
    expect(response.statusCode).toBe(201);
    expect(json(response)).toEqual(detail(expect.any(Number), { id: tenants.C.id, name: "租户C", code: "tenant_c" }, EXAMPLE.third));
    ids.third = json(response).data.id;
  });

  it("§2 answers 409 关系已存在 for a pair already related", async () => {
    const response = await request(t, "POST", BASE, {
      payload: { customer_id: customer.id, tenant_id: tenants.C.id, relation_type: "other", status: "inactive" },
    });
    expect(response.statusCode).toBe(409);
    expect(json(response)).toEqual(SEED.exists);
  });

  it("§2 answers one 400 naming the unknown customer, the unknown tenant and the missing relation_type", async () => {
    const response = await request(t, "POST", BASE, { payload: { customer_id: 999_999, tenant_id: 999_999, status: "active" } });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      badRequest({ customer_id: ["客户不存在"], tenant_id: ["租户不存在"], relation_type: [REQUIRED] }),
    );
  });

  it("§1 lists rows with customer and tenant nested and no audit fields, newest first", async () => {
    const response = await request(t, "GET", `${BASE}?customer_id=${customer.id}`);
    expect(response.statusCode).toBe(200);
    const row = (id: number, tenant: TenantSummary, fields: object) => ({
      id,
      customer: { id: customer.id, name: "上海普全公司" },
      tenant,
      ...fields,
      created_at: TIMESTAMP,
    });
    expect(json(response)).toEqual({
      ...OK,
      data: {
        pagination: { count: 3, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true },
        results: [
          row(ids.third, tenants.C, EXAMPLE.third),
          row(ids.second, tenants.B, EXAMPLE.second),
          row(ids.first, tenants.A, EXAMPLE.first),
        ],
      },
    });
  });

  it("§3 gets the detail; an unknown id is 404 关系不存在", async () => {
    const response = await request(t, "GET", `${BASE}${ids.first}/`);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(detail(ids.first, tenants.A, EXAMPLE.first));
    const missing = await request(t, "GET", `${BASE}999999/`);
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual(SEED.notFound);
  });

  it("§4 PUT updates the relation; updated_by becomes admin and created_at stays", async () => {
    const before: Detail = json(await request(t, "GET", `${BASE}${ids.first}/`)).data;
    const response = await request(t, "PUT", `${BASE}${ids.first}/`, { payload: EXAMPLE.firstUpdated });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(
      detail(ids.first, tenants.A, EXAMPLE.firstUpdated, { created_at: before.created_at, updated_by: "admin" }),
    );
    const missing = await request(t, "PUT", `${BASE}999999/`, { payload: { relation_type: "other", status: "active" } });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual(SEED.notFound);
  });

  it("§5 refuses to delete the primary relation with the seed's message", async () => {
    const response = await request(t, "DELETE", `${BASE}${ids.first}/`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(SEED.undeletable);
    expect(await countRows(t, "id = ?", [ids.first])).toBe(1);
  });

  it("§8 between/ answers the relation of a customer and a tenant", async () => {
    const response = await request(t, "GET", `${BASE}between/?customer_id=${customer.id}&tenant_id=${tenants.A.id}`);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(detail(ids.first, tenants.A, EXAMPLE.firstUpdated, { updated_by: "admin" }));
  });

  it("§6 set-primary makes the relation primary and unmarks the previous one", async () => {
    const response = await request(t, "POST", `${BASE}${ids.second}/set-primary/`, { payload: {} });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(detail(ids.second, tenants.B, { ...EXAMPLE.second, is_primary: true }, { updated_by: "admin" }));
    expect(json(await request(t, "GET", `${BASE}${ids.first}/`)).data.is_primary).toBe(false);
    expect(await countRows(t, "customer_id = ? and is_primary", [customer.id])).toBe(1);
    const missing = await request(t, "POST", `${BASE}999999/set-primary/`);
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual(SEED.notFound);
  });

  it("§7 primary/ answers the customer's primary relation", async () => {
    const response = await request(t, "GET", `${BASE}primary/?customer_id=${customer.id}`);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(detail(ids.second, tenants.B, { ...EXAMPLE.second, is_primary: true }, { updated_by: "admin" }));
  });

  it("§7 primary/ needs customer_id (400) and answers 404 未找到主要租户关系 without a primary", async () => {
    const missing = await request(t, "GET", `${BASE}primary/`);
    expect(missing.statusCode).toBe(400);
    expect(json(missing)).toEqual(badRequest({ customer_id: [REQUIRED] }));
    const lonely = await addCustomer(t);
    for (const customerId of [lonely.id, 999_999]) {
      const none = await request(t, "GET", `${BASE}primary/?customer_id=${customerId}`);
      expect(none.statusCode).toBe(404);
      expect(json(none)).toEqual(SEED.noPrimary);
    }
  });

  it("§8 between/ names each missing parameter (400) and answers 404 未找到客户与租户的关系", async () => {
    const neither = await request(t, "GET", `${BASE}between/`);
    expect(neither.statusCode).toBe(400);
    expect(json(neither)).toEqual(badRequest({ customer_id: [REQUIRED], tenant_id: [REQUIRED] }));
    const noTenant = await request(t, "GET", `${BASE}between/?customer_id=${customer.id}`);
    expect(json(noTenant)).toEqual(badRequest({ tenant_id: [REQUIRED] }));
    const noCustomer = await request(t, "GET", `${BASE}between/?tenant_id=${tenants.A.id}`);
    expect(json(noCustomer)).toEqual(badRequest({ customer_id: [REQUIRED] }));
    const unrelated = await addTenant(t);
    const none = await request(t, "GET", `${BASE}between/?customer_id=${customer.id}&tenant_id=${unrelated.id}`);
    expect(none.statusCode).toBe(404);
    expect(json(none)).toEqual(SEED.noneBetween);
  });

  it("§5 deletes a relation that is not primary: 204 without a body, then 404", async () => {
    const response = await request(t, "DELETE", `${BASE}${ids.third}/`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    const again = await request(t, "DELETE", `${BASE}${ids.third}/`);
    expect(again.statusCode).toBe(404);
    expect(json(again)).toEqual(SEED.notFound);
  });

  it("注意事项 2: setting is_primary false on the primary lets it be deleted", async () => {
    const unmarked = await request(t, "PUT", `${BASE}${ids.second}/`, {
      payload: { relation_type: "partner", status: "active", is_primary: false },
    });
    expect(unmarked.statusCode).toBe(200);
    expect(json(unmarked).data.is_primary).toBe(false);
    const deleted = await request(t, "DELETE", `${BASE}${ids.second}/`);
    expect(deleted.statusCode).toBe(204);
  });
});

describe("customer–tenant relation rules", () => {
  const t = setupTestApp();

  describe("list filters and ordering", () => {
    let customerId: number;
    let rows: Detail[];

    beforeAll(async () => {
      customerId = (await addCustomer(t)).id;
      const fields = [
        { relation_type: "client", status: "active", is_primary: true, start_date: "2025-03-01", end_date: "2025-09-30" },
        { relation_type: "supplier", status: "expired", start_date: "2024-01-01", end_date: "2024-12-31" },
        { relation_type: "client", status: "suspended", start_date: null, end_date: "2026-06-30" },
      ];
      rows = [];
      for (const field of fields) rows.push(await post(t, { customer_id: customerId, tenant_id: (await addTenant(t)).id, ...field }));
    });

    const list = async (query: string) => {
      const response = await request(t, "GET", `${BASE}?customer_id=${customerId}&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return resultIds(json(response));
    };

    it("is_primary reads true/1 as true and false/0 as false", async () => {
      const [primary, second, third] = rows.map((row) => row.id);
      expect(await list("is_primary=true")).toEqual([primary]);
      expect(await list("is_primary=1")).toEqual([primary]);
      expect(await list("is_primary=false")).toEqual([third, second]);
      expect(await list("is_primary=0")).toEqual([third, second]);
    });

    it("filters by relation_type, status and tenant_id", async () => {
      expect(await list("relation_type=client")).toEqual([rows[2]!.id, rows[0]!.id]);
      expect(await list("status=expired")).toEqual([rows[1]!.id]);
      expect(await list(`tenant_id=${rows[2]!.tenant.id}`)).toEqual([rows[2]!.id]);
      expect(await list("relation_type=client&status=active")).toEqual([rows[0]!.id]);
    });

    it("orders by id, created_at, updated_at, start_date and end_date", async () => {
      const [a, b, c] = rows.map((row) => row.id);
      expect(await list("ordering=id")).toEqual([a, b, c]);
      expect(await list("ordering=-id")).toEqual([c, b, a]);
      expect(await list("ordering=created_at")).toEqual([a, b, c]);
      expect(await list("ordering=-updated_at")).toEqual([c, b, a]);
      expect(await list("ordering=end_date")).toEqual([b, a, c]);
      expect(await list("ordering=-end_date")).toEqual([c, a, b]);
      // PostgreSQL puts nulls last when ascending.
      expect(await list("ordering=start_date")).toEqual([b, a, c]);
    });

    it("refuses unknown enum values, ordering fields and ids, each on its parameter", async () => {
      const cases: [string, string][] = [
        ["relation_type=friend", "relation_type"],
        ["status=gone", "status"],
        ["is_primary=yes", "is_primary"],
        ["ordering=name", "ordering"],
        ["tenant_id=abc", "tenant_id"],
        ["customer_id=0", "customer_id"],
      ];
      for (const [query, field] of cases) {
        const response = await request(t, "GET", `${BASE}?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(Object.keys(json(response).errors), query).toEqual([field]);
      }
      const choice = await request(t, "GET", `${BASE}?relation_type=friend`);
      expect(json(choice).errors).toEqual({ relation_type: ["“friend” 不是合法选项。"] });
    });
  });

  describe("dates", () => {
    it("refuses start_date after end_date on create, on end_date", async () => {
      const response = await request(t, "POST", BASE, {
        payload: {
          customer_id: (await addCustomer(t)).id,
          tenant_id: (await addTenant(t)).id,
          relation_type: "client",
          status: "active",
          start_date: "2025-06-01",
          end_date: "2025-05-31",
        },
      });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(badRequest({ end_date: [END_BEFORE_START] }));
    });

    it("checks PUT against the merged dates: a new value where given, else the stored one", async () => {
      const relation = await post(t, {
        customer_id: (await addCustomer(t)).id,
        tenant_id: (await addTenant(t)).id,
        start_date: "2025-01-01",
        end_date: "2025-12-31",
      });
      const put = (dates: Record<string, string | null>) =>
        request(t, "PUT", `${BASE}${relation.id}/`, { payload: { relation_type: "partner", status: "active", ...dates } });

      const reversed: Record<string, string>[] = [
        { end_date: "2024-12-31" },
        { start_date: "2026-01-01" },
        { start_date: "2025-08-01", end_date: "2025-07-01" },
      ];
      for (const dates of reversed) {
        const response = await put(dates);
        expect(response.statusCode, JSON.stringify(dates)).toBe(400);
        expect(json(response)).toEqual(badRequest({ end_date: [END_BEFORE_START] }));
      }
      const unchanged: Detail = json(await request(t, "GET", `${BASE}${relation.id}/`)).data;
      expect([unchanged.start_date, unchanged.end_date, unchanged.updated_by]).toEqual(["2025-01-01", "2025-12-31", null]);

      const moved = await put({ start_date: "2026-01-01", end_date: "2026-12-31" });
      expect(moved.statusCode).toBe(200);
      expect(json(moved).data).toMatchObject({ start_date: "2026-01-01", end_date: "2026-12-31" });
      // Clearing the end date lets any start date through; an equal start and end is fine.
      const cleared = await put({ end_date: null, start_date: "2030-01-01" });
      expect(json(cleared).data).toMatchObject({ start_date: "2030-01-01", end_date: null });
      const sameDay = await put({ end_date: "2030-01-01" });
      expect(sameDay.statusCode).toBe(200);
    });

    it("refuses dates that are not dates", async () => {
      const relation = await post(t, { customer_id: (await addCustomer(t)).id, tenant_id: (await addTenant(t)).id });
      for (const value of ["2025-13-01", "01/02/2025", "0000-01-01", 20250101]) {
        const response = await request(t, "PUT", `${BASE}${relation.id}/`, {
          payload: { relation_type: "partner", status: "active", start_date: value },
        });
        expect(response.statusCode, String(value)).toBe(400);
        expect(Object.keys(json(response).errors)).toEqual(["start_date"]);
      }
    });
  });

  describe("bodies", () => {
    it("requires relation_type and status on create and PUT; an unknown value is not a choice", async () => {
      const customerId = (await addCustomer(t)).id;
      const tenantId = (await addTenant(t)).id;
      const create = await request(t, "POST", BASE, { payload: { customer_id: customerId, tenant_id: tenantId } });
      expect(json(create)).toEqual(badRequest({ relation_type: [REQUIRED], status: [REQUIRED] }));
      const relation = await post(t, { customer_id: customerId, tenant_id: tenantId });
      const put = await request(t, "PUT", `${BASE}${relation.id}/`, { payload: {} });
      expect(put.statusCode).toBe(400);
      expect(json(put)).toEqual(badRequest({ relation_type: [REQUIRED], status: [REQUIRED] }));
      const wrong = await request(t, "PUT", `${BASE}${relation.id}/`, { payload: { relation_type: "friend", status: "over" } });
      expect(json(wrong)).toEqual(
        badRequest({ relation_type: ["“friend” 不是合法选项。"], status: ["“over” 不是合法选项。"] }),
      );
    });

    it("requires customer_id and tenant_id on create", async () => {
      const response = await request(t, "POST", BASE, { payload: { relation_type: "client", status: "active" } });
      expect(json(response)).toEqual(badRequest({ customer_id: [REQUIRED], tenant_id: [REQUIRED] }));
    });
  });

  describe("between/", () => {
    it("does not see a soft-deleted customer's relation, and sees it again once the customer is restored", async () => {
      const customerId = (await addCustomer(t)).id;
      const tenant = await addTenant(t);
      const relation = await post(t, { customer_id: customerId, tenant_id: tenant.id, is_primary: true });
      const between = () => request(t, "GET", `${BASE}between/?customer_id=${customerId}&tenant_id=${tenant.id}`);
      expect((await request(t, "DELETE", `/api/v1/customers/${customerId}/`)).statusCode).toBe(204);

      const hidden = await between();
      expect(hidden.statusCode).toBe(404);
      expect(json(hidden)).toEqual(SEED.noneBetween);

      expect((await request(t, "POST", `/api/v1/customers/${customerId}/restore/`)).statusCode).toBe(200);
      expect(json(await between()).data).toMatchObject({ id: relation.id, is_primary: true });
    });

    it("speaks English on Accept-Language: en", async () => {
      const response = await request(t, "GET", `${BASE}between/`, { headers: { "accept-language": "en" } });
      expect(json(response)).toEqual({
        success: false,
        code: 4000,
        message: "Invalid request parameters",
        errors: { customer_id: ["This field is required."], tenant_id: ["This field is required."] },
      });
    });
  });
});
