import {
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  RELATION_STATUSES,
  RELATION_TYPES,
  VALUE_LEVELS,
  type RelationStatus,
  type RelationType,
} from "@customer-hub/domain";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

import { insertCustomers } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";
import {
  addTenantWithAdmin,
  deleteAllCustomersAndRelations,
  insertRelations,
  SENSITIVE_FIELDS,
  VIEW,
  VIEW_CUSTOMER_NOT_FOUND,
  VIEW_RELATION_NOT_FOUND,
  type TenantWithAdmin,
} from "./tenant-view-fixtures";

type Side = "A" | "B";
type SideRelation = { status: RelationStatus; relation_type: RelationType };

/** A generated customer: to which tenants it relates (and how), and whether it is soft-deleted. */
type CustomerCase = {
  type: (typeof CUSTOMER_TYPES)[number];
  value_level: (typeof VALUE_LEVELS)[number];
  status: (typeof CUSTOMER_STATUSES)[number];
  deleted: boolean;
  relations: Partial<Record<Side, SideRelation>>;
};

const sideRelation = fc.record({
  status: fc.constantFrom(...RELATION_STATUSES),
  relation_type: fc.constantFrom(...RELATION_TYPES),
});

const customerCase: fc.Arbitrary<CustomerCase> = fc.record({
  type: fc.constantFrom(...CUSTOMER_TYPES),
  value_level: fc.constantFrom(...VALUE_LEVELS),
  status: fc.constantFrom(...CUSTOMER_STATUSES),
  deleted: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  // Overlap on purpose: both tenants, one of them, or neither.
  relations: fc.oneof(
    fc.record({ A: sideRelation, B: sideRelation }),
    fc.record({ A: sideRelation }),
    fc.record({ B: sideRelation }),
    fc.constant({}),
  ),
});

const scenario = fc.record({
  customers: fc.array(customerCase, { minLength: 1, maxLength: 7 }),
  relationStatusFilter: fc.constantFrom(...RELATION_STATUSES),
  relationTypeFilter: fc.constantFrom(...RELATION_TYPES),
});

/** A stored customer of the scenario with the id of each of its relations. */
type Stored = CustomerCase & { id: number; name: string; relationIds: Partial<Record<Side, number>> };

type Filters = { relationStatus: RelationStatus; relationType: RelationType };
type Answers = Record<"list" | "search" | "statistics", unknown>;

const LIST = "?page_size=100&ordering=id";
const SEARCH = "search/?q=isolated&page_size=100&ordering=id";
const STATISTICS = "statistics/";

