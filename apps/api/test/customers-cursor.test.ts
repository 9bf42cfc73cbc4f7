import { encodeCursor, type Customer, type CursorPage } from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import { CUSTOMERS, insertCustomers, invalidWith } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

const ROWS = 23;

describe("GET /api/v1/customers/?cursor= (keyset pagination)", () => {
  const t = setupTestApp();
  let expected: number[];

  beforeAll(async () => {
    const ids = await insertCustomers(
      t,
      Array.from({ length: ROWS }, (_, i) => ({ name: `cursor-${i}`, type: i % 2 ? "company" : "individual" }) as never),
    );
    // Creation times a JS Date cannot hold (microseconds), shared by pairs: the cursor must keep
    // them exactly and break ties by id, or rows are skipped or repeated.
    await t.db.orm.em
      .getConnection()
      .execute("update customer set created_at = timestamptz '2024-05-01 10:00:00.123456+00' - (id / 2) * interval '1.000001 second'");
    await t.db.orm.em.getConnection().execute("update customer set deleted_at = now() where id = ?", [ids[5]]);
    const rows = await t.db.orm.em
      .getConnection()
      .execute<{ id: number }[]>("select id from customer where deleted_at is null order by created_at desc, id desc");
    expected = rows.map((row) => row.id);
  });

  async function walk(firstUrl: string) {
    const seen: number[] = [];
    const pages: CursorPage<Customer>["pagination"][] = [];
    let url: string | null = firstUrl;
    while (url) {
      const response = await request(t, "GET", url);
      expect(response.statusCode, url).toBe(200);
      const { data } = json<{ data: CursorPage<Customer> }>(response);
      seen.push(...data.results.map((customer) => customer.id));
      pages.push(data.pagination);
      const next: URL | null = data.pagination.next ? new URL(data.pagination.next) : null;
      url = next && `${next.pathname}${next.search}`;
    }
    return { seen, pages };
  }

  it("walks every live customer once, in the default order, following the next links", async () => {
    const { seen, pages } = await walk(`${CUSTOMERS}?page_size=5`);
    expect(seen).toEqual(expected);
    expect(pages.map((page) => page.count)).toEqual(pages.map(() => ROWS - 1));
    // The first page is a numbered page; the ones after it come by cursor.
    expect(pages[0]).toMatchObject({ current_page: 1, previous: null, next: "http://localhost/api/v1/customers/?page_size=5&page=2" });
    expect(pages.at(-1)!.next_cursor).toBeNull();
  });

  it("continues by next_cursor to the end, next links carrying the cursor, null after the last row", async () => {
    const first = json<{ data: CursorPage<Customer> }>(await request(t, "GET", `${CUSTOMERS}?page_size=4&ordering=-created_at`)).data;
    const rest = await walk(`${CUSTOMERS}?page_size=4&ordering=-created_at&cursor=${first.pagination.next_cursor}`);
    expect([...first.results.map((customer) => customer.id), ...rest.seen]).toEqual(expected);
    expect(rest.pages[0]).toMatchObject({ previous: null, current_page: 1, count: ROWS - 1 });
    expect(rest.pages[0]!.next).toMatch(/^http:\/\/localhost\/api\/v1\/customers\/\?page_size=4&ordering=-created_at&cursor=[\w-]+$/);
    expect(rest.pages.at(-1)).toMatchObject({ next: null, next_cursor: null });
  });

  it("keeps the filters, and answers a page that ends exactly at the last row with next_cursor null", async () => {
    const companies = await walk(`${CUSTOMERS}?type=company&page_size=3&cursor=${encodeCursor({ createdAt: "2100-01-01 00:00:00+00", id: 1 })}`);
    const stored = await t.db.orm.em
      .getConnection()
      .execute<{ id: number }[]>("select id from customer where deleted_at is null and type = 'company' order by created_at desc, id desc");
    expect(companies.seen).toEqual(stored.map((row) => row.id));
    const all = json<{ data: CursorPage<Customer> }>(await request(t, "GET", `${CUSTOMERS}?page_size=${ROWS - 1}`)).data;
    expect(all.results).toHaveLength(ROWS - 1);
    expect(all.pagination.next_cursor).toBeNull();
  });

  it("works on search too", async () => {
    const { seen } = await walk(`/api/v1/customers/search/?q=cursor-1&page_size=2&cursor=${encodeCursor({ createdAt: "2100-01-01 00:00:00+00", id: 1 })}`);
    const stored = await t.db.orm.em
      .getConnection()
      .execute<{ id: number }[]>("select id from customer where deleted_at is null and name like 'cursor-1%' order by created_at desc, id desc");
    expect(stored).toHaveLength(11);
    expect(seen).toEqual(stored.map((row) => row.id));
  });

  it.each([
    ["not base64", "%%%"],
    ["not JSON", "bm90IGpzb24"],
    ["a wrong shape", encodeCursor({ createdAt: "yesterday", id: 1 })],
    ["an id beyond int4", Buffer.from(JSON.stringify(["2024-01-01 00:00:00+00", 2 ** 31])).toString("base64url")],
    ["a negative id", Buffer.from(JSON.stringify(["2024-01-01 00:00:00+00", -1])).toString("base64url")],
  ])("answers 400 on cursor to %s", async (_name, cursor) => {
    const response = await request(t, "GET", `${CUSTOMERS}?cursor=${cursor}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidWith({ cursor: ["无效的游标。"] }));
  });

  it.each(["name", "-created_at,id", "created_at", "-updated_at"])("answers 400 to a cursor with ordering=%s", async (ordering) => {
    const cursor = encodeCursor({ createdAt: "2024-01-01 00:00:00+00", id: 1 });
    const response = await request(t, "GET", `${CUSTOMERS}?cursor=${cursor}&ordering=${ordering}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidWith({ cursor: ["游标分页仅支持默认排序（-created_at）。"] }));
  });

  it("gives no next_cursor on a page in another ordering", async () => {
    const { data } = json<{ data: CursorPage<Customer> }>(await request(t, "GET", `${CUSTOMERS}?ordering=name&page_size=3`));
    expect(data.pagination.next_cursor).toBeNull();
    expect(data.pagination.next).not.toBeNull();
  });
});
