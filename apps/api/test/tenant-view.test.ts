import { readTenantViewPage, SORTED_TENANT_LIMIT, TenantSchema, TenantViewRepository } from "@customer-hub/db";
import { RELATION_STATUSES } from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import { insertCustomers } from "./customers-fixtures";
import { caller, refusal } from "./caller";
import { createUser, json, request, setupTestApp, tokenFor, type TestContext } from "./helpers";
import {
  addTenantWithAdmin,
  insertRelations,
  SENSITIVE_FIELDS,
  VIEW,
  VIEW_CUSTOMER_NOT_FOUND,
  VIEW_RELATION_NOT_FOUND,
  type TenantWithAdmin,
} from "./tenant-view-fixtures";

const OK = { success: true, code: 2000, message: "操作成功" } as const;
const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const ONE_PAGE = (count: number) => ({ count, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true });

/** Seed 001's customers and relations with tenant_a, as an admin would enter them. */
const SEED_CUSTOMERS = {
  shanghai: {
    name: "上海普全公司",
    type: "company",
    value_level: "vip",
    status: "active",
    business_license_number: "91110000123456789X",
    tax_identification_number: "91110000123456789X",
    registered_capital: "1000万元",
    legal_representative: "张三",
    registered_address: "上海市浦东新区张江高科技园区",
    business_address: "上海市浦东新区张江高科技园区",
    business_scope: "软件开发、技术咨询、技术服务",
    industry_type: "信息技术",
    company_size: "medium",
    establishment_date: "2010-01-01",
    website: "http://www.example.com",
    primary_contact_name: "张三",
    primary_contact_phone: "13800138000",
    primary_contact_email: "zhangsan@example.com",
    bank_name: "中国银行",
    bank_account: "6222020000123456789",
    credit_rating: "A",
    payment_terms: "月结30天",
    special_requirements: "需要定期技术支持",
    notes: "重要客户",
    source: "展会",
  },
  beijing: {
    name: "北京科技有限公司",
    type: "company",
    value_level: "normal",
    status: "active",
    primary_contact_name: "李四",
    primary_contact_phone: "13900139000",
    industry_type: "制造业",
    company_size: "large",
  },
  // Not shown by the seed, but counted in its statistics: the third, inactive, vip partner.
  guangzhou: { name: "广州贸易有限公司", type: "company", value_level: "vip", status: "inactive" },
} as const;

const SEED_RELATIONS = {
  shanghai: { relation_type: "service_provider", is_primary: true, start_date: "2025-01-01", end_date: "2025-12-31", status: "active", notes: "主要服务提供商" },
  beijing: { relation_type: "client", is_primary: false, start_date: "2025-01-01", end_date: "2025-12-31", status: "active", notes: "客户" },
  guangzhou: { relation_type: "partner", is_primary: false, start_date: "2025-01-01", end_date: "2025-12-31", status: "inactive", notes: "合作伙伴" },
} as const;

type SeedKey = keyof typeof SEED_CUSTOMERS;

async function createCustomer(t: TestContext, payload: object): Promise<number> {
  const response = await request(t, "POST", "/api/v1/customers/", { payload });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data.id;
}

