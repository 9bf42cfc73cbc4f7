import type { MemberRelationUpdateInput } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { changeRelation } from "../customer-relations/writes";
import { memberRelationKind } from "./kind";

/** PUT: `role` required, other fields changed only when given; customer and member never change. */
export function updateMemberRelation({ ctx, input }: HandlerOptions<MemberRelationUpdateInput>) {
  return changeRelation(ctx, memberRelationKind, input.id, (relation) => {
    relation.role = input.role;
    if (input.position !== undefined) relation.position = input.position;
    if (input.notes !== undefined) relation.notes = input.notes;
    if (input.is_primary === false) relation.is_primary = false;
    return { makePrimary: input.is_primary === true };
  });
}

export function setPrimaryMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  return changeRelation(ctx, memberRelationKind, input.id, () => ({ makePrimary: true }));
}
