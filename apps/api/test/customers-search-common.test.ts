import { beforeAll, describe, expect, it } from "vitest";

import { CUSTOMERS, deleteAllCustomers, idsOf, insertCustomers } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

/**
 * A term that matches every other customer is paged from the newest rows (the repository reads
 * the first few hundred of the order and filters them); past what they hold, the search indexes take
 * over. Either way the answer is the search's: every match, once, in order, exactly counted.
 */
describe("search of a common term", () => {
  const t = setupTestApp();
  const ROWS = 1200;
  let matches: number[];

  beforeAll(async () => {
    await deleteAllCustomers(t);
    const start = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: ROWS }, (_, index) => ({
      name: index % 2 === 0 ? `常见词贸易${index}` : `其他${index}`,
      created_at: new Date(start + index * 1000),
      // Soft-deleted matches among the newest: never shown, never counted.
      deleted_at: index % 2 === 0 && index % 50 === 0 ? new Date() : null,
    }));
    const ids = await insertCustomers(t, rows);
    matches = ids.filter((_, index) => rows[index]!.name.startsWith("常见词") && rows[index]!.deleted_at === null).reverse();
  });

  const page = async (query: string) => {
    const response = await request(t, "GET", `${CUSTOMERS}search/?q=${encodeURIComponent("常见词")}&${query}`);
    expect(response.statusCode).toBe(200);
    return json(response);
  };

  it("answers the newest matches on page 1, with the exact count", async () => {
    const body = await page("page_size=20");
    expect(idsOf(body)).toEqual(matches.slice(0, 20));
    expect(body.data.pagination).toMatchObject({ count: matches.length, count_exact: true });
  });

  it("walks every match once, in order, across the end of the newest rows", async () => {
    const walked: number[] = [];
    for (let number = 1; number <= Math.ceil(matches.length / 100); number++) {
      walked.push(...idsOf(await page(`page_size=100&page=${number}`)));
    }
    expect(walked).toEqual(matches);
  });

  it("pages the oldest first just as well", async () => {
    const body = await page("page_size=30&page=2&ordering=created_at");
    expect(idsOf(body)).toEqual([...matches].reverse().slice(30, 60));
  });
});