async function relate(t: TestContext, customerId: number, tenantId: number, fields: object): Promise<number> {
  const response = await request(t, "POST", "/api/v1/customers/tenants/relations/", {
    payload: { customer_id: customerId, tenant_id: tenantId, ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data.id;
}

/** A list row of seed 001 §1: the customer's summary and the tenant's relation without audit fields. */
function listRow(customerId: number, relationId: number, key: SeedKey) {
  const customer: Record<string, unknown> = SEED_CUSTOMERS[key];
  return {
    id: customerId,
    name: customer.name,
    type: customer.type,
    value_level: customer.value_level,
    status: customer.status,
    primary_contact_name: customer.primary_contact_name ?? null,
    primary_contact_phone: customer.primary_contact_phone ?? null,
    industry_type: customer.industry_type ?? null,
    company_size: customer.company_size ?? null,
    relation: { id: relationId, ...SEED_RELATIONS[key], created_at: TIMESTAMP },
    created_at: TIMESTAMP,
  };
}

describe("seed 001: the tenant view, example by example", () => {
  const t = setupTestApp();
  const customerIds = {} as Record<SeedKey, number>;
  const relationIds = {} as Record<SeedKey, number>;
  let tenantA: { id: number; name: string; code: string };
  const asTenantAdmin = (path: string) => request(t, "GET", `${VIEW}${path}`, { token: t.tenantAdminToken });

  beforeAll(async () => {
    const tenant = await t.db.orm.em.fork().findOneOrFail(TenantSchema, { code: "tenant_a" });
    const renamed = await request(t, "PATCH", `/api/v1/tenants/${tenant.id}/`, { payload: { name: "租户A" } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    tenantA = { id: tenant.id, name: "租户A", code: "tenant_a" };
    for (const key of Object.keys(SEED_CUSTOMERS) as SeedKey[]) {
      customerIds[key] = await createCustomer(t, SEED_CUSTOMERS[key]);
      relationIds[key] = await relate(t, customerIds[key], tenantA.id, SEED_RELATIONS[key]);
    }
  });

  it("§1 lists the tenant's customers with the relation nested", async () => {
    const response = await asTenantAdmin("?ordering=id");
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...OK,
      data: {
        pagination: ONE_PAGE(3),
        results: (["shanghai", "beijing", "guangzhou"] as const).map((key) => listRow(customerIds[key], relationIds[key], key)),
      },
    });
  });

  it("§1 lists newest first by default", async () => {
    const body = json(await asTenantAdmin(""));
    expect(body.data.results.map((row: { id: number }) => row.id)).toEqual([
      customerIds.guangzhou,
      customerIds.beijing,
      customerIds.shanghai,
    ]);
  });

  it("§2 gets the detail, with the financial fields of an active relation", async () => {
    const response = await asTenantAdmin(`${customerIds.shanghai}/`);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...OK,
      data: {
        id: customerIds.shanghai,
        ...SEED_CUSTOMERS.shanghai,
        relation: { id: relationIds.shanghai, ...SEED_RELATIONS.shanghai, created_at: TIMESTAMP, updated_at: TIMESTAMP },
        created_at: TIMESTAMP,
        updated_at: TIMESTAMP,
      },
    });
  });

  it("§2 answers 404 客户不存在或与当前租户无关联 for an unknown customer", async () => {
    const response = await asTenantAdmin("999999/");
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(VIEW_CUSTOMER_NOT_FOUND);
  });

  it("§3 counts the tenant's customers: customer status for active/inactive, non-zero keys only", async () => {
    const response = await asTenantAdmin("statistics/");
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...OK,
      data: {
        total_count: 3,
        active_count: 2,
        inactive_count: 1,
        by_type: { company: 3 },
        by_value_level: { normal: 1, vip: 2 },
        by_relation_type: { service_provider: 1, client: 1, partner: 1 },
        by_relation_status: { active: 2, inactive: 1 },
      },
    });
  });

  it("§4 answers the relation with customer and tenant nested, at relation/ and relations/ alike", async () => {
    const expected = {
      ...OK,
      data: {
        id: relationIds.shanghai,
        customer: { id: customerIds.shanghai, name: "上海普全公司" },
        tenant: tenantA,
        ...SEED_RELATIONS.shanghai,
        created_at: TIMESTAMP,
        updated_at: TIMESTAMP,
        created_by: "admin",
        updated_by: null,
      },
    };
    for (const path of [`${customerIds.shanghai}/relation/`, `${customerIds.shanghai}/relations/`, `${customerIds.shanghai}/relation`]) {
      const response = await asTenantAdmin(path);
      expect(response.statusCode, path).toBe(200);
      expect(json(response), path).toEqual(expected);
    }
  });

  it("§4 answers 404 未找到客户与当前租户的关系 for an unknown customer, at both paths", async () => {
    for (const path of ["999999/relation/", "999999/relations/"]) {
      const response = await asTenantAdmin(path);
      expect(response.statusCode, path).toBe(404);
      expect(json(response), path).toEqual(VIEW_RELATION_NOT_FOUND);
    }
  });

  it("§5 searches the tenant's customers", async () => {
    const response = await asTenantAdmin(`search/?q=${encodeURIComponent("普全")}`);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...OK,
      data: { pagination: ONE_PAGE(1), results: [listRow(customerIds.shanghai, relationIds.shanghai, "shanghai")] },
    });
  });

  it("answers in English with Accept-Language: en", async () => {
    const response = await request(t, "GET", `${VIEW}999999/`, { token: t.tenantAdminToken, headers: { "accept-language": "en" } });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual({ success: false, code: 4004, message: "Customer not found or not related to the current tenant" });
  });
});

