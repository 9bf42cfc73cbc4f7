import {
  COMPANY_SIZES,
  CUSTOMER_INDUSTRIES,
  CUSTOMER_ORDERING_FIELDS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  FOLLOW_UP_STATUSES,
  GRADES,
  LEAD_SOURCES,
  VALUE_LEVELS,
  type Customer,
  type Page,
} from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import { CUSTOMERS, ENVELOPE_OK, idsOf, insertCustomers, invalidWith } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

const DAY = 24 * 3600 * 1000;
const FIRST_DAY = Date.parse("2021-03-01T12:00:00.000Z");
const ROWS = 25;

/**
 * 25 customers whose attributes cycle at different rates, so every filter and every ordering has
 * several matches and ties; three customers share each creation time to exercise the id tie-break.
 */
const DATASET = Array.from({ length: ROWS }, (_, i) => ({
  // A permutation of 00–24, so name order is not id order.
  name: `n-${String((i * 7) % ROWS).padStart(2, "0")}`,
  type: CUSTOMER_TYPES[i % CUSTOMER_TYPES.length]!,
  value_level: VALUE_LEVELS[i % VALUE_LEVELS.length]!,
  status: CUSTOMER_STATUSES[(i * 3) % CUSTOMER_STATUSES.length]!,
  company_size: i % 6 === 5 ? null : COMPANY_SIZES[i % COMPANY_SIZES.length]!,
  industry_type: i % 2 === 0 ? "信息技术" : "制造业",
  source: i % 3 === 0 ? "展会" : null,
  grade: GRADES[i % GRADES.length]!,
  lead_source: LEAD_SOURCES[i % LEAD_SOURCES.length]!,
  customer_industry: CUSTOMER_INDUSTRIES[i % CUSTOMER_INDUSTRIES.length]!,
  follow_up_status: FOLLOW_UP_STATUSES[i % FOLLOW_UP_STATUSES.length]!,
  created_at: new Date(FIRST_DAY + Math.floor(i / 3) * DAY),
}));
type Row = (typeof DATASET)[number] & { id: number };

type Ordering = { field: keyof Customer; desc: boolean }[];

