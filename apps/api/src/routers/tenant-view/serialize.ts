import type { CustomerTenantRelation } from "@customer-hub/db";
import type { TenantViewCustomer, TenantViewListItem } from "@customer-hub/domain";

import { toRelationFields } from "../tenant-relations/serialize";

/** A list row of seed 001: a few customer fields and the current tenant's relation. */
export function toTenantViewListItem(relation: CustomerTenantRelation): TenantViewListItem {
  const customer = relation.customer;
  return {
    id: customer.id,
    name: customer.name,
    type: customer.type,
    value_level: customer.value_level,
    status: customer.status,
    primary_contact_name: customer.primary_contact_name ?? null,
    primary_contact_phone: customer.primary_contact_phone ?? null,
    industry_type: customer.industry_type ?? null,
    company_size: customer.company_size ?? null,
    relation: toRelationFields(relation),
    created_at: customer.created_at.toISOString(),
  };
}

/** The detail of seed 001; financial fields only while the relation is active (CONTRACT §9). */
export function toTenantViewCustomer(relation: CustomerTenantRelation): TenantViewCustomer {
  const customer = relation.customer;
  const row = toTenantViewListItem(relation);
  const active = relation.status === "active";
  return {
    ...row,
    business_license_number: customer.business_license_number ?? null,
    tax_identification_number: customer.tax_identification_number ?? null,
    registered_capital: customer.registered_capital ?? null,
    legal_representative: customer.legal_representative ?? null,
    registered_address: customer.registered_address ?? null,
    business_address: customer.business_address ?? null,
    business_scope: customer.business_scope ?? null,
    establishment_date: customer.establishment_date ?? null,
    website: customer.website ?? null,
    primary_contact_email: customer.primary_contact_email ?? null,
    bank_name: active ? (customer.bank_name ?? null) : null,
    bank_account: active ? (customer.bank_account ?? null) : null,
    credit_rating: active ? (customer.credit_rating ?? null) : null,
    payment_terms: active ? (customer.payment_terms ?? null) : null,
    special_requirements: customer.special_requirements ?? null,
    notes: customer.notes ?? null,
    source: customer.source ?? null,
    relation: { ...row.relation, updated_at: relation.updated_at.toISOString() },
    updated_at: customer.updated_at.toISOString(),
  };
}