describe("the tenant view's rules (CONTRACT §9, §13)", () => {
  const t = setupTestApp();
  let tenant: TenantWithAdmin;
  let other: TenantWithAdmin;
  const view = (path: string, token = tenant.token) => request(t, "GET", `${VIEW}${path}`, { token });
  const listedIds = async (path = "?page_size=100") => json(await view(path)).data.results.map((row: { id: number }) => row.id);

  beforeAll(async () => {
    tenant = await addTenantWithAdmin(t, "rules_tenant");
    other = await addTenantWithAdmin(t, "rules_other");
  });

  describe("sensitive fields", () => {
    const financial = { bank_name: "工商银行", bank_account: "6222000011112222", credit_rating: "AA", payment_terms: "月结60天" };

    it.each(RELATION_STATUSES)("are %s-dependent: non-null only for an active relation", async (status) => {
      const [customerId] = await insertCustomers(t, [{ name: `敏感-${status}`, ...financial }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status }]);
      const body = json(await view(`${customerId}/`)).data;
      const expected = status === "active" ? financial : Object.fromEntries(SENSITIVE_FIELDS.map((field) => [field, null]));
      expect(body).toMatchObject(expected);
      expect(body.relation.status).toBe(status);
    });

    it("follow the relation's status as the admin changes it, at once", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "敏感-切换", ...financial }]);
      const [relationId] = await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "suspended" }]);
      expect(json(await view(`${customerId}/`)).data).toMatchObject({ bank_name: null, payment_terms: null });

      for (const [status, visible] of [["active", true], ["terminated", false], ["active", true]] as const) {
        const put = await request(t, "PUT", `/api/v1/customers/tenants/relations/${relationId}/`, {
          payload: { relation_type: "client", status },
        });
        expect(put.statusCode, put.body).toBe(200);
        const body = json(await view(`${customerId}/`)).data;
        expect(body.relation.status).toBe(status);
        expect(body).toMatchObject(visible ? financial : { bank_name: null, bank_account: null, credit_rating: null, payment_terms: null });
      }
    });

    it("are not in list or search rows at all", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "敏感-列表", ...financial }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "active" }]);
      for (const path of ["?page_size=100", `search/?q=${encodeURIComponent("敏感-列表")}`]) {
        const row = json(await view(path)).data.results.find((item: { id: number }) => item.id === customerId);
        expect(row, path).toBeDefined();
        for (const field of SENSITIVE_FIELDS) expect(row, `${path} ${field}`).not.toHaveProperty(field);
      }
    });
  });

  describe("another tenant's customer", () => {
    it("is 404 with the seed's messages, never 403, on detail, relation/ and relations/", async () => {
      const [onlyOther, unrelated] = await insertCustomers(t, [{ name: "别人的客户" }, { name: "无关联客户" }]);
      await insertRelations(t, [{ customerId: onlyOther!, tenantId: other.id, status: "active" }]);
      for (const id of [onlyOther, unrelated]) {
        const detail = await view(`${id}/`);
        expect(detail.statusCode).toBe(404);
        expect(json(detail)).toEqual(VIEW_CUSTOMER_NOT_FOUND);
        for (const suffix of ["relation/", "relations/"]) {
          const relation = await view(`${id}/${suffix}`);
          expect(relation.statusCode).toBe(404);
          expect(json(relation)).toEqual(VIEW_RELATION_NOT_FOUND);
        }
      }
      // The other tenant does see its own.
      expect((await view(`${onlyOther}/`, other.token)).statusCode).toBe(200);
    });
  });

  describe("soft-deleted customers", () => {
    it("vanish from list, search, statistics, detail and relation at once, and come back on restore", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "将被删除的客户" }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "active" }]);
      const search = `search/?q=${encodeURIComponent("将被删除")}`;
      const before = json(await view("statistics/")).data;
      expect(await listedIds()).toContain(customerId);
      expect(await listedIds(search)).toEqual([customerId]);

      expect((await request(t, "DELETE", `/api/v1/customers/${customerId}/`)).statusCode).toBe(204);
      expect(await listedIds()).not.toContain(customerId);
      expect(json(await view(search)).data).toEqual({ pagination: ONE_PAGE(0), results: [] });
      expect(json(await view("statistics/")).data.total_count).toBe(before.total_count - 1);
      expect(json(await view(`${customerId}/`))).toEqual(VIEW_CUSTOMER_NOT_FOUND);
      expect(json(await view(`${customerId}/relation/`))).toEqual(VIEW_RELATION_NOT_FOUND);

      expect((await request(t, "POST", `/api/v1/customers/${customerId}/restore/`)).statusCode).toBe(200);
      expect(await listedIds(search)).toEqual([customerId]);
      expect(json(await view("statistics/")).data).toEqual(before);
      expect((await view(`${customerId}/`)).statusCode).toBe(200);
    });
  });

  describe("admin writes", () => {
    it("show in the view at once: PATCH a customer, then read list, search, detail and statistics", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "改名之前", value_level: "normal" }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "active" }]);
      // Read first, so a cache (if there were one) would hold the old values.
      expect(json(await view(`${customerId}/`)).data.name).toBe("改名之前");
      const statsBefore = json(await view("statistics/")).data;

      const patch = await request(t, "PATCH", `/api/v1/customers/${customerId}/`, { payload: { name: "改名之后", value_level: "svip" } });
      expect(patch.statusCode, patch.body).toBe(200);

      expect(json(await view(`${customerId}/`)).data).toMatchObject({ name: "改名之后", value_level: "svip" });
      const row = json(await view("?page_size=100")).data.results.find((item: { id: number }) => item.id === customerId);
      expect(row).toMatchObject({ name: "改名之后", value_level: "svip" });
      expect(await listedIds(`search/?q=${encodeURIComponent("改名之后")}`)).toEqual([customerId]);
      expect(await listedIds(`search/?q=${encodeURIComponent("改名之前")}`)).toEqual([]);
      expect(json(await view(`${customerId}/relation/`)).data.customer).toEqual({ id: customerId, name: "改名之后" });
      const statsAfter = json(await view("statistics/")).data;
      expect(statsAfter.by_value_level.svip ?? 0).toBe((statsBefore.by_value_level.svip ?? 0) + 1);
    });

    it("show at once when a relation is created or deleted", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "新关联客户" }]);
      expect((await view(`${customerId}/`)).statusCode).toBe(404);
      const relationId = await relate(t, customerId!, tenant.id, { relation_type: "supplier", status: "active" });
      expect(json(await view(`${customerId}/`)).data.relation).toMatchObject({ id: relationId, relation_type: "supplier" });
      expect((await request(t, "DELETE", `/api/v1/customers/tenants/relations/${relationId}/`)).statusCode).toBe(204);
      expect(json(await view(`${customerId}/`))).toEqual(VIEW_CUSTOMER_NOT_FOUND);
    });
  });

  describe("write methods", () => {
    it("answer 405 / 4050 with Allow: GET on every path of the view, and change nothing", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "只读客户" }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "active" }]);
      const paths = ["", "search/", "statistics/", `${customerId}/`, `${customerId}/relation/`, `${customerId}/relations/`, `${customerId}`];
      for (const path of paths) {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
          const label = `${method} ${VIEW}${path}`;
          const payload = method === "DELETE" ? undefined : { name: "改写", status: "inactive" };
          for (const token of [tenant.token, t.adminToken]) {
            const response = await request(t, method, `${VIEW}${path}`, { token, payload });
            expect(response.statusCode, label).toBe(405);
            expect(response.headers.allow, label).toBe("GET");
            expect(json(response), label).toEqual({ success: false, code: 4050, message: "方法不允许" });
          }
        }
      }
      expect(json(await view(`${customerId}/`)).data).toMatchObject({ name: "只读客户", status: "active" });
    });
  });

  describe("an admin with X-Tenant-ID", () => {
    const asAdmin = (path: string, tenantHeader?: string) =>
      request(t, "GET", `${VIEW}${path}`, tenantHeader === undefined ? {} : { headers: { "x-tenant-id": tenantHeader } });

    it("reads exactly what the tenant's admin reads, on every endpoint", async () => {
      const [customerId] = await insertCustomers(t, [{ name: "管理员可见" }]);
      await insertRelations(t, [{ customerId: customerId!, tenantId: tenant.id, status: "active" }]);
      for (const path of ["?page_size=100", `search/?q=${encodeURIComponent("管理员")}`, "statistics/", `${customerId}/`, `${customerId}/relation/`, `${customerId}/relations/`]) {
        const asItsAdmin = await view(path);
        const asTheAdmin = await asAdmin(path, String(tenant.id));
        expect(asTheAdmin.statusCode, path).toBe(200);
        expect(json(asTheAdmin), path).toEqual(json(asItsAdmin));
      }
    });

    it("answers 400 without the header or with a non-numeric one, on every endpoint", async () => {
      for (const path of ["", "search/?q=x", "statistics/", "1/", "1/relation/", "1/relations/"]) {
        const missing = await asAdmin(path);
        expect(missing.statusCode, path).toBe(400);
        expect(json(missing), path).toEqual({ success: false, code: 4000, message: "请求参数错误", errors: { "X-Tenant-ID": ["此字段为必填项"] } });
        for (const header of ["abc", "", "   ", "-1", "0", "1.5"]) {
          const invalid = await asAdmin(path, header);
          expect(invalid.statusCode, `${path} [${header}]`).toBe(400);
          expect(Object.keys(json(invalid).errors), `${path} [${header}]`).toEqual(["X-Tenant-ID"]);
        }
      }
    });

    it("answers 404 租户不存在 for an unknown tenant", async () => {
      for (const path of ["", "statistics/", "1/", "1/relation/"]) {
        const response = await asAdmin(path, "999999");
        expect(response.statusCode, path).toBe(404);
        expect(json(response), path).toEqual({ success: false, code: 4004, message: "租户不存在" });
      }
    });

    it("is ignored when a tenant admin sends it: a tenant admin reads its own tenant only", async () => {
      const [mine, theirs] = await insertCustomers(t, [{ name: "头部-我的" }, { name: "头部-别人的" }]);
      await insertRelations(t, [
        { customerId: mine!, tenantId: tenant.id, status: "active" },
        { customerId: theirs!, tenantId: other.id, status: "active" },
      ]);
      const headers = { "x-tenant-id": String(other.id) };
      const list = json(await request(t, "GET", `${VIEW}?page_size=100`, { token: tenant.token, headers }));
      const ids = list.data.results.map((row: { id: number }) => row.id);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(theirs);
      expect((await request(t, "GET", `${VIEW}${theirs}/`, { token: tenant.token, headers })).statusCode).toBe(404);
    });
  });

  it("answers 403 to a tenant admin whose user has no tenant", async () => {
    await createUser(t.db, "tenantless-admin", "tenant_admin");
    const token = await tokenFor(t.app, "tenantless-admin");
    const response = await view("", token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ success: false, code: 4030, message: "权限不足" });
  });

  it("through the router's caller: a tenant admin reads its customer as REST answers it; another tenant's is 404", async () => {
    const [mine, theirs] = await insertCustomers(t, [{ name: "caller mine", bank_name: "工商银行" }, { name: "caller theirs" }]);
    await insertRelations(t, [
      { customerId: mine!, tenantId: tenant.id, status: "inactive" },
      { customerId: theirs!, tenantId: other.id, status: "active" },
    ]);
    const asTenant = caller(t, { as: { userId: 0, username: "rules_tenant-admin", role: "tenant_admin", tenantId: tenant.id } });

    const detail = await asTenant.tenantView.get({ id: mine! });
    expect(detail).toMatchObject({ id: mine, name: "caller mine", bank_name: null, relation: { status: "inactive", is_primary: false } });
    expect(json(await view(`${mine}/`)).data).toStrictEqual(detail);
    const page = await asTenant.tenantView.list({ page: 1, page_size: 100 });
    expect(page.results.find((row) => row.id === mine)).toStrictEqual(json(await view("?page_size=100")).data.results.find((row: { id: number }) => row.id === mine));

    expect(await refusal(asTenant.tenantView.get({ id: theirs! }))).toEqual({ status: 404, ...VIEW_CUSTOMER_NOT_FOUND });
    const asAdmin = caller(t, { tenantHeader: String(other.id) });
    expect(await asAdmin.tenantView.get({ id: theirs! })).toMatchObject({ id: theirs, relation: { status: "active" } });
  });
});

