import { z } from "zod";

import {
  bodyBoolean,
  bodyIdSchema,
  filterOn,
  idSchema,
  isoDate,
  orderingQuery,
  pageSchema,
  paginationQuery,
  pathIdSchema,
  queryBoolean,
  recordIdSchema,
  timestamp,
} from "./common";
import { tenantRelationCreateExample, tenantRelationExample, tenantRelationListItemExample, tenantRelationUpdateExample } from "./examples";
import { customerSummarySchema } from "./customer";
import { tenantSummarySchema } from "./tenant";

export const RELATION_TYPES = ["service_provider", "partner", "client", "supplier", "strategic_partner", "other"] as const;
export const RELATION_STATUSES = ["active", "inactive", "terminated", "suspended", "expired"] as const;
export const relationType = z.enum(RELATION_TYPES);
export const relationStatus = z.enum(RELATION_STATUSES);
export type RelationType = z.infer<typeof relationType>;
export type RelationStatus = z.infer<typeof relationStatus>;

/** A list row (seed 002 §1). */
export const tenantRelationListItemSchema = z.object({
  id: recordIdSchema,
  customer: customerSummarySchema,
  tenant: tenantSummarySchema,
  relation_type: relationType,
  is_primary: z.boolean(),
  start_date: isoDate.nullable(),
  end_date: isoDate.nullable(),
  status: relationStatus,
  notes: z.string().nullable(),
  created_at: timestamp,
}).meta({ id: "TenantRelationListItem", examples: [tenantRelationListItemExample] });

/** The detail (seed 002 §2–§8): the list row plus audit fields. */
export const tenantRelationSchema = tenantRelationListItemSchema.extend({
  updated_at: timestamp,
  created_by: z.string().nullable(),
  updated_by: z.string().nullable(),
}).meta({ id: "TenantRelation", examples: [tenantRelationExample] });
export type TenantRelation = z.infer<typeof tenantRelationSchema>;
export type TenantRelationListItem = z.infer<typeof tenantRelationListItemSchema>;

const relationFields = {
  relation_type: relationType,
  is_primary: bodyBoolean
    .meta({ description: "Whether the tenant is the customer's primary tenant. Making it primary unmarks the customer's other relations." })
    .optional(),
  start_date: isoDate.nullable().optional(),
  end_date: isoDate.meta({ description: "Not before `start_date` (400 on `end_date` otherwise)." }).nullable().optional(),
  status: relationStatus,
  notes: z.string().trim().max(2000).nullable().optional(),
};

/** `start_date` after `end_date` is refused on `end_date` (CONTRACT §8). ISO dates compare as strings. */
function datesInOrder(value: { start_date?: string | null; end_date?: string | null }, ctx: z.RefinementCtx) {
  if (value.start_date && value.end_date && value.start_date > value.end_date) {
    ctx.addIssue({ code: "custom", path: ["end_date"], message: "end_before_start", params: { messageKey: "end_before_start" } });
  }
}

export const tenantRelationCreateInput = z
  .object({ customer_id: bodyIdSchema, tenant_id: bodyIdSchema, ...relationFields })
  .superRefine(datesInOrder)
  .meta({ id: "TenantRelationCreateInput", examples: [tenantRelationCreateExample] });
export type TenantRelationCreateInput = z.infer<typeof tenantRelationCreateInput>;

/** PUT: `relation_type` and `status` required; `customer_id` and `tenant_id` cannot change. */
export const tenantRelationUpdateInput = z
  .object({ id: pathIdSchema, ...relationFields })
  .superRefine(datesInOrder)
  .meta({ id: "TenantRelationUpdateInput", examples: [tenantRelationUpdateExample] });
export type TenantRelationUpdateInput = z.infer<typeof tenantRelationUpdateInput>;

export const TENANT_RELATION_ORDERING_FIELDS = ["id", "created_at", "updated_at", "start_date", "end_date"] as const;

export const tenantRelationListInput = paginationQuery.extend({
  customer_id: filterOn("customer.id", idSchema),
  tenant_id: filterOn("tenant.id", idSchema),
  is_primary: filterOn("is_primary", queryBoolean),
  relation_type: filterOn("relation_type", relationType),
  status: filterOn("status", relationStatus),
  ordering: orderingQuery(TENANT_RELATION_ORDERING_FIELDS).optional(),
});
export type TenantRelationListInput = z.infer<typeof tenantRelationListInput>;

export const tenantRelationPageSchema = pageSchema(tenantRelationListItemSchema, "TenantRelationPage", tenantRelationListItemExample);

export const betweenQuery = z.object({
  customer_id: idSchema.meta({ description: "Required. The customer's id." }),
  tenant_id: idSchema.meta({ description: "Required. The tenant's id." }),
});
export type BetweenQuery = z.infer<typeof betweenQuery>;