/** Counts of `values`, listing only those above zero (as the statistics do). */
function countsOf(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/**
 * Two tenants with overlapping customers: for every generated mix of relations, statuses and
 * deletions, each tenant's admin (and an admin naming the tenant in X-Tenant-ID) sees exactly its
 * own live customers, with its own relation, on every endpoint of the view, and nothing of the
 * other tenant's: not in a list, a search, a count, nor by id.
 */
describe("tenant isolation of the tenant view (CONTRACT §9)", () => {
  const t = setupTestApp();
  const tenants = {} as Record<Side, TenantWithAdmin>;

  beforeAll(async () => {
    tenants.A = await addTenantWithAdmin(t, "isolation_a");
    tenants.B = await addTenantWithAdmin(t, "isolation_b");
  });

  /** Replaces every customer and relation with the scenario's, straight through the ORM. */
  async function store(customers: CustomerCase[]): Promise<Stored[]> {
    await deleteAllCustomersAndRelations(t);
    const names = customers.map((_, index) => `isolated-${index}`);
    const ids = await insertCustomers(
      t,
      customers.map((customer, index) => ({
        name: names[index]!,
        type: customer.type,
        value_level: customer.value_level,
        status: customer.status,
        bank_name: `bank-${index}`,
        bank_account: `account-${index}`,
        credit_rating: "A",
        payment_terms: "net 30",
        deleted_at: customer.deleted ? new Date() : null,
      })),
    );
    const links = customers.flatMap((customer, index) =>
      (Object.entries(customer.relations) as [Side, SideRelation][]).map(([side, relation]) => ({ index, side, relation })),
    );
    const relationIds = await insertRelations(
      t,
      links.map(({ index, side, relation }) => ({ customerId: ids[index]!, tenantId: tenants[side].id, ...relation })),
    );
    return customers.map((customer, index) => ({
      ...customer,
      id: ids[index]!,
      name: names[index]!,
      relationIds: Object.fromEntries(
        links.flatMap((link, position) => (link.index === index ? [[link.side, relationIds[position]!]] : [])),
      ),
    }));
  }

  /** What `side` must see: its related, live customers, each with its own relation. */
  const visibleTo = (side: Side, stored: Stored[]) => stored.filter((customer) => customer.relations[side] && !customer.deleted);

  /** Every endpoint of the view, as `side`'s tenant admin: exactly its live customers, each with its own relation. */
  async function checkTenantAdmin(side: Side, stored: Stored[], filters: Filters): Promise<Answers> {
    const label = `tenant admin of ${side}`;
    const get = (path: string) => request(t, "GET", `${VIEW}${path}`, { token: tenants[side].token });
    const visible = visibleTo(side, stored);
    const relationOf = (customer: Stored) => customer.relations[side]!;

    const list = json(await get(LIST));
    expect(list.data.pagination.count, `${label}: list count`).toBe(visible.length);
    expect(
      list.data.results.map((row: { id: number; relation: { id: number; status: string } }) => [row.id, row.relation.id, row.relation.status]),
      `${label}: list`,
    ).toEqual(visible.map((customer) => [customer.id, customer.relationIds[side], relationOf(customer).status]));

    const filtered = json(await get(`${LIST}&relation_status=${filters.relationStatus}&relation_type=${filters.relationType}`));
    expect(filtered.data.results.map((row: { id: number }) => row.id), `${label}: filtered list`).toEqual(
      visible
        .filter((customer) => relationOf(customer).status === filters.relationStatus && relationOf(customer).relation_type === filters.relationType)
        .map((customer) => customer.id),
    );

    const search = json(await get(SEARCH));
    expect(search.data.results.map((row: { id: number }) => row.id), `${label}: search`).toEqual(visible.map((customer) => customer.id));

    const statistics = json(await get(STATISTICS));
    expect(statistics.data, `${label}: statistics`).toEqual({
      total_count: visible.length,
      active_count: visible.filter((customer) => customer.status === "active").length,
      inactive_count: visible.filter((customer) => customer.status === "inactive").length,
      by_type: countsOf(visible.map((customer) => customer.type)),
      by_value_level: countsOf(visible.map((customer) => customer.value_level)),
      by_relation_type: countsOf(visible.map((customer) => relationOf(customer).relation_type)),
      by_relation_status: countsOf(visible.map((customer) => relationOf(customer).status)),
    });

    for (const customer of stored) {
      const [detail, relation, alias] = await Promise.all([get(`${customer.id}/`), get(`${customer.id}/relation/`), get(`${customer.id}/relations/`)]);
      if (!visible.includes(customer)) {
        expect([detail.statusCode, relation.statusCode, alias.statusCode], `${label}: customer ${customer.id}`).toEqual([404, 404, 404]);
        expect(json(detail)).toEqual(VIEW_CUSTOMER_NOT_FOUND);
        expect(json(relation)).toEqual(VIEW_RELATION_NOT_FOUND);
        expect(json(alias)).toEqual(VIEW_RELATION_NOT_FOUND);
        continue;
      }
      const ownRelation = relationOf(customer);
      const body = json(detail).data;
      expect(body.relation, `${label}: customer ${customer.id}`).toMatchObject({ id: customer.relationIds[side], ...ownRelation });
      for (const field of SENSITIVE_FIELDS) {
        expect(body[field] === null, `${label}: ${field} of ${customer.id}`).toBe(ownRelation.status !== "active");
      }
      const relationBody = json(relation).data;
      expect(relationBody).toMatchObject({ id: customer.relationIds[side], tenant: { id: tenants[side].id }, customer: { id: customer.id } });
      expect(json(alias).data).toEqual(relationBody);
    }
    return { list, search, statistics };
  }

  /**
   * The same view reached another way (an admin naming the tenant, or its tenant admin naming the
   * other tenant) answers the same, and refuses the customers the tenant may not see.
   */
  async function checkSameView(side: Side, stored: Stored[], expected: Answers, label: string, token: string, tenantHeader: number) {
    const get = (path: string) => request(t, "GET", `${VIEW}${path}`, { token, headers: { "x-tenant-id": String(tenantHeader) } });
    expect(json(await get(LIST)), `${label}: list`).toEqual(expected.list);
    expect(json(await get(SEARCH)), `${label}: search`).toEqual(expected.search);
    expect(json(await get(STATISTICS)), `${label}: statistics`).toEqual(expected.statistics);
    const visible = visibleTo(side, stored);
    for (const customer of stored.filter((item) => !visible.includes(item))) {
      const [detail, relation] = await Promise.all([get(`${customer.id}/`), get(`${customer.id}/relation/`)]);
      expect([detail.statusCode, relation.statusCode], `${label}: customer ${customer.id}`).toEqual([404, 404]);
    }
  }

  it("no tenant sees another's customers in a list, a search, a count or by id, whatever the overlap", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ customers, relationStatusFilter, relationTypeFilter }) => {
        const stored = await store(customers);
        const filters = { relationStatus: relationStatusFilter, relationType: relationTypeFilter };
        for (const [side, other] of [["A", "B"], ["B", "A"]] as const) {
          const answers = await checkTenantAdmin(side, stored, filters);
          await checkSameView(side, stored, answers, `admin naming ${side}`, t.adminToken, tenants[side].id);
          await checkSameView(side, stored, answers, `tenant admin of ${side} naming ${other}`, tenants[side].token, tenants[other].id);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("holds on the tRPC surface too", async () => {
    const [theirs] = await store([
      { type: "company", value_level: "vip", status: "active", deleted: false, relations: { B: { status: "active", relation_type: "client" } } },
    ]);
    const customerId = theirs!.id;
    const call = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: "GET",
        url: `/trpc/tenantView.${procedure}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        headers: { authorization: `Bearer ${tenants.A.token}`, ...headers },
      });
    for (const headers of [{}, { "x-tenant-id": String(tenants.B.id) }] as Record<string, string>[]) {
      expect(json(await call("list", {}, headers)).result.data.pagination.count).toBe(0);
      expect(json(await call("statistics", undefined, headers)).result.data.total_count).toBe(0);
      for (const procedure of ["get", "relation", "relations"]) {
        const response = await call(procedure, { id: customerId }, headers);
        expect(response.statusCode, procedure).toBe(404);
      }
    }
    expect(json(await call("get", { id: customerId }, {})).error.data.envelope).toEqual(VIEW_CUSTOMER_NOT_FOUND);
  });
});
