import { z } from "zod";

import { filterOn, idSchema, isoDate } from "./common";
import { tenantRelationCreateExample, tenantRelationExample, tenantRelationListItemExample, tenantRelationUpdateExample } from "./examples";
import { primaryInput, RELATION_ORDERING_FIELDS, relationSchemas } from "./relation";
import { tenantSummarySchema } from "./tenant";

export const RELATION_TYPES = ["service_provider", "partner", "client", "supplier", "strategic_partner", "other"] as const;
export const RELATION_STATUSES = ["active", "inactive", "terminated", "suspended", "expired"] as const;
export const relationType = z.enum(RELATION_TYPES);
export const relationStatus = z.enum(RELATION_STATUSES);
export type RelationType = z.infer<typeof relationType>;
export type RelationStatus = z.infer<typeof relationStatus>;

export const TENANT_RELATION_ORDERING_FIELDS = [...RELATION_ORDERING_FIELDS, "start_date", "end_date"] as const;

/** `start_date` after `end_date` is refused on `end_date` (CONTRACT §8). ISO dates compare as strings. */
function datesInOrder(value: { start_date?: string | null; end_date?: string | null }, ctx: z.RefinementCtx) {
  if (value.start_date && value.end_date && value.start_date > value.end_date) {
    ctx.addIssue({ code: "custom", path: ["end_date"], message: "end_before_start", params: { messageKey: "end_before_start" } });
  }
}

/** Seed 002: list rows (§1), the detail (§2–§8), and PUT with `relation_type` and `status` required. */
export const tenantRelationSchemas = relationSchemas({
  party: "tenant",
  partySummary: tenantSummarySchema,
  name: "TenantRelation",
  examples: { listItem: tenantRelationListItemExample, detail: tenantRelationExample, create: tenantRelationCreateExample, update: tenantRelationUpdateExample },
  row: {
    relation_type: relationType,
    is_primary: z.boolean(),
    start_date: isoDate.nullable(),
    end_date: isoDate.nullable(),
    status: relationStatus,
  },
  fields: {
    relation_type: relationType,
    is_primary: primaryInput("the tenant is the customer's primary tenant"),
    start_date: isoDate.nullable().optional(),
    end_date: isoDate.meta({ description: "Not before `start_date` (400 on `end_date` otherwise)." }).nullable().optional(),
    status: relationStatus,
  },
  filters: { relation_type: filterOn("relation_type", relationType), status: filterOn("status", relationStatus) },
  orderingFields: TENANT_RELATION_ORDERING_FIELDS,
  refine: datesInOrder,
});

export type TenantRelation = z.infer<typeof tenantRelationSchema>;
export type TenantRelationListItem = z.infer<typeof tenantRelationListItemSchema>;
export type TenantRelationCreateInput = z.infer<typeof tenantRelationCreateInput>;
export type TenantRelationUpdateInput = z.infer<typeof tenantRelationUpdateInput>;
export type TenantRelationListInput = z.infer<typeof tenantRelationListInput>;

export const { listItem: tenantRelationListItemSchema, detail: tenantRelationSchema, page: tenantRelationPageSchema } = tenantRelationSchemas;
export const { create: tenantRelationCreateInput, update: tenantRelationUpdateInput, list: tenantRelationListInput } = tenantRelationSchemas;

export const betweenQuery = z.object({
  customer_id: idSchema.meta({ description: "Required. The customer's id." }),
  tenant_id: idSchema.meta({ description: "Required. The tenant's id." }),
});
export type BetweenQuery = z.infer<typeof betweenQuery>;