describe("the tenant view's queries", () => {
  const t = setupTestApp();

  type PlanNode = { "Index Name"?: string; Plans?: PlanNode[] };
  const indexNames = (node: PlanNode): string[] => [
    ...(node["Index Name"] ? [node["Index Name"]] : []),
    ...(node.Plans ?? []).flatMap(indexNames),
  ];

  /** The indexes of the plan PostgreSQL picks when it may not scan a whole table. */
  async function indexesWithoutSeqScan(sql: string): Promise<string[]> {
    return t.db.orm.em.fork().transactional(async (em) => {
      await em.execute("set local enable_seqscan = off");
      const rows = await em.execute<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(`explain (format json) ${sql}`);
      return indexNames(rows[0]!["QUERY PLAN"][0]!.Plan);
    });
  }

  it("reach a tenant's relations through customer_tenant_relation_pair_unique (tenant_id first)", async () => {
    const tenant = await addTenantWithAdmin(t, "explained");
    const ids = await insertCustomers(t, Array.from({ length: 20 }, (_, index) => ({ name: `explain-${index}` })));
    await insertRelations(t, ids.map((customerId) => ({ customerId, tenantId: tenant.id, status: "active" as const })));
    const repository = new TenantViewRepository(t.db.orm.em.fork(), tenant.id);

    const list = (matched: number, everyone: number) =>
      repository.listSql({ filters: {}, ordering: [{ field: "created_at", desc: true }], page: { offset: 0, limit: 10 }, matched, everyone });
    const detail = repository.customerQuery(ids[0]!);
    const statements = [
      ["sorted list", list(20, 20)],
      ["newest list", list(SORTED_TENANT_LIMIT + 1, SORTED_TENANT_LIMIT + 1)],
      ["planned list", list(SORTED_TENANT_LIMIT + 1, 10 ** 12)],
      ["detail", detail.getFormattedQuery()],
    ] as const;
    for (const [name, sql] of statements) {
      expect(sql.replaceAll('"', ""), name).toMatch(/\br\.tenant_id = (\d+|\(select \d+::int\))/);
      expect(sql.replaceAll('"', ""), name).toMatch(/\bc\.deleted_at is null/);
      expect(await indexesWithoutSeqScan(sql), name).toContain("customer_tenant_relation_pair_unique");
    }

    // The hand-written form the statistics use.
    const statistics = `select count(*) from customer_tenant_relation r join customer c on c.id = r.customer_id
                         where r.tenant_id = ${tenant.id} and c.deleted_at is null`;
    expect(await indexesWithoutSeqScan(statistics)).toContain("customer_tenant_relation_pair_unique");
  });

  it("answer the same pages whichever statement reads them (sorted relations, the newest walked, planned)", async () => {
    const tenant = await addTenantWithAdmin(t, "both-shapes");
    const types = ["company", "individual", "government"] as const;
    const levels = ["normal", "vip", "svip"] as const;
    const ids = await insertCustomers(
      t,
      Array.from({ length: 25 }, (_, index) => ({ name: `shape-${index % 7}`, type: types[index % 3], value_level: levels[index % 2 + (index % 5 === 0 ? 1 : 0)] })),
    );
    await insertRelations(
      t,
      ids.map((customerId, index) => ({ customerId, tenantId: tenant.id, status: index % 4 ? ("active" as const) : ("inactive" as const), relation_type: index % 3 ? ("client" as const) : ("partner" as const) })),
    );
    const em = t.db.orm.em.fork();
    const cases = [
      { filters: {}, ordering: [{ field: "created_at" as const, desc: true }] },
      { filters: { relation_status: "active" as const }, ordering: [{ field: "created_at" as const, desc: false }] },
      { filters: { type: "company" as const }, ordering: [{ field: "created_at" as const, desc: true }] },
      { filters: {}, ordering: [{ field: "name" as const, desc: false }] },
      { filters: { relation_status: "active" as const }, ordering: [{ field: "value_level" as const, desc: true }, { field: "name" as const, desc: false }] },
      { filters: { relation_type: "partner" as const }, ordering: [{ field: "id" as const, desc: false }] },
    ];
    for (const { filters, ordering } of cases) {
      for (const page of [{ offset: 0, limit: 10 }, { offset: 5, limit: 10 }]) {
        const read = (matched: number, everyone: number) => readTenantViewPage(em, { tenantId: tenant.id, filters, ordering, page, matched, everyone });
        const sorted = await read(0, 0);
        const named = JSON.stringify({ filters, ordering, page });
        expect(sorted.length, named).toBeGreaterThan(0);
        expect(await read(SORTED_TENANT_LIMIT + 1, 1), `newest ${named}`).toStrictEqual(sorted);
        expect(await read(SORTED_TENANT_LIMIT + 1, 10 ** 12), `planned ${named}`).toStrictEqual(sorted);
      }
    }
  });

  it("keep answering the list and statistics after a column is added to customer and to the relation (statements kept per connection)", async () => {
    const tenant = await addTenantWithAdmin(t, "migrated");
    const ids = await insertCustomers(t, [{ name: "迁移期间 1" }, { name: "迁移期间 2" }]);
    await insertRelations(t, ids.map((customerId) => ({ customerId, tenantId: tenant.id, status: "active" as const })));
    const paths = [VIEW, `${VIEW}?ordering=name`, `${VIEW}statistics/`];
    const readEverywhere = async () =>
      (await Promise.all(Array.from({ length: 12 }, (_, index) => request(t, "GET", paths[index % paths.length]!, { token: tenant.token })))).map((answer) => answer.statusCode);
    const before = json(await request(t, "GET", VIEW, { token: tenant.token }));
    expect(await readEverywhere()).toEqual(Array(12).fill(200));

    const connection = t.db.orm.em.getConnection();
    await connection.execute("alter table customer add column added_by_a_later_version int");
    await connection.execute("alter table customer_tenant_relation add column added_by_a_later_version int");
    try {
      expect(await readEverywhere()).toEqual(Array(12).fill(200));
      expect(json(await request(t, "GET", VIEW, { token: tenant.token }))).toEqual(before);
    } finally {
      await connection.execute("alter table customer drop column added_by_a_later_version");
      await connection.execute("alter table customer_tenant_relation drop column added_by_a_later_version");
    }
    expect(await readEverywhere()).toEqual(Array(12).fill(200));
  });
});
