import { RELATION_STATUSES, RELATION_TYPES, type RelationStatus, type RelationType } from "@customer-hub/domain";

import { createRng, DAY, between, isoDay, pick, shuffle, spread, type Rng } from "./seed-random";

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

/**
 * Dates in order: a start between three years and two months ago; ended relations end in the
 * past, current ones in the future or not at all.
 */
function relationDates(rng: Rng, status: RelationStatus, now: Date) {
  const start = now.getTime() - between(rng, 60, 1100) * DAY;
  const ended = status === "terminated" || status === "expired";
  if (ended) return { start_date: isoDay(new Date(start)), end_date: isoDay(new Date(between(rng, start + 30 * DAY, now.getTime() - DAY))) };
  const end = rng() < 0.5 ? null : Math.max(start + between(rng, 365, 1095) * DAY, now.getTime() + between(rng, 30, 365) * DAY);
  return { start_date: isoDay(new Date(start)), end_date: end === null ? null : isoDay(new Date(end)) };
}

export function demoTenantRelations(customerCount: number, now: Date = new Date(), seed = 20250706): DemoTenantRelation[] {
  const rng = createRng(seed);
  const order = shuffle(rng, Array.from({ length: customerCount }, (_, i) => i));
  const bStart = TENANT_RELATION_COUNTS.tenant_a - OVERLAP;
  const customersOf = {
    tenant_a: order.slice(0, TENANT_RELATION_COUNTS.tenant_a),
    tenant_b: order.slice(bStart, bStart + TENANT_RELATION_COUNTS.tenant_b),
  };

  const relations: DemoTenantRelation[] = [];
  for (const [tenant, customers] of Object.entries(customersOf)) {
    // Every type and status at least once per tenant, so each tenant view's filters all find something.
    const types = spread(rng, RELATION_TYPES, TYPE_WEIGHTS, customers.length);
    const statuses = spread(rng, RELATION_STATUSES, STATUS_WEIGHTS, customers.length);
    [...customers].sort((a, b) => a - b).forEach((customer, i) => {
      const relation_type = types[i]!;
      const status = statuses[i]!;
      relations.push({ customer, tenant, relation_type, status, is_primary: false, ...relationDates(rng, status, now), notes: pick(rng, NOTES[relation_type]) });
    });
  }

  // At most one primary per customer: one of its active relations, for most customers that have one.
  const activeByCustomer = new Map<number, DemoTenantRelation[]>();
  for (const relation of relations) {
    if (relation.status !== "active") continue;
    activeByCustomer.set(relation.customer, [...(activeByCustomer.get(relation.customer) ?? []), relation]);
  }
  for (const customer of [...activeByCustomer.keys()].sort((a, b) => a - b)) {
    if (rng() < 0.8) pick(rng, activeByCustomer.get(customer)!).is_primary = true;
  }
  return relations;
}
