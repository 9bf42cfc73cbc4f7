import { z } from "zod";

import { countSchema, countsBy, fieldsQuery, filterOn, orderingQuery, pageSchema, paginationQuery, searchTerm, timestamp } from "./common";
import {
  tenantViewCustomerDetailExample,
  tenantViewCustomerExample,
  tenantViewRelationExample,
  tenantViewStatisticsExample,
} from "./examples";
import { customerSchema, customerStatus, customerType, valueLevel } from "./customer";
import { relationStatus, relationType, tenantRelationListItemSchema } from "./tenant-relation";

/** The current tenant's relation, as nested in a tenant-view list row (seed 001 §1). */
export const tenantViewRelationSummarySchema = tenantRelationListItemSchema
  .omit({ customer: true, tenant: true })
  .meta({ id: "TenantViewRelation", examples: [tenantViewRelationExample] });
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

export const tenantViewListItemSchema = customerSchema
  .pick(LIST_FIELDS)
  .extend({ relation: tenantViewRelationSummarySchema })
  .meta({ id: "TenantViewCustomer", examples: [tenantViewCustomerExample] });
export type TenantViewListItem = z.infer<typeof tenantViewListItemSchema>;

/** What `fields=` may name in a tenant-view page: the list row's properties, `relation` included. */
export const TENANT_VIEW_LIST_FIELDS = Object.keys(tenantViewListItemSchema.shape) as ["id", ...(keyof TenantViewListItem)[]];
export type TenantViewListField = keyof TenantViewListItem;

/** A row of a tenant-view page: every property, or only those `fields=` names (`id` always). */
export const tenantViewPageItemSchema = tenantViewListItemSchema
  .partial()
  .required({ id: true })
  .meta({ id: "TenantViewListItem", examples: [tenantViewCustomerExample] });
export type TenantViewPageItem = z.infer<typeof tenantViewPageItemSchema>;

/**
 * The detail (seed 001 §2). `bank_name`, `bank_account`, `credit_rating` and `payment_terms` are
 * null unless the relation is active (CONTRACT §9).
 */
export const tenantViewCustomerSchema = customerSchema
  .pick(DETAIL_FIELDS)
  .extend({ relation: tenantViewRelationSummarySchema.extend({ updated_at: timestamp }) })
  .meta({ id: "TenantViewCustomerDetail", examples: [tenantViewCustomerDetailExample] });
export type TenantViewCustomer = z.infer<typeof tenantViewCustomerSchema>;

export const TENANT_VIEW_ORDERING_FIELDS = ["id", "name", "created_at", "value_level"] as const;
export type TenantViewOrderingField = (typeof TENANT_VIEW_ORDERING_FIELDS)[number];

export const tenantViewFilters = z.object({
  type: filterOn("type", customerType),
  value_level: filterOn("value_level", valueLevel),
  status: filterOn("status", customerStatus),
  relation_type: filterOn("relation.relation_type", relationType),
  relation_status: filterOn("relation.status", relationStatus),
});
export type TenantViewFilters = z.infer<typeof tenantViewFilters>;

export const tenantViewListInput = paginationQuery.extend({
  ...tenantViewFilters.shape,
  ordering: orderingQuery(TENANT_VIEW_ORDERING_FIELDS).optional(),
  fields: fieldsQuery(TENANT_VIEW_LIST_FIELDS).optional(),
});
export type TenantViewListInput = z.infer<typeof tenantViewListInput>;

export const tenantViewSearchInput = tenantViewListInput.extend({
  q: searchTerm.meta({
    description:
      "Required. Case-insensitive substring of the name, primary contact name or phone, business licence number, tax id, email or mobile phone.",
  }),
});
export type TenantViewSearchInput = z.infer<typeof tenantViewSearchInput>;

export const tenantViewPageSchema = pageSchema(tenantViewPageItemSchema, "TenantViewPage", tenantViewCustomerExample);

export const tenantViewStatisticsSchema = z.object({
  total_count: countSchema,
  active_count: countSchema.meta({ description: "Customers whose `status` is `active`." }),
  inactive_count: countSchema.meta({ description: "Customers whose `status` is `inactive`." }),
  by_type: countsBy(customerType),
  by_value_level: countsBy(valueLevel),
  by_relation_type: countsBy(relationType),
  by_relation_status: countsBy(relationStatus),
}).meta({ id: "TenantViewStatistics", examples: [tenantViewStatisticsExample] });
export type TenantViewStatistics = z.infer<typeof tenantViewStatisticsSchema>;
