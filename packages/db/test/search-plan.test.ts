import { describe, expect, it } from "vitest";

import { countFromSample, leadsWithCreatedAt, scaledSample, windowFor, type SearchLimits } from "../src/repositories/search-plan";
import type { Spread } from "../src/repositories/spread";

const limits: SearchLimits = { exactCount: 100, sample: 30, spread: 400 };
/** The reads countFromSample makes: `n` filtered rows, and a random spread of them. */
const reads = (n: number, spread: Partial<Spread> = {}) => ({
  candidates: async () => n,
  spread: async (): Promise<Spread> => ({ examined: 400, matches: 0, blocks: 0, complete: false, ...spread }),
});

describe("countFromSample", () => {
  it("is exact when every row the filters match was examined (fewer than the sample), not after a cursor", async () => {
    expect(await countFromSample({ matches: 7, examined: 29, after: false }, reads(29), limits)).toEqual({ total: 7, exact: true });
    expect(await countFromSample({ matches: 0, examined: 0, after: false }, reads(0), limits)).toEqual({ total: 0, exact: true });
    // After a cursor the rows before it were not examined; a full sample is not every row.
    expect(await countFromSample({ matches: 7, examined: 29, after: true }, reads(100), limits)).toBeUndefined();
    expect(await countFromSample({ matches: 7, examined: 30, after: false }, reads(30), limits)).toBeUndefined();
  });

  it("estimates a term common in the sample from a random spread, once it scales past twice the exact limit", async () => {
    // 40 of 400 drawn, in 40 blocks, over 2,010 rows: 201 > 200.
    expect(await countFromSample({ matches: 3, examined: 30, after: false }, reads(2010, { matches: 40, blocks: 40 }), limits)).toEqual({
      total: 201,
      exact: false,
    });
    // Exactly twice the limit is still counted.
    expect(await countFromSample({ matches: 3, examined: 30, after: false }, reads(2000, { matches: 40, blocks: 40 }), limits)).toBeUndefined();
    // Under a tenth of the sample, however many rows: counted (no spread drawn).
    expect(await countFromSample({ matches: 2, examined: 30, after: false }, reads(1_000_000, { matches: 400, blocks: 40 }), limits)).toBeUndefined();
  });

  it("counts a term the newest rows share but the table does not: the spread decides, not the newest rows", async () => {
    // Every one of the newest 30 rows has it; drawn at random it is rare, or one cluster of blocks.
    const newest = { matches: 30, examined: 30, after: false };
    expect(await countFromSample(newest, reads(1_000_000, { matches: 2, blocks: 2 }), limits)).toBeUndefined();
    expect(await countFromSample(newest, reads(1_000_000, { matches: 60, blocks: 3 }), limits)).toBeUndefined();
    expect(await countFromSample(newest, reads(1_000_000, { matches: 29, blocks: 29 }), limits)).toBeUndefined();
    expect(await countFromSample(newest, reads(1_000_000, { matches: 30, blocks: 10 }), limits)).toEqual({ total: 75_000, exact: false });
    // A spread of the whole table (a small one) is every row: one match in it counts.
    expect(await countFromSample(newest, reads(4000, { matches: 300, examined: 300, complete: true }), limits)).toEqual({
      total: 4000,
      exact: false,
    });
  });
});

describe("windowFor", () => {
  it("reads twice the rows expected to hold the wanted matches, while that is fewer than the matches", () => {
    // 1 match in 100 rows: 11 wanted → 2,200 rows, fewer than the 10,000 matches.
    expect(windowFor(11, 1_000_000, 10_000)).toBe(2200);
    // Page 100 of the same term: 200,200 rows would be more than fetching the 10,000 matches.
    expect(windowFor(1001, 1_000_000, 10_000)).toBeUndefined();
  });
});

describe("scaledSample and leadsWithCreatedAt", () => {
  it("scale a sample's share, and tell the orders a window serves", () => {
    expect(scaledSample({ matches: 6, examined: 300, after: false }, 990_000)).toBe(19_800);
    expect(scaledSample(undefined, 990_000)).toBe(0);
    expect(leadsWithCreatedAt([{ field: "created_at", desc: true }])).toBe(true);
    expect(leadsWithCreatedAt([{ field: "created_at", desc: false }, { field: "id", desc: false }])).toBe(true);
    expect(leadsWithCreatedAt([{ field: "created_at", desc: true }, { field: "id", desc: false }])).toBe(false);
    expect(leadsWithCreatedAt([{ field: "name", desc: false }])).toBe(false);
  });
});
