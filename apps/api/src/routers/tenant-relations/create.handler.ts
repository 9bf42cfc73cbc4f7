import { CustomerTenantRelationSchema, TenantSchema } from "@customer-hub/db";
import type { TenantRelationCreateInput } from "@customer-hub/domain";

import { fieldError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { createRelation } from "../customer-relations/writes";
import { tenantRelationKind } from "./kind";

export function createTenantRelation({ ctx, input }: HandlerOptions<TenantRelationCreateInput>) {
  const isPrimary = input.is_primary ?? false;
  const target = { customerId: input.customer_id, partyId: input.tenant_id, isPrimary };
  return createRelation(ctx, tenantRelationKind, target, async (em, customer) => {
    const tenant = await em.findOne(TenantSchema, { id: input.tenant_id });
    if (!tenant) throw fieldError("tenant_id", "tenant_not_found");
    return em.create(CustomerTenantRelationSchema, {
      customer,
      tenant,
      relation_type: input.relation_type,
      is_primary: isPrimary,
      start_date: input.start_date ?? null,
      end_date: input.end_date ?? null,
      status: input.status,
      notes: input.notes ?? null,
      created_by: ctx.principal.username,
      updated_by: null,
    });
  });
}
