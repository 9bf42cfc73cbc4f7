import { z } from "zod";

import { idSchema, orderingQuery, pageSchema, paginationQuery, timestamp } from "./common";

export const tenantSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  code: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Tenant = z.infer<typeof tenantSchema>;

/** The tenant as nested in a relation (seed 002). */
export const tenantSummarySchema = tenantSchema.pick({ id: true, name: true, code: true });
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

const tenantName = z.string().trim().min(1).max(200);
/** A lowercase slug, as `tenant_a` in seed 002. */
const tenantCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9_-]+$/);

export const tenantCreateInput = z.object({ name: tenantName, code: tenantCode });
export type TenantCreateInput = z.infer<typeof tenantCreateInput>;

export const tenantUpdateInput = tenantCreateInput.extend({ id: idSchema });
export type TenantUpdateInput = z.infer<typeof tenantUpdateInput>;

export const tenantPatchInput = z.object({ id: idSchema, name: tenantName.optional(), code: tenantCode.optional() });
export type TenantPatchInput = z.infer<typeof tenantPatchInput>;

export const TENANT_ORDERING_FIELDS = ["id", "name", "code", "created_at", "updated_at"] as const;

export const tenantListInput = paginationQuery.extend({
  ordering: orderingQuery(TENANT_ORDERING_FIELDS).optional(),
});
export type TenantListInput = z.infer<typeof tenantListInput>;

export const tenantPageSchema = pageSchema(tenantSchema);
