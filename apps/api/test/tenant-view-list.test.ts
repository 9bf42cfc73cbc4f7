import {
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  RELATION_STATUSES,
  RELATION_TYPES,
  TENANT_VIEW_ORDERING_FIELDS,
  VALUE_LEVELS,
  type CustomerStatus,
  type Pagination,
  type CustomerType,
  type RelationStatus,
  type RelationType,
  type ValueLevel,
} from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import { insertCustomers, invalidWith } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";
import { addTenantWithAdmin, insertRelations, VIEW, type TenantWithAdmin } from "./tenant-view-fixtures";

/** One of the tenant's customers as the tests expect to see it. */
type Row = {
  id: number;
  name: string;
  type: CustomerType;
  value_level: ValueLevel;
  status: CustomerStatus;
  relation_type: RelationType;
  relation_status: RelationStatus;
  created_at: string;
};
type PageBody = { data: { pagination: Pagination; results: { id: number }[] } };
type Term = { field: (typeof TENANT_VIEW_ORDERING_FIELDS)[number]; desc: boolean };

const NAMES = ["kilo", "alpha", "lima", "delta", "hotel", "bravo", "juliet", "echo", "india", "charlie", "golf", "foxtrot"];
const BASE_TIME = Date.parse("2025-07-03T09:00:00.000Z");

