import type { CustomerMemberRelation } from "@customer-hub/db";
import { memberSummarySchema, type MemberRelation, type MemberRelationListItem } from "@customer-hub/domain";

import { serializeAs } from "../../lib/serialize";

/** A list row of seed 003 (no audit fields). */
export function toMemberRelationListItem(relation: CustomerMemberRelation): MemberRelationListItem {
  return {
    id: relation.id,
    customer: { id: relation.customer.id, name: relation.customer.name },
    member: serializeAs(memberSummarySchema, relation.member),
    role: relation.role,
    position: relation.position ?? null,
    is_primary: relation.is_primary,
    notes: relation.notes ?? null,
    created_at: relation.created_at.toISOString(),
  };
}

export function toMemberRelation(relation: CustomerMemberRelation): MemberRelation {
  return {
    ...toMemberRelationListItem(relation),
    updated_at: relation.updated_at.toISOString(),
    created_by: relation.created_by ?? null,
    updated_by: relation.updated_by ?? null,
  };
}
