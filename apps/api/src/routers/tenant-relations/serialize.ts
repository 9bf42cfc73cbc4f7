import type { CustomerTenantRelation } from "@customer-hub/db";
import { tenantSummarySchema, type TenantRelation, type TenantRelationListItem, type TenantViewRelationSummary } from "@customer-hub/domain";

import { serializeAs } from "../../lib/serialize";

/** The relation's own fields, as the tenant view nests them under `relation` (seed 001); entity or plain row. */
export function toRelationFields(
  relation: Pick<CustomerTenantRelation, "id" | "relation_type" | "is_primary" | "start_date" | "end_date" | "status" | "notes" | "created_at">,
): TenantViewRelationSummary {
  return {
    id: relation.id,
    relation_type: relation.relation_type,
    is_primary: relation.is_primary,
    start_date: relation.start_date ?? null,
    end_date: relation.end_date ?? null,
    status: relation.status,
    notes: relation.notes ?? null,
    created_at: relation.created_at.toISOString(),
  };
}

/** A list row of seed 002 (no audit fields). */
export function toTenantRelationListItem(relation: CustomerTenantRelation): TenantRelationListItem {
  return {
    ...toRelationFields(relation),
    customer: { id: relation.customer.id, name: relation.customer.name },
    tenant: serializeAs(tenantSummarySchema, relation.tenant),
  };
}

export function toTenantRelation(relation: CustomerTenantRelation): TenantRelation {
  return {
    ...toTenantRelationListItem(relation),
    updated_at: relation.updated_at.toISOString(),
    created_by: relation.created_by ?? null,
    updated_by: relation.updated_by ?? null,
  };
}
