import type { HandlerOptions } from "../../trpc/types";
import { deleteRelation } from "../customer-relations/writes";
import { tenantRelationKind } from "./kind";

export function deleteTenantRelation({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  return deleteRelation(ctx, tenantRelationKind, input.id);
}
