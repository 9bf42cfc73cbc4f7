import { z } from "zod";

import { bodyIdSchema, paginationQuery, timestamp } from "./common";
import {
  legacyCustomerCreateExample,
  legacyCustomerExample,
  legacyCustomerUpdateExample,
  legacyFollowUpCreateExample,
  legacyFollowUpExample,
} from "./examples";
import { CUSTOMER_INDUSTRIES, FOLLOW_UP_STATUSES, GRADES, LEAD_SOURCES, customerCreateInput, customerIndustry, followUpStatus, grade, leadSource } from "./customer";
import { followUpFields } from "./follow-up";

/**
 * The legacy CRM API (seed 004, CONTRACT §10). Same customer rows as v1, under the legacy names:
 * `customer_type` is v1's `grade`; every other field has the column's own name.
 */
const v1 = customerCreateInput.shape;

const legacyCustomerFields = {
  name: v1.name,
  landline: v1.landline,
  email: v1.email,
  mobile_phone: v1.mobile_phone,
  customer_type: v1.grade,
  company_details: v1.company_details,
  lead_source: v1.lead_source,
  address: v1.address,
  customer_industry: v1.customer_industry,
  follow_up_status: v1.follow_up_status,
  principal: v1.principal,
};

/** POST customers/: `name` is required; the customer is always of type `company`. */
export const legacyCustomerCreateInput = z
  .object(legacyCustomerFields)
  .meta({ id: "LegacyCustomerCreateInput", examples: [legacyCustomerCreateExample] });
export type LegacyCustomerCreateInput = z.infer<typeof legacyCustomerCreateInput>;

/** PUT customers/update/: the id in the body; like a v1 PUT, `name` required and only given fields change. */
export const legacyCustomerUpdateInput = legacyCustomerCreateInput
  .extend({ id: bodyIdSchema })
  .meta({ id: "LegacyCustomerUpdateInput", examples: [legacyCustomerUpdateExample] });
export type LegacyCustomerUpdateInput = z.infer<typeof legacyCustomerUpdateInput>;

/** A search parameter: a value of the enum, or `all` (the same as leaving it out). */
const valueOrAll = <const T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z
    .enum(["all", ...values])
    .meta({ description: `Only customers whose \`${field}\` is this value; \`all\` or leaving it out does not filter.` })
    .optional();

export const legacyCustomerListInput = paginationQuery.extend({
  customer_type: valueOrAll("customer_type", GRADES),
  lead_source: valueOrAll("lead_source", LEAD_SOURCES),
  customer_industry: valueOrAll("customer_industry", CUSTOMER_INDUSTRIES),
  follow_up_status: valueOrAll("follow_up_status", FOLLOW_UP_STATUSES),
});
export type LegacyCustomerListInput = z.infer<typeof legacyCustomerListInput>;

/** POST follow-up/: `customer` (the customer's name) is read-only and ignored; `customer_id` decides. */
export const legacyFollowUpCreateInput = z
  .object({ customer_id: bodyIdSchema, ...followUpFields })
  .meta({ id: "LegacyFollowUpCreateInput", examples: [legacyFollowUpCreateExample] });
export type LegacyFollowUpCreateInput = z.infer<typeof legacyFollowUpCreateInput>;

/** A customer in the seed's shape: `id` is a string. */
export const legacyCustomerSchema = z.object({
  id: z.string().regex(/^\d+$/),
  name: z.string(),
  landline: z.string().nullable(),
  email: z.string().nullable(),
  mobile_phone: z.string().nullable(),
  customer_type: grade.nullable(),
  company_details: z.string().nullable(),
  lead_source: leadSource.nullable(),
  address: z.string().nullable(),
  customer_industry: customerIndustry.nullable(),
  follow_up_status: followUpStatus.nullable(),
  principal: z.string().nullable(),
}).meta({ id: "LegacyCustomer", examples: [legacyCustomerExample] });
export type LegacyCustomer = z.infer<typeof legacyCustomerSchema>;

/** A follow-up log entry as nested in the detail; `customer` is the customer's name. */
export const legacyFollowUpSchema = z.object({
  title: z.string(),
  time: timestamp,
  principal: z.string().nullable(),
  customer: z.string(),
  content: z.string().nullable(),
  next_time: timestamp.nullable(),
}).meta({ id: "LegacyFollowUp", examples: [legacyFollowUpExample] });
export type LegacyFollowUp = z.infer<typeof legacyFollowUpSchema>;

export const legacyCustomerDetailSchema = legacyCustomerSchema
  .extend({ follow_up_log: z.array(legacyFollowUpSchema) })
  .meta({ id: "LegacyCustomerDetail", examples: [{ ...legacyCustomerExample, follow_up_log: [legacyFollowUpExample] }] });
export type LegacyCustomerDetail = z.infer<typeof legacyCustomerDetailSchema>;

export const legacyCustomerListSchema = z.array(legacyCustomerSchema);
