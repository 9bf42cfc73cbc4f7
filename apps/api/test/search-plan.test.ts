import { beforeAll, describe, expect, it } from "vitest";
import { CustomerRepository, TenantViewRepository, type SearchLimits } from "@customer-hub/db";
import { randomCustomerTids } from "@customer-hub/db/testing";
import type { CursorPosition } from "@customer-hub/domain";

import { deleteAllCustomers, insertCustomers } from "./customers-fixtures";
import { setupTestApp } from "./helpers";
import { addTenantWithAdmin, insertRelations } from "./tenant-view-fixtures";

/**
 * Each branch of a search's plan (search-plan.ts) at its boundaries, with the limits lowered so
 * that a few rows reach them: exact up to 20 matches, a sample of the newest 30, and a random
 * spread larger than the table (so it reads the table whole, and each run decides alike). Whatever
 * branch answers, a page is the search's: the matches in order, each once, over every page.
 */
const LIMITS: SearchLimits = { exactCount: 20, sample: 30, spread: 100_000 };
const ROWS = 1500;
/** The same limits with a draw smaller than the table: rows are drawn at random, as at 1M. */
const DRAWN: SearchLimits = { ...LIMITS, spread: 1000 };

/** Which of the ROWS customers (0 the oldest) each term is in. */
const TERMS = {
  // Exactly the exact limit, none among the newest 30.
  exactLimit: { term: "整二十", at: (i: number) => i % 75 === 3 },
  // One more than the limit, none among the newest 30.
  overLimit: { term: "二十一", at: (i: number) => i % 72 === 5 },
  // 100 matches, 2 among the newest 30 (under a tenth): counted, then paged from a window of the order.
  windowed: { term: "窗口词", at: (i: number) => i % 15 === 7 },
  // 300 matches, 6 among the newest 30: "many" once the spread confirms it.
  common: { term: "常用词", at: (i: number) => i % 5 === 0 },
  // 15 matches, every one among the newest 30: common there, not in the table, so counted exactly.
  recent: { term: "新近词", at: (i: number) => i >= ROWS - 15 },
} as const;

type Term = keyof typeof TERMS;
type Page = { ids: number[]; total: number; exact: boolean; last?: CursorPosition };
type Reader = (term: string, page: { offset: number; limit: number }, options?: { ordering?: "name"; after?: CursorPosition }) => Promise<Page>;

