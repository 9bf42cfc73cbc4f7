import type { CustomerTenantRelation, TenantViewRow } from "@customer-hub/db";
import {
  TENANT_VIEW_DETAIL_FIELDS,
  TENANT_VIEW_LIST_FIELDS,
  type TenantViewCustomer,
  type TenantViewListItem,
} from "@customer-hub/domain";

import { toCustomer } from "../customers/serialize";
import { toRelationFields } from "../tenant-relations/serialize";

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}

/** A list row of seed 001: a few customer fields and the current tenant's relation. */
export function toTenantViewListItem(relation: TenantViewRow): TenantViewListItem {
  return { ...pick(toCustomer(relation.customer), TENANT_VIEW_LIST_FIELDS), relation: toRelationFields(relation) };
}

/** The detail of seed 001; financial fields only while the relation is active (CONTRACT §9). */
export function toTenantViewCustomer(relation: CustomerTenantRelation): TenantViewCustomer {
  const customer = pick(toCustomer(relation.customer), TENANT_VIEW_DETAIL_FIELDS);
  const hidden = relation.status === "active" ? {} : { bank_name: null, bank_account: null, credit_rating: null, payment_terms: null };
  return {
    ...customer,
    ...hidden,
    relation: { ...toRelationFields(relation), updated_at: relation.updated_at.toISOString() },
  };
}
