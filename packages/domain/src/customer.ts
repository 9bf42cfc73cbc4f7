import { z } from "zod";

import {
  bodyIdSchema,
  countsBy,
  countSchema,
  cursorPageSchema,
  cursorQuery,
  dateOrDateTime,
  fieldsQuery,
  filterOn,
  isoDate,
  orderingQuery,
  paginationQuery,
  pathIdSchema,
  recordIdSchema,
  searchTerm,
  timestamp,
} from "./common";
import {
  customerBulkCreateExample,
  customerBulkDeleteExample,
  customerBulkUpdateExample,
  customerCreateExample,
  customerExample,
  customerStatisticsExample,
  customerSummaryExample,
  customerUpdateExample,
} from "./examples";

export const CUSTOMER_TYPES = ["company", "individual", "government", "organization", "other"] as const;
export const VALUE_LEVELS = ["normal", "vip", "important", "svip"] as const;
export const CUSTOMER_STATUSES = ["active", "inactive", "potential", "suspended", "lost"] as const;
export const COMPANY_SIZES = ["micro", "small", "medium", "large", "enterprise"] as const;
export const GRADES = ["A", "B", "C", "D"] as const;
export const LEAD_SOURCES = [
  "direct_traffic",
  "organic_search",
  "paid_search",
  "social_media",
  "referral",
  "email",
  "event",
  "partner",
  "other",
] as const;
export const CUSTOMER_INDUSTRIES = [
  "finance",
  "information_technology",
  "manufacturing",
  "retail",
  "healthcare",
  "education",
  "real_estate",
  "logistics",
  "energy",
  "government",
  "other",
] as const;
export const FOLLOW_UP_STATUSES = [
  "new",
  "initial_contact",
  "needs_analysis",
  "proposal",
  "negotiation",
  "won",
  "lost",
] as const;

export const customerType = z.enum(CUSTOMER_TYPES);
export const valueLevel = z.enum(VALUE_LEVELS);
export const customerStatus = z.enum(CUSTOMER_STATUSES);

/** What a customer created without them gets (CONTRACT §5); the columns default to the same. */
export const CUSTOMER_DEFAULTS = { value_level: "normal", status: "active" } as const satisfies {
  value_level: z.infer<typeof valueLevel>;
  status: z.infer<typeof customerStatus>;
};
export const companySize = z.enum(COMPANY_SIZES);
export const grade = z.enum(GRADES);
export const leadSource = z.enum(LEAD_SOURCES);
export const customerIndustry = z.enum(CUSTOMER_INDUSTRIES);
export const followUpStatus = z.enum(FOLLOW_UP_STATUSES);

export type CustomerType = z.infer<typeof customerType>;
export type ValueLevel = z.infer<typeof valueLevel>;
export type CustomerStatus = z.infer<typeof customerStatus>;
export type CompanySize = z.infer<typeof companySize>;
export type Grade = z.infer<typeof grade>;
export type LeadSource = z.infer<typeof leadSource>;
export type CustomerIndustry = z.infer<typeof customerIndustry>;
export type FollowUpStatus = z.infer<typeof followUpStatus>;

/** Free text: trimmed, length-checked, `null` allowed (DRF CharField with null=True, blank=True). */
const text = (max?: number) =>
  (max === undefined ? z.string().trim() : z.string().trim().max(max)).nullable().optional();
/** An empty string means "no value" for typed optional fields such as emails and URLs. */
const emptyToNull = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal("").transform(() => null), schema]).nullable().optional();

export const CUSTOMER_NAME_MAX = 200;
const customerName = z.string().trim().min(1).max(CUSTOMER_NAME_MAX);

/** Every writable customer field but the two required ones; shared by create, PUT and PATCH. */
const customerOptionalFields = {
  value_level: valueLevel.optional(),
  status: customerStatus.optional(),
  // Blank is "none", not a value that a second customer would clash with.
  business_license_number: z
    .string()
    .trim()
    .max(50)
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .optional(),
  tax_identification_number: text(50),
  registered_capital: text(100),
  legal_representative: text(100),
  registered_address: text(255),
  business_address: text(255),
  business_scope: text(),
  industry_type: text(100),
  company_size: companySize.nullable().optional(),
  establishment_date: emptyToNull(isoDate),
  website: emptyToNull(z.url({ protocol: /^https?$/ }).max(200)),
  primary_contact_name: text(100),
  primary_contact_phone: text(50),
  primary_contact_email: emptyToNull(z.email().max(254)),
  bank_name: text(100),
  bank_account: text(50),
  credit_rating: text(20),
  payment_terms: text(100),
  special_requirements: text(),
  notes: text(),
  source: text(100),
  landline: text(50),
  mobile_phone: text(50),
  email: emptyToNull(z.email().max(254)),
  grade: grade.nullable().optional(),
  company_details: text(),
  lead_source: leadSource.nullable().optional(),
  address: text(255),
  customer_industry: customerIndustry.nullable().optional(),
  follow_up_status: followUpStatus.nullable().optional(),
  principal: text(100),
};

