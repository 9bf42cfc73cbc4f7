import type { TenantRelationUpdateInput } from "@customer-hub/domain";

import { fieldError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { changeRelation } from "../customer-relations/writes";
import { tenantRelationKind } from "./kind";

/**
 * PUT: `relation_type` and `status` required, other fields changed only when given; customer and
 * tenant never change. The dates are checked as they will be stored: a new start date against the
 * stored end date counts too.
 */
export function updateTenantRelation({ ctx, input }: HandlerOptions<TenantRelationUpdateInput>) {
  return changeRelation(ctx, tenantRelationKind, input.id, (relation) => {
    const startDate = input.start_date === undefined ? relation.start_date : input.start_date;
    const endDate = input.end_date === undefined ? relation.end_date : input.end_date;
    // ISO dates compare as strings.
    if (startDate && endDate && startDate > endDate) throw fieldError("end_date", "end_before_start");
    relation.relation_type = input.relation_type;
    relation.status = input.status;
    relation.start_date = startDate ?? null;
    relation.end_date = endDate ?? null;
    if (input.notes !== undefined) relation.notes = input.notes;
    if (input.is_primary === false) relation.is_primary = false;
    return { makePrimary: input.is_primary === true };
  });
}

export function setPrimaryTenantRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  return changeRelation(ctx, tenantRelationKind, input.id, () => ({ makePrimary: true }));
}