describe("a search's plan at its boundaries", () => {
  const t = setupTestApp();
  let ids: number[];
  /** Each term's matches, newest first. */
  const expected = {} as Record<Term, number[]>;
  let names: Map<number, string>;
  let tenantId: number;

  beforeAll(async () => {
    await deleteAllCustomers(t);
    const start = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      name: [`客户${i}`, ...Object.values(TERMS).flatMap(({ term, at }) => (at(i) ? [term] : []))].join(" "),
      created_at: new Date(start + i * 1000),
    }));
    ids = await insertCustomers(t, rows);
    names = new Map(ids.map((id, i) => [id, rows[i]!.name]));
    for (const [key, { at }] of Object.entries(TERMS)) {
      expected[key as Term] = ids.filter((_, i) => at(i)).reverse();
    }
    const tenant = await addTenantWithAdmin(t, "search_plan");
    tenantId = tenant.id;
    await insertRelations(t, ids.map((customerId) => ({ customerId, tenantId, status: "active" as const })));
    // Statistics, as autovacuum would have gathered them: without any, the planner's guesses
    // for the tenant's join make each of its pages take seconds here.
    await t.db.orm.em.getConnection().execute("analyze customer, customer_tenant_relation");
  });

  const customersWith = (limits: SearchLimits): Reader => async (term, page, options = {}) => {
    const repository = new CustomerRepository(t.db.orm.em.fork(), limits);
    const answer = await repository.findPage({
      filters: {},
      search: term,
      ordering: options.ordering ? [{ field: "name", desc: false }] : [{ field: "created_at", desc: true }],
      page,
      ...(options.after ? { after: options.after } : {}),
    });
    const last = answer.items.at(-1);
    return {
      ids: answer.items.map((row) => row.id),
      total: answer.total,
      exact: answer.exact,
      ...(last ? { last: { createdAt: last.cursor_created_at, id: last.id } } : {}),
    };
  };
  const tenantViewWith = (limits: SearchLimits): Reader => async (term, page, options = {}) => {
    const repository = new TenantViewRepository(t.db.orm.em.fork(), tenantId, limits);
    const answer = await repository.findPage({
      filters: {},
      search: term,
      ordering: options.ordering ? [{ field: "name", desc: false }] : [{ field: "created_at", desc: true }],
      page,
    });
    return { ids: answer.items.map((row) => row.customer.id), total: answer.total, exact: answer.exact };
  };
  const customers = customersWith(LIMITS);
  const tenantView = tenantViewWith(LIMITS);

  /** Every page of `size` by page number, until one comes back short. */
  async function walk(read: Reader, term: string, size: number, ordering?: "name"): Promise<number[]> {
    const walked: number[] = [];
    for (let offset = 0; ; offset += size) {
      const page = await read(term, { offset, limit: size }, ordering ? { ordering } : {});
      walked.push(...page.ids);
      if (page.ids.length < size) return walked;
    }
  }

  describe.each([
    ["customers' search", () => customers],
    ["tenant view's search", () => tenantView],
  ])("%s", (_name, reader) => {
    it("counts exactly the limit's worth of matches exactly, and pages them", async () => {
      const read = reader();
      const first = await read(TERMS.exactLimit.term, { offset: 0, limit: 11 });
      expect(first).toMatchObject({ ids: expected.exactLimit.slice(0, 11), total: 20, exact: true });
      expect((await read(TERMS.exactLimit.term, { offset: 11, limit: 11 })).ids).toEqual(expected.exactLimit.slice(11));
    });

    it("estimates one match over the limit, never fewer than it has seen, and still pages every match", async () => {
      const read = reader();
      const first = await read(TERMS.overLimit.term, { offset: 0, limit: 11 });
      expect(first.exact).toBe(false);
      expect(first.total).toBeGreaterThanOrEqual(21);
      expect(first.ids).toEqual(expected.overLimit.slice(0, 11));
      expect(await walk(read, TERMS.overLimit.term, 5)).toEqual(expected.overLimit);
    });

    it("pages a term past the limit from a window of the newest rows, and deeper pages through the index", async () => {
      const read = reader();
      const first = await read(TERMS.windowed.term, { offset: 0, limit: 3 });
      expect(first.exact).toBe(false);
      expect(first.ids).toEqual(expected.windowed.slice(0, 3));
      expect(await walk(read, TERMS.windowed.term, 3)).toEqual(expected.windowed);
    });

    it("estimates a term common among the newest rows from them alone, and pages it", async () => {
      const read = reader();
      expect(await read(TERMS.common.term, { offset: 0, limit: 11 })).toEqual(
        expect.objectContaining({ ids: expected.common.slice(0, 11), total: 300, exact: false }),
      );
      expect(await walk(read, TERMS.common.term, 40)).toEqual(expected.common);
    });

    it("counts a term only the newest rows share exactly: the newest rows are not a sample of the table", async () => {
      const read = reader();
      expect(await read(TERMS.recent.term, { offset: 0, limit: 11 })).toEqual(
        expect.objectContaining({ ids: expected.recent.slice(0, 11), total: 15, exact: true }),
      );
      expect(await walk(read, TERMS.recent.term, 4)).toEqual(expected.recent);
    });

    it("pages in an order no window serves (name) through the index, exact or not", async () => {
      const read = reader();
      const byName = (list: number[]) => [...list].sort((a, b) => (names.get(a)! < names.get(b)! ? -1 : 1));
      expect(await walk(read, TERMS.exactLimit.term, 7, "name")).toEqual(byName(expected.exactLimit));
      expect(await walk(read, TERMS.windowed.term, 7, "name")).toEqual(byName(expected.windowed));
    });
  });

  describe.each([
    ["customers' search", () => customersWith(DRAWN)],
    ["tenant view's search", () => tenantViewWith(DRAWN)],
  ])("%s, with rows drawn at random (a table larger than the draw)", (_name, reader) => {
    it("really draws: the table is larger than the draw", async () => {
      expect(await randomCustomerTids(t.db.orm.em.fork(), DRAWN.spread)).toMatch(/^\{"\(\d+,\d+\)"(,"\(\d+,\d+\)")*\}$/);
    });

    it("estimates a common term from the draw, near its share of the table, and pages it", async () => {
      const read = reader();
      const first = await read(TERMS.common.term, { offset: 0, limit: 11 });
      expect(first).toMatchObject({ ids: expected.common.slice(0, 11), exact: false });
      // A fifth of the table; the draw finds ~730 distinct rows, so its share is 0.2 ± 0.015.
      expect(first.total).toBeGreaterThan(200);
      expect(first.total).toBeLessThan(400);
    });

    it("counts a term only the newest rows share exactly", async () => {
      expect(await reader()(TERMS.recent.term, { offset: 0, limit: 11 })).toEqual(
        expect.objectContaining({ ids: expected.recent.slice(0, 11), total: 15, exact: true }),
      );
    });
  });

  it("follows a cursor past the limit to the last match", async () => {
    const walked: number[] = [];
    let after: CursorPosition | undefined;
    for (;;) {
      const page: Page = await customers(TERMS.windowed.term, { offset: 0, limit: 4 }, after ? { after } : {});
      walked.push(...page.ids);
      if (page.ids.length < 4 || !page.last) break;
      after = page.last;
    }
    expect(walked).toEqual(expected.windowed);
  });
});