/** Rows sorted as the server must: the given terms, then `id` in the direction of the last term. */
function compareBy(terms: Term[]) {
  const all = terms.some((term) => term.field === "id") ? terms : [...terms, { field: "id" as const, desc: terms.at(-1)?.desc ?? true }];
  return (a: Row, b: Row) => {
    for (const { field, desc } of all) {
      if (a[field] !== b[field]) return (a[field] < b[field] ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  };
}

const idsOf = (body: PageBody) => body.data.results.map((row) => row.id);

describe("the tenant view's list, search and statistics (CONTRACT §3, §9, §13)", () => {
  const t = setupTestApp();
  let tenant: TenantWithAdmin;
  let rows: Row[];
  const view = (query: string) => request(t, "GET", `${VIEW}${query}`, { token: tenant.token });

  beforeAll(async () => {
    tenant = await addTenantWithAdmin(t, "listing");
    const other = await addTenantWithAdmin(t, "listing_other");
    // Each field cycles with its own period, so the filters pick different subsets; created_at
    // repeats in pairs, so ties must fall back to id.
    const model = NAMES.map((name, i) => ({
      name,
      type: CUSTOMER_TYPES[i % 3]!,
      value_level: VALUE_LEVELS[i % 4]!,
      status: CUSTOMER_STATUSES[i % 3]!,
      relation_type: RELATION_TYPES[i % 4]!,
      relation_status: RELATION_STATUSES[i % 5]!,
      created_at: new Date(BASE_TIME + Math.floor(((i * 7) % 12) / 2) * 60_000),
    }));
    const ids = await insertCustomers(
      t,
      model.map(({ name, type, value_level, status, created_at }) => ({ name, type, value_level, status, created_at })),
    );
    await insertRelations(
      t,
      model.map((row, i) => ({ customerId: ids[i]!, tenantId: tenant.id, status: row.relation_status, relation_type: row.relation_type })),
    );
    rows = model.map((row, i) => ({ ...row, id: ids[i]!, created_at: row.created_at.toISOString() }));

    // What must never show: a deleted customer of the tenant, another tenant's, and an unrelated one,
    // all matching every filter value the tests use.
    const [deleted, theirs] = await insertCustomers(t, [
      { name: "alpha-deleted", deleted_at: new Date() },
      { name: "alpha-theirs" },
      { name: "alpha-unrelated" },
    ]);
    await insertRelations(t, [
      { customerId: deleted!, tenantId: tenant.id, status: "active" },
      { customerId: theirs!, tenantId: other.id, status: "active" },
    ]);
  });

  describe("filters", () => {
    const cases = [
      ["type", CUSTOMER_TYPES, (row: Row) => row.type],
      ["value_level", VALUE_LEVELS, (row: Row) => row.value_level],
      ["status", CUSTOMER_STATUSES, (row: Row) => row.status],
      ["relation_type", RELATION_TYPES, (row: Row) => row.relation_type],
      ["relation_status", RELATION_STATUSES, (row: Row) => row.relation_status],
    ] as const;

    it.each(cases)("%s keeps exactly the rows with that value, for every value", async (parameter, values, valueOf) => {
      for (const value of values) {
        const body = json(await view(`?page_size=100&ordering=id&${parameter}=${value}`));
        const expected = rows.filter((row) => valueOf(row) === value).map((row) => row.id);
        expect(idsOf(body), `${parameter}=${value}`).toEqual(expected);
        expect(body.data.pagination.count, `${parameter}=${value}`).toBe(expected.length);
      }
    });

    it("combine with AND", async () => {
      const body = json(await view("?page_size=100&ordering=id&type=company&relation_status=active"));
      expect(idsOf(body)).toEqual(rows.filter((row) => row.type === "company" && row.relation_status === "active").map((row) => row.id));
      expect(idsOf(body).length).toBeGreaterThan(0);
    });

    it.each(cases.map(([parameter]) => parameter))("answer 400 on %s for an unknown value", async (parameter) => {
      const response = await view(`?${parameter}=alien`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ [parameter]: ["“alien” 不是合法选项。"] }));
    });
  });

  describe("ordering", () => {
    const single: [string, Term[]][] = TENANT_VIEW_ORDERING_FIELDS.flatMap((field) => [
      [field, [{ field, desc: false }]],
      [`-${field}`, [{ field, desc: true }]],
    ]);
    const multiple: [string, Term[]][] = [
      ["value_level,-name", [{ field: "value_level", desc: false }, { field: "name", desc: true }]],
      ["-value_level,created_at", [{ field: "value_level", desc: true }, { field: "created_at", desc: false }]],
      ["created_at,-id", [{ field: "created_at", desc: false }, { field: "id", desc: true }]],
    ];

    it.each([...single, ...multiple])("orders by %s, id breaking ties", async (ordering, terms) => {
      const body = json(await view(`?page_size=100&ordering=${encodeURIComponent(ordering)}`));
      expect(idsOf(body)).toEqual([...rows].sort(compareBy(terms)).map((row) => row.id));
    });

    it("defaults to -created_at, then -id", async () => {
      const body = json(await view("?page_size=100"));
      expect(idsOf(body)).toEqual([...rows].sort(compareBy([{ field: "created_at", desc: true }])).map((row) => row.id));
    });

    it.each(["status", "bank_name", "relation_status", "-updated_at"])("answers 400 for the field %s", async (ordering) => {
      const response = await view(`?ordering=${ordering}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ ordering: [`无效的排序字段：${ordering.replace(/^-/, "")}`] }));
    });
  });

  describe("pagination", () => {
    it("pages without overlap, with absolute links that keep the other parameters", async () => {
      const seen: number[] = [];
      const pages: Pagination[] = [];
      let url: string | null = `${VIEW}?page_size=5&ordering=created_at`;
      while (url) {
        const body: PageBody = json(await request(t, "GET", url, { token: tenant.token }));
        pages.push(body.data.pagination);
        seen.push(...idsOf(body));
        url = body.data.pagination.next;
        if (url) {
          const link = new URL(url);
          expect(link.pathname).toBe(VIEW);
          expect(Object.fromEntries(link.searchParams)).toEqual({ page_size: "5", ordering: "created_at", page: String(pages.length + 1) });
        }
      }
      expect(pages.map((page) => page.current_page)).toEqual([1, 2, 3]);
      expect(pages.every((page) => page.total_pages === 3 && page.count === rows.length)).toBe(true);
      expect(seen).toEqual([...rows].sort(compareBy([{ field: "created_at", desc: false }])).map((row) => row.id));
    });

    it("links back with previous, dropping page=1", async () => {
      const body = json(await view("?page_size=2&page=2&type=company"));
      const companies = rows.filter((row) => row.type === "company").length;
      expect(body.data.pagination).toMatchObject({ current_page: 2, page_size: 2, count: companies, total_pages: Math.ceil(companies / 2), count_exact: true });
      const previous = new URL(body.data.pagination.previous);
      expect(Object.fromEntries(previous.searchParams)).toEqual({ page_size: "2", type: "company" });
    });

    it("defaults to page 1 of size 10 and clamps page_size above 100", async () => {
      expect(json(await view("")).data.pagination).toMatchObject({ current_page: 1, page_size: 10, total_pages: 2, count: rows.length });
      expect(json(await view("?page_size=1000")).data.pagination).toMatchObject({ page_size: 100, total_pages: 1, next: null });
    });

    it("answers 404 页码无效 past the last page, of the list and of a search", async () => {
      for (const query of ["?page=3", "search/?q=a&page=99"]) {
        const response = await view(query);
        expect(response.statusCode, query).toBe(404);
        expect(json(response), query).toEqual({ success: false, code: 4004, message: "页码无效" });
      }
    });

    it.each([
      ["page=0", { page: ["请确保该值大于或者等于 1。"] }],
      ["page=abc", { page: ["请填写合法的数字。"] }],
      ["page_size=0", { page_size: ["请确保该值大于或者等于 1。"] }],
      ["page_size=2.5", { page_size: ["请填写合法的整数值。"] }],
    ])("answers 400 for %s", async (query, errors) => {
      const response = await view(`?${query}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith(errors));
    });
  });

  describe("search", () => {
    it("matches a case-insensitive substring among the tenant's customers only", async () => {
      // "alpha" is also the name of a deleted, a foreign and an unrelated customer.
      for (const q of ["alpha", "ALPHA", "lph"]) {
        const body = json(await view(`search/?q=${q}`));
        expect(idsOf(body), q).toEqual(rows.filter((row) => row.name === "alpha").map((row) => row.id));
      }
    });

    it("matches the contact, licence, tax id, email and mobile fields as the customer search does", async () => {
      // A tenant of their own, so the rows above stay the whole of `tenant`'s customers.
      const searcher = await addTenantWithAdmin(t, "listing_search");
      const fields = {
        primary_contact_name: "王五联系人",
        primary_contact_phone: "13712345678",
        business_license_number: "LICENCE-XYZ-1",
        tax_identification_number: "TAX-XYZ-2",
        email: "someone@tenant-view.example",
        mobile_phone: "15987654321",
      };
      const ids = await insertCustomers(t, Object.entries(fields).map(([field, value]) => ({ name: `search-${field}`, [field]: value })));
      await insertRelations(t, ids.map((customerId) => ({ customerId, tenantId: searcher.id, status: "active" as const })));
      for (const [index, value] of Object.values(fields).entries()) {
        const q = encodeURIComponent(value.slice(1, -1).toLowerCase());
        const response = await request(t, "GET", `${VIEW}search/?q=${q}`, { token: searcher.token });
        expect(idsOf(json(response)), value).toEqual([ids[index]]);
      }
    });

    it("takes the list's filters, ordering and pagination", async () => {
      const body = json(await view("search/?q=o&relation_status=active&ordering=-name&page_size=100"));
      const expected = rows
        .filter((row) => row.name.includes("o") && row.relation_status === "active")
        .sort(compareBy([{ field: "name", desc: true }]))
        .map((row) => row.id);
      expect(idsOf(body)).toEqual(expected);
      expect(body.data.pagination.count).toBe(expected.length);
    });

    it("treats % and _ literally", async () => {
      expect(json(await view("search/?q=%25")).data.pagination.count).toBe(0);
      expect(json(await view("search/?q=_")).data.pagination.count).toBe(0);
    });

    it.each([
      ["", { q: ["此字段为必填项"] }],
      ["?q=", { q: ["此字段为必填项"] }],
      ["?q=%20%20", { q: ["该字段不能为空。"] }],
      [`?q=${"x".repeat(201)}`, { q: ["请确保这个字段不超过 200 个字符。"] }],
      ["?q=x&value_level=gold", { value_level: ["“gold” 不是合法选项。"] }],
      ["?q=x&ordering=email", { ordering: ["无效的排序字段：email"] }],
    ])("answers 400 to search/%s", async (query, errors) => {
      const response = await view(`search/${query}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith(errors));
    });
  });

  describe("statistics", () => {
    /** Counts of the rows' values, listing only those above zero. */
    const countBy = (pick: (row: Row) => string) => {
      const counts: Record<string, number> = {};
      for (const row of rows) counts[pick(row)] = (counts[pick(row)] ?? 0) + 1;
      return counts;
    };

    it("count the tenant's live customers; active/inactive are customer status, not relation status", async () => {
      const response = await view("statistics/");
      expect(response.statusCode).toBe(200);
      expect(json(response).data).toEqual({
        total_count: rows.length,
        active_count: rows.filter((row) => row.status === "active").length,
        inactive_count: rows.filter((row) => row.status === "inactive").length,
        by_type: countBy((row) => row.type),
        by_value_level: countBy((row) => row.value_level),
        by_relation_type: countBy((row) => row.relation_type),
        by_relation_status: countBy((row) => row.relation_status),
      });
      // The model has customer types and relation types that no row uses: they must be absent.
      expect(json(response).data.by_type).not.toHaveProperty("other");
      expect(json(response).data.by_relation_type).not.toHaveProperty("other");
    });

    it("are zeros and empty maps for a tenant without customers", async () => {
      const empty = await addTenantWithAdmin(t, "listing_empty");
      const response = await request(t, "GET", `${VIEW}statistics/`, { token: empty.token });
      expect(json(response).data).toEqual({
        total_count: 0,
        active_count: 0,
        inactive_count: 0,
        by_type: {},
        by_value_level: {},
        by_relation_type: {},
        by_relation_status: {},
      });
      expect(json(await request(t, "GET", VIEW, { token: empty.token })).data).toEqual({
        pagination: { count: 0, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true },
        results: [],
      });
    });
  });
});
