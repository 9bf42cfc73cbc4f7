import { describe, expect, it } from "vitest";

import { countFromSample, leadsWithCreatedAt, scaledSample, windowFor, type SearchLimits } from "../src/repositories/search-plan";

const limits: SearchLimits = { exactCount: 100, sample: 30 };
const candidates = (n: number) => async () => n;

describe("countFromSample", () => {
  it("is exact when every row the filters match was examined (fewer than the sample), not after a cursor", async () => {
    expect(await countFromSample({ matches: 7, examined: 29, after: false }, candidates(29), limits)).toEqual({ total: 7, exact: true });
    expect(await countFromSample({ matches: 0, examined: 0, after: false }, candidates(0), limits)).toEqual({ total: 0, exact: true });
    // After a cursor the rows before it were not examined; a full sample is not every row.
    expect(await countFromSample({ matches: 7, examined: 29, after: true }, candidates(100), limits)).toBeUndefined();
    expect(await countFromSample({ matches: 7, examined: 30, after: false }, candidates(30), limits)).toBeUndefined();
  });

  it("estimates a term in a tenth of the sample or more once it scales past twice the exact limit", async () => {
    // 3 of 30 over 2,010 rows: 201 > 200.
    expect(await countFromSample({ matches: 3, examined: 30, after: false }, candidates(2010), limits)).toEqual({ total: 201, exact: false });
    // Exactly twice the limit is still counted.
    expect(await countFromSample({ matches: 3, examined: 30, after: false }, candidates(2000), limits)).toBeUndefined();
    // Under a tenth of the sample, however many rows: counted.
    expect(await countFromSample({ matches: 2, examined: 30, after: false }, candidates(1_000_000), limits)).toBeUndefined();
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
