import { beforeAll, describe, expect, it } from "vitest";

import { CUSTOMERS, insertCustomers } from "./customers-fixtures";
import { request, setupTestApp } from "./helpers";

/**
 * A page read over tRPC links to the REST URL its input stands for, built from the procedure's
 * own `meta.openapi.path`: path parameters filled in, the rest of the input as the query.
 */
describe("pagination links of pages read over tRPC", () => {
  const t = setupTestApp();
  let customerId: number;

  beforeAll(async () => {
    const ids = await insertCustomers(t, [{ name: "links-a" }, { name: "links-b" }, { name: "links-c" }]);
    customerId = ids[0]!;
    for (const title of ["one", "two", "three"]) {
      const response = await request(t, "POST", `${CUSTOMERS}${customerId}/follow-ups/`, { payload: { title, time: "2024-01-01T00:00:00Z" } });
      expect(response.statusCode).toBe(201);
    }
  });

  async function paginationOf(procedure: string, input: object) {
    const response = await t.app.inject({
      method: "GET",
      url: `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { authorization: `Bearer ${t.adminToken}`, host: "api.local" },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result.data.pagination as { next: string | null; previous: string | null };
  }

  it.each([
    ["customers.list", {}, "/api/v1/customers/"],
    ["customers.search", { q: "links" }, "/api/v1/customers/search/"],
  ])("%s links below its REST path", async (procedure, input, path) => {
    const pagination = await paginationOf(procedure, { ...input, page_size: 1 });
    expect(new URL(pagination.next!)).toMatchObject({ origin: "http://api.local", pathname: path });
    expect(Object.fromEntries(new URL(pagination.next!).searchParams)).toEqual({ ...input, page: "2", page_size: "1" });
  });

  it("fills the path parameters in from the input and keeps them out of the query", async () => {
    const pagination = await paginationOf("followUps.list", { id: customerId, page: 2, page_size: 1 });
    expect(pagination).toMatchObject({
      next: `http://api.local/api/v1/customers/${customerId}/follow-ups/?page=3&page_size=1`,
      previous: `http://api.local/api/v1/customers/${customerId}/follow-ups/?page_size=1`,
    });
  });
});