/** The order the API promises: the terms, then `id` in the direction of the last term. */
function compareBy(ordering: Ordering) {
  const terms = ordering.some((term) => term.field === "id")
    ? ordering
    : [...ordering, { field: "id" as const, desc: ordering.at(-1)?.desc ?? true }];
  return (a: Customer, b: Customer) => {
    for (const { field, desc } of terms) {
      const [x, y] = [a[field], b[field]] as [string | number, string | number];
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  };
}

describe("GET /api/v1/customers/", () => {
  const t = setupTestApp();
  const list = async (query = "") => request(t, "GET", `${CUSTOMERS}${query}`);

  it("answers an empty list as page 1 of 1 with count 0", async () => {
    const response = await list();

    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...ENVELOPE_OK,
      data: {
        pagination: { count: 0, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true, next_cursor: null },
        results: [],
      },
    });
    const pastTheEnd = await list("?page=2");
    expect(pastTheEnd.statusCode).toBe(404);
    expect(json(pastTheEnd)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });

  describe("with 25 customers", () => {
    const rows: Row[] = [];
    const deletedIds: number[] = [];

    beforeAll(async () => {
      const ids = await insertCustomers(t, DATASET);
      rows.push(...DATASET.map((row, i) => ({ ...row, id: ids[i]! })));
      // Deleted customers match every filter below, and must show in none.
      deletedIds.push(
        ...(await insertCustomers(t, [{ ...DATASET[0]!, deleted_at: new Date() }, { ...DATASET[1]!, deleted_at: new Date() }])),
      );
    });

    /** Every customer the query finds, across pages. */
    async function allIds(query: string): Promise<number[]> {
      const response = await list(`?page_size=100&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return idsOf(json(response));
    }

    describe("pagination", () => {
      it("defaults to page 1 of 10, with an absolute next link", async () => {
        const body = json(await list());

        expect(body.data.pagination).toEqual({
          count: ROWS,
          next: "http://localhost/api/v1/customers/?page=2",
          previous: null,
          page_size: 10,
          current_page: 1,
          total_pages: 3,
          count_exact: true,
          next_cursor: expect.any(String),
        });
        expect(body.data.results).toHaveLength(10);
      });

      it("links to the pages around, keeping the other query parameters, null at the ends", async () => {
        const query = "?type=company&ordering=-name&page_size=2";
        const first = json(await list(query)).data.pagination;
        expect(first).toMatchObject({ count: 5, current_page: 1, total_pages: 3, previous: null });
        const next = new URL(first.next);
        expect(`${next.origin}${next.pathname}`).toBe("http://localhost/api/v1/customers/");
        expect(Object.fromEntries(next.searchParams)).toEqual({ type: "company", ordering: "-name", page_size: "2", page: "2" });

        const middle = json(await list(`${query}&page=2`)).data.pagination;
        expect(Object.fromEntries(new URL(middle.next).searchParams)).toEqual({
          type: "company",
          ordering: "-name",
          page_size: "2",
          page: "3",
        });
        // Page 1 is the list's own address, without `page`.
        expect(Object.fromEntries(new URL(middle.previous).searchParams)).toEqual({
          type: "company",
          ordering: "-name",
          page_size: "2",
        });

        const last = json(await list(`${query}&page=3`)).data;
        expect(last.pagination).toMatchObject({ current_page: 3, next: null });
        expect(last.pagination.previous).not.toBeNull();
        expect(last.results).toHaveLength(1);
      });

      it("clamps page_size above 100 to 100", async () => {
        const body = json(await list("?page_size=1000"));
        expect(body.data.pagination).toMatchObject({ page_size: 100, total_pages: 1, count: ROWS, next: null });
        expect(body.data.results).toHaveLength(ROWS);
      });

      it("answers 404 页码无效 for a page past the last", async () => {
        const response = await list("?page=4");
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual({ success: false, code: 4004, message: "页码无效" });
        expect((await list("?page=3")).statusCode).toBe(200);
      });

      it.each([
        ["page_size=0", { page_size: ["请确保该值大于或者等于 1。"] }],
        ["page_size=-1", { page_size: ["请确保该值大于或者等于 1。"] }],
        ["page_size=abc", { page_size: ["请填写合法的数字。"] }],
        ["page_size=2.5", { page_size: ["请填写合法的整数值。"] }],
        ["page=0", { page: ["请确保该值大于或者等于 1。"] }],
        ["page=-2", { page: ["请确保该值大于或者等于 1。"] }],
        ["page=abc", { page: ["请填写合法的数字。"] }],
        ["page=1&page=2", { page: ["请填写合法的数字。"] }],
        ["page=0&page_size=0", { page: ["请确保该值大于或者等于 1。"], page_size: ["请确保该值大于或者等于 1。"] }],
      ])("answers 400 to %s", async (query, errors) => {
        const response = await list(`?${query}`);
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith(errors));
      });

      it("walks every page of 7 without overlap or gap, in the default order", async () => {
        const seen: Customer[] = [];
        let url: string | null = `${CUSTOMERS}?page_size=7`;
        let pages = 0;
        while (url) {
          const response = await request(t, "GET", url);
          const { data } = json<{ data: Page<Customer> }>(response);
          expect(data.pagination).toMatchObject({ count: ROWS, total_pages: 4, current_page: pages + 1 });
          seen.push(...data.results);
          // Follow the server's own link, as a client would.
          const next: URL | null = data.pagination.next ? new URL(data.pagination.next) : null;
          url = next && `${next.pathname}${next.search}`;
          pages += 1;
        }

        expect(pages).toBe(4);
        const ids = seen.map((customer) => customer.id);
        expect(new Set(ids).size).toBe(ROWS);
        expect([...ids].sort((a, b) => a - b)).toEqual(rows.map((row) => row.id).sort((a, b) => a - b));
        // Default: newest first, ties (three per creation time here) by id, newest first too.
        expect(seen).toEqual([...seen].sort(compareBy([{ field: "created_at", desc: true }])));
        expect(ids.slice(0, 3)).toEqual([rows[24]!.id, rows[23]!.id, rows[22]!.id]);
      });
    });

    describe("ordering", () => {
      const single = CUSTOMER_ORDERING_FIELDS.flatMap((field) => [
        [field, [{ field, desc: false }]],
        [`-${field}`, [{ field, desc: true }]],
      ]) as [string, Ordering][];
      const multiple: [string, Ordering][] = [
        [
          "type,-name",
          [
            { field: "type", desc: false },
            { field: "name", desc: true },
          ],
        ],
        [
          "-value_level,status,id",
          [
            { field: "value_level", desc: true },
            { field: "status", desc: false },
            { field: "id", desc: false },
          ],
        ],
        [
          "status,-created_at",
          [
            { field: "status", desc: false },
            { field: "created_at", desc: true },
          ],
        ],
        [
          " name , -id ",
          [
            { field: "name", desc: false },
            { field: "id", desc: true },
          ],
        ],
      ];

      it.each([...single, ...multiple])("orders by %s", async (ordering, terms) => {
        const body = json(await list(`?page_size=100&ordering=${encodeURIComponent(ordering)}`));
        const results: Customer[] = body.data.results;

        expect(results).toHaveLength(ROWS);
        expect(results).toEqual([...results].sort(compareBy(terms)));
      });

      it("orders names as text, not by id", async () => {
        const names = json(await list("?page_size=5&ordering=name")).data.results.map((c: Customer) => c.name);
        expect(names).toEqual(["n-00", "n-01", "n-02", "n-03", "n-04"]);
      });

      it.each([
        ["bogus", "bogus"],
        ["-bogus", "bogus"],
        ["name,email", "email"],
        ["deleted_at", "deleted_at"],
      ])("answers 400 on ordering for an unknown field (%s)", async (ordering, field) => {
        const response = await list(`?ordering=${ordering}`);
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ ordering: [`无效的排序字段：${field}`] }));
      });
    });

    describe("filters", () => {
      const expectIds = (predicate: (row: Row) => boolean) =>
        rows
          .filter(predicate)
          .map((row) => row.id)
          .sort((a, b) => a - b);
      const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

      const enumFilters = [
        ["type", CUSTOMER_TYPES],
        ["value_level", VALUE_LEVELS],
        ["status", CUSTOMER_STATUSES],
        ["company_size", COMPANY_SIZES],
        ["grade", GRADES],
        ["lead_source", LEAD_SOURCES],
        ["customer_industry", CUSTOMER_INDUSTRIES],
        ["follow_up_status", FOLLOW_UP_STATUSES],
      ] as const;

      it.each(enumFilters)("filters by every value of %s", async (field, values) => {
        for (const value of values) {
          const ids = await allIds(`${field}=${value}`);
          expect(sorted(ids), `${field}=${value}`).toEqual(expectIds((row) => row[field] === value));
        }
      });

      it.each(enumFilters.map(([field]) => field))("answers 400 on %s for an unknown value", async (field) => {
        const response = await list(`?${field}=nonsense`);
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ [field]: ["“nonsense” 不是合法选项。"] }));
      });

      it("filters by industry_type and source as exact text", async () => {
        expect(sorted(await allIds(`industry_type=${encodeURIComponent("制造业")}`))).toEqual(
          expectIds((row) => row.industry_type === "制造业"),
        );
        expect(sorted(await allIds(`source=${encodeURIComponent("展会")}`))).toEqual(expectIds((row) => row.source === "展会"));
        expect(await allIds(`industry_type=${encodeURIComponent("制造")}`)).toEqual([]);
      });

      it("combines filters with AND", async () => {
        expect(sorted(await allIds("type=company&grade=A&industry_type=%E4%BF%A1%E6%81%AF%E6%8A%80%E6%9C%AF"))).toEqual(
          expectIds((row) => row.type === "company" && row.grade === "A" && row.industry_type === "信息技术"),
        );
      });

      it("answers an empty result as page 1 of 1", async () => {
        const body = json(await list("?value_level=vip&grade=A"));
        expect(body.data.pagination).toEqual({
          count: 0,
          next: null,
          previous: null,
          page_size: 10,
          current_page: 1,
          total_pages: 1,
          count_exact: true,
          next_cursor: null,
        });
      });

      const day = (n: number) => new Date(FIRST_DAY + n * DAY);
      it.each([
        // Dates cover their whole day, in UTC, at both ends.
        ["created_after=2021-03-02", (row: Row) => row.created_at >= day(1)],
        ["created_before=2021-03-02", (row: Row) => row.created_at <= day(1)],
        ["created_after=2021-03-02&created_before=2021-03-03", (row: Row) => row.created_at >= day(1) && row.created_at <= day(2)],
        // Date-times are inclusive bounds: a row created exactly at the bound is in.
        ["created_after=2021-03-02T12:00:00Z", (row: Row) => row.created_at >= day(1)],
        ["created_after=2021-03-02T12:00:00.001Z", (row: Row) => row.created_at > day(1)],
        ["created_before=2021-03-02T12:00:00Z", (row: Row) => row.created_at <= day(1)],
        ["created_before=2021-03-02T11:59:59.999Z", (row: Row) => row.created_at < day(1)],
        ["created_after=2021-03-02T20:00:00%2B08:00", (row: Row) => row.created_at >= day(1)],
        ["created_before=2021-03-02T07:00:00-05:00", (row: Row) => row.created_at <= day(1)],
        ["created_after=2021-03-05&created_before=2021-03-04", () => false],
        ["created_after=0000-01-01", () => true],
        ["created_before=9999-12-31T23:59:59-14:00", () => true],
      ])("filters %s", async (query, predicate) => {
        expect(sorted(await allIds(query))).toEqual(expectIds(predicate));
      });

      it.each([
        ["created_after", "yesterday", "日期格式错误。请使用这种格式：YYYY-MM-DD。"],
        ["created_before", "2021-02-30", "日期格式错误。请使用这种格式：YYYY-MM-DD。"],
        ["created_after", "2021-13-01T00:00:00Z", "日期格式错误。请使用这种格式：YYYY-MM-DD。"],
      ])("answers 400 on %s for %s", async (field, value, message) => {
        const response = await list(`?${field}=${value}`);
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ [field]: [message] }));
      });

      it("never lists a deleted customer", async () => {
        const ids = await allIds("");
        expect(ids).toHaveLength(ROWS);
        for (const id of deletedIds) expect(ids).not.toContain(id);
      });

      it("ignores an empty filter value and unknown parameters", async () => {
        expect(await allIds("type=&grade=&colour=blue")).toHaveLength(ROWS);
      });
    });
  });
});
