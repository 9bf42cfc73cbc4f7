import type { HandlerOptions } from "../../trpc/types";
import { deleteRelation } from "../customer-relations/writes";
import { memberRelationKind } from "./kind";

export function deleteMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  return deleteRelation(ctx, memberRelationKind, input.id);
}