/** POST body. Unknown and read-only keys are stripped by zod, never stored. */
export const customerCreateInput = z
  .object({
    name: customerName,
    type: customerType,
    ...customerOptionalFields,
  })
  .meta({ id: "CustomerCreateInput", examples: [customerCreateExample] });
export type CustomerCreateInput = z.infer<typeof customerCreateInput>;

/** PUT: the required fields stay required; only the fields given change (DRF). */
export const customerUpdateInput = customerCreateInput
  .extend({ id: pathIdSchema })
  .meta({ id: "CustomerUpdateInput", examples: [customerUpdateExample] });
export type CustomerUpdateInput = z.infer<typeof customerUpdateInput>;

/** PATCH: every field optional. */
export const customerPatchInput = z
  .object({
    id: pathIdSchema,
    name: customerName.optional(),
    type: customerType.optional(),
    ...customerOptionalFields,
  })
  .meta({ id: "CustomerPatchInput", examples: [{ value_level: "svip", notes: "重点跟进" }] });
export type CustomerPatchInput = z.infer<typeof customerPatchInput>;

/** The writable fields of a customer, as any of the inputs carries them. */
export type CustomerWritableFields = Omit<CustomerPatchInput, "id">;

export const customerSchema = z.object({
  id: recordIdSchema,
  name: z.string(),
  type: customerType,
  value_level: valueLevel,
  status: customerStatus,
  business_license_number: z.string().nullable(),
  tax_identification_number: z.string().nullable(),
  registered_capital: z.string().nullable(),
  legal_representative: z.string().nullable(),
  registered_address: z.string().nullable(),
  business_address: z.string().nullable(),
  business_scope: z.string().nullable(),
  industry_type: z.string().nullable(),
  company_size: companySize.nullable(),
  establishment_date: isoDate.nullable(),
  website: z.string().nullable(),
  primary_contact_name: z.string().nullable(),
  primary_contact_phone: z.string().nullable(),
  primary_contact_email: z.string().nullable(),
  bank_name: z.string().nullable(),
  bank_account: z.string().nullable(),
  credit_rating: z.string().nullable(),
  payment_terms: z.string().nullable(),
  special_requirements: z.string().nullable(),
  notes: z.string().nullable(),
  source: z.string().nullable(),
  landline: z.string().nullable(),
  mobile_phone: z.string().nullable(),
  email: z.string().nullable(),
  grade: grade.nullable(),
  company_details: z.string().nullable(),
  lead_source: leadSource.nullable(),
  address: z.string().nullable(),
  customer_industry: customerIndustry.nullable(),
  follow_up_status: followUpStatus.nullable(),
  principal: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  created_by: z.string().nullable(),
  updated_by: z.string().nullable(),
}).meta({ id: "Customer", examples: [customerExample] });
export type Customer = z.infer<typeof customerSchema>;

/** Every property of a customer, in the schema's (and the answers') order: what `fields=` may name. */
export const CUSTOMER_FIELDS = Object.keys(customerSchema.shape) as ["id", ...(keyof Customer)[]];
export type CustomerField = keyof Customer;

/**
 * A customer in a list or search page: every property, or only those `fields=` names (`id`
 * always), so the typed client cannot assume the others are there.
 */
export const customerListItemSchema = customerSchema
  .partial()
  .required({ id: true })
  .meta({ id: "CustomerListItem", examples: [customerExample] });
export type CustomerListItem = z.infer<typeof customerListItemSchema>;

export const CUSTOMER_ORDERING_FIELDS = [
  "id",
  "name",
  "created_at",
  "updated_at",
  "value_level",
  "status",
  "type",
] as const;
export type CustomerOrderingField = (typeof CUSTOMER_ORDERING_FIELDS)[number];

export const customerFilters = z.object({
  type: filterOn("type", customerType),
  value_level: filterOn("value_level", valueLevel),
  status: filterOn("status", customerStatus),
  company_size: filterOn("company_size", companySize),
  industry_type: filterOn("industry_type", z.string().trim().min(1).max(100)),
  source: filterOn("source", z.string().trim().min(1).max(100)),
  grade: filterOn("grade", grade),
  lead_source: filterOn("lead_source", leadSource),
  customer_industry: filterOn("customer_industry", customerIndustry),
  follow_up_status: filterOn("follow_up_status", followUpStatus),
  created_after: dateOrDateTime
    .meta({ description: "Only customers created at or after this date (`YYYY-MM-DD`) or date-time (with offset)." })
    .optional(),
  created_before: dateOrDateTime
    .meta({ description: "Only customers created at or before this date (`YYYY-MM-DD`, the whole day) or date-time (with offset)." })
    .optional(),
});
export type CustomerFilters = z.infer<typeof customerFilters>;

