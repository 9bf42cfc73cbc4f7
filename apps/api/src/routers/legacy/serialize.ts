import type { Customer, FollowUpLog } from "@customer-hub/db";
import type { CustomerWritableFields, LegacyCustomer, LegacyCustomerCreateInput, LegacyFollowUp } from "@customer-hub/domain";

import { LEGACY_BASE_PATH } from "../../paths";

export const legacyDetailPath = (id: number) => `${LEGACY_BASE_PATH}/detail/${id}/`;

/** Legacy names → customer columns: only `customer_type` (v1's `grade`) differs. */
export function toCustomerFields({ customer_type, ...sameNames }: LegacyCustomerCreateInput): CustomerWritableFields {
  return { ...sameNames, grade: customer_type };
}

/** `2023-06-15T09:30:00Z`, as the seed writes times (no zero milliseconds). */
const legacyTime = (date: Date) => date.toISOString().replace(".000Z", "Z");

export function toLegacyCustomer(customer: Customer): LegacyCustomer {
  return {
    id: String(customer.id),
    name: customer.name,
    landline: customer.landline ?? null,
    email: customer.email ?? null,
    mobile_phone: customer.mobile_phone ?? null,
    customer_type: customer.grade ?? null,
    company_details: customer.company_details ?? null,
    lead_source: customer.lead_source ?? null,
    address: customer.address ?? null,
    customer_industry: customer.customer_industry ?? null,
    follow_up_status: customer.follow_up_status ?? null,
    principal: customer.principal ?? null,
  };
}

export function toLegacyFollowUp(log: FollowUpLog, customer: Customer): LegacyFollowUp {
  return {
    title: log.title,
    time: legacyTime(log.time),
    principal: log.principal ?? null,
    customer: customer.name,
    content: log.content ?? null,
    next_time: log.next_time ? legacyTime(log.next_time) : null,
  };
}
