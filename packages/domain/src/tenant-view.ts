import { z } from "zod";

import { isoDate, orderingQuery, pageSchema, paginationQuery, timestamp } from "./common";
import { companySize, customerStatus, customerType, valueLevel } from "./customer";
import { relationStatus, relationType, tenantRelationListItemSchema } from "./tenant-relation";

/** The current tenant's relation, as nested in a tenant-view list row (seed 001 §1). */
export const tenantViewRelationSummarySchema = tenantRelationListItemSchema.omit({ customer: true, tenant: true });
export type TenantViewRelationSummary = z.infer<typeof tenantViewRelationSummarySchema>;

export const tenantViewListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: customerType,
  value_level: valueLevel,
  status: customerStatus,
  primary_contact_name: z.string().nullable(),
  primary_contact_phone: z.string().nullable(),
  industry_type: z.string().nullable(),
  company_size: companySize.nullable(),
  relation: tenantViewRelationSummarySchema,
  created_at: timestamp,
});
export type TenantViewListItem = z.infer<typeof tenantViewListItemSchema>;

/**
 * The detail (seed 001 §2). `bank_name`, `bank_account`, `credit_rating` and `payment_terms` are
 * null unless the relation is active (CONTRACT §9).
 */
export const tenantViewCustomerSchema = tenantViewListItemSchema.extend({
  business_license_number: z.string().nullable(),
  tax_identification_number: z.string().nullable(),
  registered_capital: z.string().nullable(),
  legal_representative: z.string().nullable(),
  registered_address: z.string().nullable(),
  business_address: z.string().nullable(),
  business_scope: z.string().nullable(),
  establishment_date: isoDate.nullable(),
  website: z.string().nullable(),
  primary_contact_email: z.string().nullable(),
  bank_name: z.string().nullable(),
  bank_account: z.string().nullable(),
  credit_rating: z.string().nullable(),
  payment_terms: z.string().nullable(),
  special_requirements: z.string().nullable(),
  notes: z.string().nullable(),
  source: z.string().nullable(),
  relation: tenantViewRelationSummarySchema.extend({ updated_at: timestamp }),
  updated_at: timestamp,
});
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

const countsBy = <T extends z.ZodEnum>(values: T) => z.partialRecord(values, z.number().int());

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
