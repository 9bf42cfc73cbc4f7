import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import {
  COMPANY_SIZES,
  CUSTOMER_DEFAULTS,
  CUSTOMER_INDUSTRIES,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  FOLLOW_UP_STATUSES,
  GRADES,
  LEAD_SOURCES,
  VALUE_LEVELS,
} from "@customer-hub/domain";

import { timestamps } from "./timestamps";

const SEARCH_COLUMNS = [
  "name",
  "primary_contact_name",
  "primary_contact_phone",
  "business_license_number",
  "tax_identification_number",
  "email",
  "mobile_phone",
];

/**
 * The columns the search box looks in, joined (with chr(31) between them, so a match cannot span
 * two) into one expression that one trigram index serves. Written with a table alias for joins.
 */
export function customerSearchDocument(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}."${name}"` : `"${name}"`);
  return `(${SEARCH_COLUMNS.map((name) => `coalesce(${column(name)}, '')`).join(" || chr(31) || ")})`;
}
export const CUSTOMER_SEARCH_DOCUMENT = customerSearchDocument();

export const CustomerSchema = defineEntity({
  name: "Customer",
  tableName: "customer",
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    type: p.enum([...CUSTOMER_TYPES]),
    value_level: p.enum([...VALUE_LEVELS]).default(CUSTOMER_DEFAULTS.value_level),
    status: p.enum([...CUSTOMER_STATUSES]).default(CUSTOMER_DEFAULTS.status),
    business_license_number: p.string().length(50).nullable(),
    tax_identification_number: p.string().length(50).nullable(),
    registered_capital: p.string().length(100).nullable(),
    legal_representative: p.string().length(100).nullable(),
    registered_address: p.string().length(255).nullable(),
    business_address: p.string().length(255).nullable(),
    business_scope: p.text().nullable(),
    industry_type: p.string().length(100).nullable(),
    company_size: p.enum([...COMPANY_SIZES]).nullable(),
    establishment_date: p.date().nullable(),
    website: p.string().length(200).nullable(),
    primary_contact_name: p.string().length(100).nullable(),
    primary_contact_phone: p.string().length(50).nullable(),
    primary_contact_email: p.string().length(254).nullable(),
    bank_name: p.string().length(100).nullable(),
    bank_account: p.string().length(50).nullable(),
    credit_rating: p.string().length(20).nullable(),
    payment_terms: p.string().length(100).nullable(),
    special_requirements: p.text().nullable(),
    notes: p.text().nullable(),
    source: p.string().length(100).nullable(),
    // Fields of the legacy CRM (seed 004), kept on the same row.
    landline: p.string().length(50).nullable(),
    mobile_phone: p.string().length(50).nullable(),
    email: p.string().length(254).nullable(),
    grade: p.enum([...GRADES]).nullable(),
    company_details: p.text().nullable(),
    lead_source: p.enum([...LEAD_SOURCES]).nullable(),
    address: p.string().length(255).nullable(),
    customer_industry: p.enum([...CUSTOMER_INDUSTRIES]).nullable(),
    follow_up_status: p.enum([...FOLLOW_UP_STATUSES]).nullable(),
    principal: p.string().length(100).nullable(),
    created_by: p.string().length(150).nullable(),
    updated_by: p.string().length(150).nullable(),
    // Soft delete: a set value hides the row everywhere.
    deleted_at: p.datetime().nullable(),
    ...timestamps,
  },
  indexes: [
    {
      // The default order (-created_at, -id) over live rows: a page is an index range scan.
      name: "customer_live_created_at_id_idx",
      expression:
        'create index "customer_live_created_at_id_idx" on "customer" ("created_at", "id") where "deleted_at" is null',
    },
    {
      name: "customer_live_search_trgm_idx",
      expression: `create index "customer_live_search_trgm_idx" on "customer" using gin (${CUSTOMER_SEARCH_DOCUMENT} gin_trgm_ops) where "deleted_at" is null`,
    },
    {
      // 1–2 character terms yield no trigram; this indexes every 1- and 2-character substring
      // (customer_search_grams, Migration20261201213000), queried with `@>`.
      name: "customer_live_search_grams_idx",
      expression: `create index "customer_live_search_grams_idx" on "customer" using gin (customer_search_grams(${CUSTOMER_SEARCH_DOCUMENT})) where "deleted_at" is null`,
    },
    {
      name: "customer_live_status_idx",
      expression:
        'create index "customer_live_status_idx" on "customer" ("status") where "deleted_at" is null',
    },
  ],
  uniques: [
    {
      // Unique among live customers only: a deleted customer's licence can be reused.
      name: "customer_live_business_license_number_unique",
      expression:
        'create unique index "customer_live_business_license_number_unique" on "customer" ("business_license_number") where "deleted_at" is null',
    },
  ],
});
export type Customer = InferEntity<typeof CustomerSchema>;

/** Every column of `customer`, in the entity's order (its properties are named as its columns). */
export const CUSTOMER_COLUMNS: readonly string[] = Object.keys(CustomerSchema.meta.properties);

/**
 * The columns listed for prepared statements: one that says `c.*` is refused by PostgreSQL once
 * a migration adds a column while a server keeps it ("cached plan must not change result type"),
 * as in a rolling deploy.
 */
export function customerColumns(alias: string): string {
  return CUSTOMER_COLUMNS.map((column) => `${alias}.${column}`).join(", ");
}
