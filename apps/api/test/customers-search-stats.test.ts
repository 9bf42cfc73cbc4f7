import { beforeAll, describe, expect, it } from "vitest";

import {
  CUSTOMERS,
  ENVELOPE_OK,
  deleteAllCustomers,
  idsOf,
  insertCustomers,
  invalidWith,
  setCreatedAt,
} from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

const DAY = 24 * 3600 * 1000;

describe("search and statistics", () => {
  const t = setupTestApp();
  const search = (query: string) => request(t, "GET", `${CUSTOMERS}search/${query}`);
  const statistics = async () => {
    const response = await request(t, "GET", `${CUSTOMERS}statistics/`);
    expect(response.statusCode).toBe(200);
    return json(response);
  };

  describe("GET /api/v1/customers/statistics/", () => {
    beforeAll(() => deleteAllCustomers(t));

    it("answers zeros and empty maps for no customers", async () => {
      expect(await statistics()).toEqual({
        ...ENVELOPE_OK,
        data: {
          total_count: 0,
          active_count: 0,
          inactive_count: 0,
          by_type: {},
          by_value_level: {},
          by_status: {},
          by_company_size: {},
          by_grade: {},
          by_follow_up_status: {},
          created_last_30_days: 0,
        },
      });
    });

    it("counts live customers exactly, listing only values above zero", async () => {
      const [, , , old1, old2, recentish] = await insertCustomers(t, [
        { type: "company", value_level: "vip", status: "active", company_size: "medium", grade: "A", follow_up_status: "new" },
        { type: "company", value_level: "normal", status: "inactive" },
        { type: "individual", value_level: "svip", status: "potential", company_size: "small", grade: "A", follow_up_status: "won" },
        { type: "government", status: "active", company_size: "medium", grade: "B", follow_up_status: "new" },
        { type: "other", value_level: "important", status: "suspended" },
        { type: "organization", value_level: "vip", status: "inactive", grade: "D" },
        // Deleted: counted nowhere, whatever its values.
        { type: "company", value_level: "svip", status: "lost", company_size: "enterprise", grade: "C", deleted_at: new Date() },
      ]);
      await setCreatedAt(t, [old1!, old2!], new Date(Date.now() - 40 * DAY));
      await setCreatedAt(t, [recentish!], new Date(Date.now() - 29 * DAY));

      expect((await statistics()).data).toEqual({
        total_count: 6,
        active_count: 2,
        inactive_count: 2,
        by_type: { company: 2, individual: 1, government: 1, other: 1, organization: 1 },
        by_value_level: { vip: 2, normal: 2, svip: 1, important: 1 },
        by_status: { active: 2, inactive: 2, potential: 1, suspended: 1 },
        by_company_size: { medium: 2, small: 1 },
        by_grade: { A: 2, B: 1, D: 1 },
        by_follow_up_status: { new: 2, won: 1 },
        created_last_30_days: 4,
      });
    });

    it("follows writes made through the API", async () => {
      const before = (await statistics()).data;
      const created = json(
        await request(t, "POST", CUSTOMERS, { payload: { name: "stats", type: "other", status: "lost", grade: "C" } }),
      ).data;
      const afterCreate = (await statistics()).data;
      expect(afterCreate).toMatchObject({
        total_count: before.total_count + 1,
        created_last_30_days: before.created_last_30_days + 1,
        by_status: { ...before.by_status, lost: 1 },
        by_grade: { ...before.by_grade, C: 1 },
        by_type: { ...before.by_type, other: 2 },
      });

      await request(t, "PATCH", `${CUSTOMERS}${created.id}/`, { payload: { status: "active", grade: null } });
      const afterPatch = (await statistics()).data;
      expect(afterPatch.active_count).toBe(before.active_count + 1);
      expect(afterPatch.by_status).toEqual({ ...before.by_status, active: before.by_status.active + 1 });
      expect(afterPatch.by_grade).toEqual(before.by_grade);

      await request(t, "DELETE", `${CUSTOMERS}${created.id}/`);
      expect((await statistics()).data).toEqual(before);
    });
  });

  describe("GET /api/v1/customers/search/", () => {
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      await deleteAllCustomers(t);
      const named = {
        percent: { name: "Acme 50% Off" },
        percentDecoy: { name: "Acme 500 Trading" },
        underscore: { name: "under_score Ltd" },
        underscoreDecoy: { name: "under-score Ltd" },
        mixedCase: { name: "MixedCase Corp" },
        contactName: { name: "c1", primary_contact_name: "王小明" },
        contactPhone: { name: "c2", primary_contact_phone: "13812345678" },
        license: { name: "c3", business_license_number: "LIC-SEARCH-0001" },
        tax: { name: "c4", tax_identification_number: "TAX-98765-XYZ" },
        email: { name: "c5", email: "Finance@Example.org" },
        mobile: { name: "c6", mobile_phone: "15900001111" },
        notSearched: { name: "c7", notes: "secretnote", legal_representative: "hiddenrep", landline: "0219999" },
        boundary: { name: "abc", primary_contact_name: "def" },
        deleted: { name: "deleted needle", deleted_at: new Date() },
      };
      const inserted = await insertCustomers(t, Object.values(named));
      Object.keys(named).forEach((key, i) => (ids[key] = inserted[i]!));
      const bulk = await insertCustomers(
        t,
        Array.from({ length: 12 }, (_, i) => ({
          name: `bulk needle ${String(i).padStart(2, "0")}`,
          type: i % 2 === 0 ? ("company" as const) : ("individual" as const),
          created_at: new Date(Date.parse("2022-01-01T00:00:00Z") + i * DAY),
        })),
      );
      bulk.forEach((id, i) => (ids[`bulk${i}`] = id));
    });

    const found = async (q: string, extra = "") => {
      const response = await search(`?q=${encodeURIComponent(q)}&page_size=100${extra}`);
      expect(response.statusCode, response.body).toBe(200);
      return idsOf(json(response)).sort((a, b) => a - b);
    };

    it.each([
      ["name", "MixedCase", "mixedCase"],
      ["name, in lower case", "mixedcase", "mixedCase"],
      ["name, in upper case", "MIXEDCASE CORP", "mixedCase"],
      ["primary_contact_name", "小明", "contactName"],
      ["primary_contact_phone", "2345", "contactPhone"],
      ["business_license_number", "search-0001", "license"],
      ["tax_identification_number", "98765-xyz", "tax"],
      ["email", "finance@example", "email"],
      ["mobile_phone", "0000111", "mobile"],
    ])("finds by a substring of %s (%s)", async (_field, q, key) => {
      expect(await found(q)).toEqual([ids[key]]);
    });

    it("takes % and _ literally", async () => {
      expect(await found("50%")).toEqual([ids.percent]);
      expect(await found("r_s")).toEqual([ids.underscore]);
      expect(await found("%")).toEqual([ids.percent]);
      expect(await found("_")).toEqual([ids.underscore]);
      expect(await found("\\")).toEqual([]);
    });

    it("does not look in other fields, nor across two fields", async () => {
      expect(await found("secretnote")).toEqual([]);
      expect(await found("hiddenrep")).toEqual([]);
      expect(await found("0219999")).toEqual([]);
      expect(await found("abcdef")).toEqual([]);
      expect(await found("abc")).toEqual([ids.boundary]);
    });

    it("trims the query and never finds a deleted customer", async () => {
      expect(await found("  MixedCase  ")).toEqual([ids.mixedCase]);
      expect(await found("deleted needle")).toEqual([]);
    });

    it("answers in the list's shape, newest first by default", async () => {
      const response = await search("?q=bulk%20needle");
      expect(response.statusCode).toBe(200);
      const body = json(response);
      expect(body).toMatchObject(ENVELOPE_OK);
      expect(body.data.pagination).toEqual({
        count: 12,
        next: "http://localhost/api/v1/customers/search/?q=bulk+needle&page=2",
        previous: null,
        page_size: 10,
        current_page: 1,
        total_pages: 2,
        count_exact: true,
        next_cursor: expect.any(String),
      });
      expect(idsOf(body).slice(0, 2)).toEqual([ids.bulk11, ids.bulk10]);
    });

    it("takes the list's filters, ordering and pagination", async () => {
      const query = "?q=NEEDLE&type=company&ordering=-name&page_size=4";
      const first = json(await search(query)).data;
      expect(first.pagination).toMatchObject({ count: 6, total_pages: 2, current_page: 1, previous: null });
      expect(first.results.map((c: { name: string }) => c.name)).toEqual([
        "bulk needle 10",
        "bulk needle 08",
        "bulk needle 06",
        "bulk needle 04",
      ]);
      expect(Object.fromEntries(new URL(first.pagination.next).searchParams)).toEqual({
        q: "NEEDLE",
        type: "company",
        ordering: "-name",
        page_size: "4",
        page: "2",
      });

      const second = json(await search(`${query}&page=2`)).data;
      expect(second.results.map((c: { name: string }) => c.name)).toEqual(["bulk needle 02", "bulk needle 00"]);
      expect(second.pagination.next).toBeNull();

      expect(await found("needle", "&created_after=2022-01-11")).toEqual([ids.bulk10, ids.bulk11]);

      const pastTheEnd = await search(`${query}&page=3`);
      expect(pastTheEnd.statusCode).toBe(404);
      expect(json(pastTheEnd)).toEqual({ success: false, code: 4004, message: "页码无效" });

      const nothing = json(await search("?q=no-such-customer")).data.pagination;
      expect(nothing).toMatchObject({ count: 0, total_pages: 1, current_page: 1, next: null });
    });

    it.each([
      ["", { q: ["此字段为必填项"] }],
      ["?q=", { q: ["此字段为必填项"] }],
      ["?q=%20%20%20", { q: ["该字段不能为空。"] }],
      [`?q=${"x".repeat(201)}`, { q: ["请确保这个字段不超过 200 个字符。"] }],
      ["?q=a&q=b", { q: ["请填写合法的字符串。"] }],
      ["?q=a%00b", { q: ["不允许包含空字符。"] }],
      ["?page_size=5", { q: ["此字段为必填项"] }],
      ["?q=x&type=alien", { type: ["“alien” 不是合法选项。"] }],
      ["?q=x&ordering=email", { ordering: ["无效的排序字段：email"] }],
      ["?q=x&page=0", { page: ["请确保该值大于或者等于 1。"] }],
    ])("answers 400 to %s", async (query, errors) => {
      const response = await search(query);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith(errors));
    });
  });

  describe("routing", () => {
    it("serves search and statistics, not /customers/{id}, with and without the trailing slash", async () => {
      for (const path of ["search/", "search"]) {
        const missing = await request(t, "GET", `${CUSTOMERS}${path}`);
        expect(missing.statusCode).toBe(400);
        expect(json(missing)).toEqual(invalidWith({ q: ["此字段为必填项"] }));
        const hit = await request(t, "GET", `${CUSTOMERS}${path}?q=needle`);
        expect(hit.statusCode).toBe(200);
        expect(json(hit).data.pagination.count).toBe(12);
      }
      for (const path of ["statistics/", "statistics"]) {
        const response = await request(t, "GET", `${CUSTOMERS}${path}`);
        expect(response.statusCode).toBe(200);
        expect(json(response).data).toHaveProperty("total_count");
        expect(json(response).data).toHaveProperty("by_type");
      }
      const list = await request(t, "GET", "/api/v1/customers");
      expect(list.statusCode).toBe(200);
      expect(json(list).data).toHaveProperty("pagination");
    });
  });
});
