import { describe, expect, it } from "vitest";

import {
  bodyBoolean,
  bodyIdSchema,
  customerCreateInput,
  orderingQuery,
  paginationQuery,
  queryBoolean,
  tenantRelationCreateInput,
} from "../src";

describe("query values", () => {
  it("read booleans as written, never 'false' as true", () => {
    expect(queryBoolean.parse("false")).toBe(false);
    expect(queryBoolean.parse("0")).toBe(false);
    expect(queryBoolean.parse("true")).toBe(true);
    expect(queryBoolean.parse("1")).toBe(true);
    expect(queryBoolean.safeParse("yes").success).toBe(false);
  });

  it("clamp page_size to 100 and default to page 1 of 10", () => {
    expect(paginationQuery.parse({})).toEqual({ page: 1, page_size: 10 });
    expect(paginationQuery.parse({ page: "3", page_size: "1000" })).toEqual({ page: 3, page_size: 100 });
    expect(paginationQuery.safeParse({ page: "0" }).success).toBe(false);
    expect(paginationQuery.safeParse({ page_size: "abc" }).success).toBe(false);
  });

  it("parse ordering terms and refuse unknown fields", () => {
    const ordering = orderingQuery(["id", "name"] as const);
    expect(ordering.parse("-name,id")).toEqual([
      { field: "name", desc: true },
      { field: "id", desc: false },
    ]);
    expect(ordering.safeParse("name,secret").success).toBe(false);
  });
});

describe("body values", () => {
  it("take ids as numbers or digit strings only", () => {
    expect(bodyIdSchema.parse(5)).toBe(5);
    expect(bodyIdSchema.parse("23413")).toBe(23413);
    for (const bad of [true, [5], "", "1e3", 0, -1, 1.5]) expect(bodyIdSchema.safeParse(bad).success).toBe(false);
  });

  it("take booleans as booleans only", () => {
    expect(bodyBoolean.parse(false)).toBe(false);
    expect(bodyBoolean.safeParse("false").success).toBe(false);
  });
});

describe("schemas", () => {
  it("strip unknown and read-only customer fields", () => {
    const parsed = customerCreateInput.parse({ name: " ACME ", type: "company", id: 9, created_by: "x", hack: 1 });
    expect(parsed).toEqual({ name: "ACME", type: "company" });
  });

  it("refuse a relation that ends before it starts, on end_date", () => {
    const result = tenantRelationCreateInput.safeParse({
      customer_id: 1,
      tenant_id: 1,
      relation_type: "client",
      status: "active",
      start_date: "2025-12-31",
      end_date: "2025-01-01",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["end_date"]]);
  });
});
