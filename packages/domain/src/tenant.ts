import { z } from "zod";

import { orderingQuery, pageSchema, paginationQuery, pathIdSchema, recordIdSchema, timestamp } from "./common";
import { tenantCreateExample, tenantExample, tenantSummaryExample, tenantUpdateExample } from "./examples";

export const tenantSchema = z.object({
  id: recordIdSchema,
  name: z.string(),
  code: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
}).meta({ id: "Tenant", examples: [tenantExample] });
export type Tenant = z.infer<typeof tenantSchema>;

/** The tenant as nested in a relation (seed 002). */
export const tenantSummarySchema = tenantSchema
  .pick({ id: true, name: true, code: true })
  .meta({ id: "TenantSummary", examples: [tenantSummaryExample] });
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

const tenantName = z.string().trim().min(1).max(200);
/** A lowercase slug, as `tenant_a` in seed 002. */
const tenantCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9_-]+$/);

export const tenantCreateInput = z
  .object({ name: tenantName, code: tenantCode })
  .meta({ id: "TenantCreateInput", examples: [tenantCreateExample] });
export type TenantCreateInput = z.infer<typeof tenantCreateInput>;

export const tenantUpdateInput = tenantCreateInput
  .extend({ id: pathIdSchema })
  .meta({ id: "TenantUpdateInput", examples: [tenantUpdateExample] });
export type TenantUpdateInput = z.infer<typeof tenantUpdateInput>;

export const tenantPatchInput = z
  .object({ id: pathIdSchema, name: tenantName.optional(), code: tenantCode.optional() })
  .meta({ id: "TenantPatchInput", examples: [{ name: "华东分公司（上海）" }] });
export type TenantPatchInput = z.infer<typeof tenantPatchInput>;

export const TENANT_ORDERING_FIELDS = ["id", "name", "code", "created_at", "updated_at"] as const;

export const tenantListInput = paginationQuery.extend({
  ordering: orderingQuery(TENANT_ORDERING_FIELDS).optional(),
});
export type TenantListInput = z.infer<typeof tenantListInput>;

export const tenantPageSchema = pageSchema(tenantSchema, "TenantPage", tenantExample);
