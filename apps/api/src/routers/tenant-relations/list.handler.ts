import { TenantRelationRepository } from "@customer-hub/db";
import type { BetweenQuery, TenantRelationListInput } from "@customer-hub/domain";

import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { getPrimaryRelation, getRelation, listRelations } from "../customer-relations/reads";
import { tenantRelationKind } from "./kind";
import { toTenantRelation } from "./serialize";

export function listTenantRelations({ ctx, input }: HandlerOptions<TenantRelationListInput>) {
  return listRelations(ctx, tenantRelationKind, input);
}

export function getTenantRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  return getRelation(ctx, tenantRelationKind, input.id);
}

export function getPrimaryTenantRelation({ ctx, input }: HandlerOptions<{ customer_id: number }>) {
  return getPrimaryRelation(ctx, tenantRelationKind, input.customer_id);
}

export async function getTenantRelationBetween({ ctx, input }: HandlerOptions<BetweenQuery>) {
  const between = orNotFound("between_relation_not_found");
  const relation = await new TenantRelationRepository(ctx.em).findBetween(input.customer_id, input.tenant_id, between);
  return toTenantRelation(relation);
}
