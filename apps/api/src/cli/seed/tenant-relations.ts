import type { Faker } from "@faker-js/faker";
import { RELATION_STATUSES, RELATION_TYPES, type RelationStatus, type RelationType } from "@customer-hub/domain";

import { DAY, isoDay, seededFaker, spread } from "./faker";

/**
 * Demo relations between the demo customers (by index) and the demo tenants (by code): about
 * two thirds of the customers for tenant_a, half for tenant_b, a quarter for both, a few for
 * neither, so that each tenant view shows its own mix and the overlap is visible.
 */

export type DemoTenantRelation = {
  customer: number;
  tenant: string;
  relation_type: RelationType;
  status: RelationStatus;
  is_primary: boolean;
  start_date: string;
  end_date: string | null;
  notes: string | null;
};

/** How many customers each tenant is related to, and how many of them both are. */
export const TENANT_RELATION_COUNTS = { tenant_a: 40, tenant_b: 30 } as const;
const OVERLAP = 15;

const TYPE_WEIGHTS = [3, 2, 5, 2, 1, 1]; // as RELATION_TYPES: clients first
const STATUS_WEIGHTS = [10, 2, 1, 1, 1]; // as RELATION_STATUSES: mostly active

const NOTES: Record<RelationType, readonly (string | null)[]> = {
  service_provider: ["主要服务提供商", "提供运维外包服务", null],
  partner: ["合作伙伴", "联合投标合作方", null],
  client: ["客户关系", "年度框架协议", "按项目结算", null],
  supplier: ["设备供应商", "办公用品供应商", null],
  strategic_partner: ["战略合作伙伴", "签有三年战略合作协议"],
  other: ["其他关系", null],
};

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/**
 * Dates in order: a start between three years and two months ago; ended relations end in the
 * past, current ones in the future or not at all.
 */
function relationDates(faker: Faker, status: RelationStatus, now: Date) {
  const start = faker.date.between({ from: daysAgo(now, 1100), to: daysAgo(now, 60) });
  if (status === "terminated" || status === "expired") {
    return { start_date: isoDay(start), end_date: isoDay(faker.date.between({ from: start.getTime() + 30 * DAY, to: daysAgo(now, 1) })) };
  }
  if (faker.datatype.boolean()) return { start_date: isoDay(start), end_date: null };
  const end = Math.max(start.getTime() + faker.number.int({ min: 365, max: 1095 }) * DAY, faker.date.between({ from: daysAgo(now, -30), to: daysAgo(now, -365) }).getTime());
  return { start_date: isoDay(start), end_date: isoDay(new Date(end)) };
}

export function demoTenantRelations(customerCount: number, now: Date = new Date(), seed = 20250706): DemoTenantRelation[] {
  const faker = seededFaker(seed);
  const order = faker.helpers.shuffle(Array.from({ length: customerCount }, (_, i) => i));
  const bStart = TENANT_RELATION_COUNTS.tenant_a - OVERLAP;
  const customersOf = {
    tenant_a: order.slice(0, TENANT_RELATION_COUNTS.tenant_a),
    tenant_b: order.slice(bStart, bStart + TENANT_RELATION_COUNTS.tenant_b),
  };

  const relations = Object.entries(customersOf).flatMap(([tenant, customers]) => {
    // Every type and status at least once per tenant, so each tenant view's filters all find something.
    const types = spread(faker, RELATION_TYPES, TYPE_WEIGHTS, customers.length);
    const statuses = spread(faker, RELATION_STATUSES, STATUS_WEIGHTS, customers.length);
    return [...customers].sort((a, b) => a - b).map((customer, i): DemoTenantRelation => {
      const relation_type = types[i]!;
      const status = statuses[i]!;
      return { customer, tenant, relation_type, status, is_primary: false, ...relationDates(faker, status, now), notes: faker.helpers.arrayElement(NOTES[relation_type]) };
    });
  });

  // At most one primary per customer: one of its active relations, for most customers that have one.
  const activeByCustomer = new Map<number, DemoTenantRelation[]>();
  for (const relation of relations) {
    if (relation.status === "active") activeByCustomer.set(relation.customer, [...(activeByCustomer.get(relation.customer) ?? []), relation]);
  }
  for (const customer of [...activeByCustomer.keys()].sort((a, b) => a - b)) {
    if (faker.datatype.boolean(0.8)) faker.helpers.arrayElement(activeByCustomer.get(customer)!).is_primary = true;
  }
  return relations;
}
