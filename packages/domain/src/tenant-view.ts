import { z } from "zod";

import { countsBy, orderingQuery, pageSchema, paginationQuery, timestamp } from "./common";
import { customerSchema, customerStatus, customerType, valueLevel } from "./customer";
import { relationStatus, relationType, tenantRelationListItemSchema } from "./tenant-relation";

/** The current tenant's relation, as nested in a tenant-view list row (seed 001 §1). */
export const tenantViewRelationSummarySchema = tenantRelationListItemSchema.omit({ customer: true, tenant: true });
export type TenantViewRelationSummary = z.infer<typeof tenantViewRelationSummarySchema>;

/** The customer fields of a list row (seed 001 §1). */
const LIST_FIELDS = {
  id: true,
  name: true,
  type: true,
  value_level: true,
  status: true,
  primary_contact_name: true,
  primary_contact_phone: true,
  industry_type: true,
  company_size: true,
  created_at: true,
} as const;

/** The customer fields of the detail (seed 001 §2): no legacy or audit fields. */
const DETAIL_FIELDS = {
  ...LIST_FIELDS,
  business_license_number: true,
  tax_identification_number: true,
  registered_capital: true,
  legal_representative: true,
  registered_address: true,
  business_address: true,
  business_scope: true,
  establishment_date: true,
  website: true,
  primary_contact_email: true,
  bank_name: true,
  bank_account: true,
  credit_rating: true,
  payment_terms: true,
  special_requirements: true,
  notes: true,
  source: true,
  updated_at: true,
} as const;

export const TENANT_VIEW_LIST_FIELDS = Object.keys(LIST_FIELDS) as (keyof typeof LIST_FIELDS)[];
export const TENANT_VIEW_DETAIL_FIELDS = Object.keys(DETAIL_FIELDS) as (keyof typeof DETAIL_FIELDS)[];

export const tenantViewListItemSchema = customerSchema
  .pick(LIST_FIELDS)
  .extend({ relation: tenantViewRelationSummarySchema });
export type TenantViewListItem = z.infer<typeof tenantViewListItemSchema>;

/**
 * The detail (seed 001 §2). `bank_name`, `bank_account`, `credit_rating` and `payment_terms` are
 * null unless the relation is active (CONTRACT §9).
 */
export const tenantViewCustomerSchema = customerSchema
  .pick(DETAIL_FIELDS)
  .extend({ relation: tenantViewRelationSummarySchema.extend({ updated_at: timestamp }) });
export type TenantViewCustomer = z.infer<typeof tenantViewCustomerSchema>;

export const TENANT_VIEW_ORDERING_FIELDS = ["id", "name", "created_at", "value_level"] as const;
export type TenantViewOrderingField = (typeof TENANT_VIEW_ORDERING_FIELDS)[number];

export const tenantViewFilters = z.object({
  type: customerType.optional(),
  value_level: valueLevel.optional(),
  status: customerStatus.optional(),
  relation_type: relationType.optional(),
  relation_status: relationStatus.optional(),
});
export type TenantViewFilters = z.infer<typeof tenantViewFilters>;

export const tenantViewListInput = paginationQuery.extend({
  ...tenantViewFilters.shape,
  ordering: orderingQuery(TENANT_VIEW_ORDERING_FIELDS).optional(),
});
export type TenantViewListInput = z.infer<typeof tenantViewListInput>;

export const tenantViewSearchInput = tenantViewListInput.extend({ q: z.string().trim().min(1).max(200) });
export type TenantViewSearchInput = z.infer<typeof tenantViewSearchInput>;

export const tenantViewPageSchema = pageSchema(tenantViewListItemSchema);

export const tenantViewStatisticsSchema = z.object({
  total_count: z.number().int(),
  active_count: z.number().int(),
  inactive_count: z.number().int(),
  by_type: countsBy(customerType),
  by_value_level: countsBy(valueLevel),
  by_relation_type: countsBy(relationType),
  by_relation_status: countsBy(relationStatus),
});
export type TenantViewStatistics = z.infer<typeof tenantViewStatisticsSchema>;
