import type { MemberRelationListInput } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { getPrimaryRelation, getRelation, listRelations } from "../customer-relations/reads";
import { memberRelationKind } from "./kind";

export function listMemberRelations({ ctx, input }: HandlerOptions<MemberRelationListInput>) {
  return listRelations(ctx, memberRelationKind, input);
}

export function getMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  return getRelation(ctx, memberRelationKind, input.id);
}

export function getPrimaryMemberRelation({ ctx, input }: HandlerOptions<{ customer_id: number }>) {
  return getPrimaryRelation(ctx, memberRelationKind, input.customer_id);
}