export const customerListInput = paginationQuery.extend({
  ...customerFilters.shape,
  ordering: orderingQuery(CUSTOMER_ORDERING_FIELDS).optional(),
  /** Keyset pagination: `next_cursor` of the previous page; with the default ordering only. */
  cursor: cursorQuery.optional().meta({
    description:
      "Keyset pagination: the `next_cursor` of the previous page. Continues in the default order (`-created_at`) without OFFSET; with another `ordering` it is a 400.",
  }),
  fields: fieldsQuery(CUSTOMER_FIELDS).optional(),
});
export type CustomerListInput = z.infer<typeof customerListInput>;

export const customerSearchInput = customerListInput.extend({
  q: searchTerm.meta({
    description:
      "Required. Case-insensitive substring of the name, primary contact name or phone, business licence number, tax id, email or mobile phone.",
  }),
});
export type CustomerSearchInput = z.infer<typeof customerSearchInput>;

export const customerPageSchema = cursorPageSchema(customerListItemSchema, "CustomerPage", customerExample);

export const customerStatisticsSchema = z.object({
  total_count: countSchema,
  active_count: countSchema.meta({ description: "Customers whose `status` is `active`." }),
  inactive_count: countSchema.meta({ description: "Customers whose `status` is `inactive`." }),
  by_type: countsBy(customerType),
  by_value_level: countsBy(valueLevel),
  by_status: countsBy(customerStatus),
  by_company_size: countsBy(companySize),
  by_grade: countsBy(grade),
  by_follow_up_status: countsBy(followUpStatus),
  created_last_30_days: countSchema,
}).meta({ id: "CustomerStatistics", examples: [customerStatisticsExample] });
export type CustomerStatistics = z.infer<typeof customerStatisticsSchema>;

/** The fields a client may write, in one list: handlers copy exactly these, never a whole body. */
export const CUSTOMER_WRITABLE_FIELDS = Object.keys(customerPatchInput.shape).filter(
  (key): key is keyof CustomerWritableFields => key !== "id",
);

/** The customer as nested in a relation (seeds 002 and 003). */
export const customerSummarySchema = z
  .object({ id: recordIdSchema, name: z.string() })
  .meta({ id: "CustomerSummary", examples: [customerSummaryExample] });
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** Bulk requests carry 1–1000 items (CONTRACT §5); more is refused before anything is read. */
export const BULK_MAX_ITEMS = 1000;
const bulkList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(BULK_MAX_ITEMS);

export const customerBulkCreateInput = z
  .object({ customers: bulkList(customerCreateInput) })
  .meta({ id: "CustomerBulkCreateInput", examples: [customerBulkCreateExample] });
export type CustomerBulkCreateInput = z.infer<typeof customerBulkCreateInput>;

/** One item of bulk-update: PATCH semantics, the id in the body (a JSON number or digits, never coerced). */
export const customerBulkUpdateItem = customerPatchInput.extend({ id: bodyIdSchema }).meta({ id: "CustomerBulkUpdateItem" });
export const customerBulkUpdateInput = z
  .object({ customers: bulkList(customerBulkUpdateItem) })
  .meta({ id: "CustomerBulkUpdateInput", examples: [customerBulkUpdateExample] });
export type CustomerBulkUpdateInput = z.infer<typeof customerBulkUpdateInput>;

export const customerBulkDeleteInput = z
  .object({ ids: bulkList(bodyIdSchema) })
  .meta({ id: "CustomerBulkDeleteInput", examples: [customerBulkDeleteExample] });
export type CustomerBulkDeleteInput = z.infer<typeof customerBulkDeleteInput>;

export const customerBulkCreateResultSchema = z
  .object({ created: countSchema, results: z.array(customerSchema) })
  .meta({ id: "CustomerBulkCreateResult" });
export const customerBulkUpdateResultSchema = z
  .object({ updated: countSchema, results: z.array(customerSchema) })
  .meta({ id: "CustomerBulkUpdateResult" });
export const customerBulkDeleteResultSchema = z.object({ deleted: countSchema }).meta({ id: "CustomerBulkDeleteResult" });
export type CustomerBulkCreateResult = z.infer<typeof customerBulkCreateResultSchema>;
export type CustomerBulkUpdateResult = z.infer<typeof customerBulkUpdateResultSchema>;
export type CustomerBulkDeleteResult = z.infer<typeof customerBulkDeleteResultSchema>;
