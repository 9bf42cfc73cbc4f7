import { CustomerRepository, CustomerSchema, FollowUpLogRepository, type Customer, type FollowUpLog } from "@customer-hub/db";
import type {
  CustomerWritableFields,
  LegacyCustomer,
  LegacyCustomerCreateInput,
  LegacyCustomerDetail,
  LegacyCustomerListInput,
  LegacyCustomerUpdateInput,
  LegacyFollowUp,
  LegacyFollowUpCreateInput,
} from "@customer-hub/domain";

import { pageWindow, totalPagesOrThrow } from "../../lib/pagination";
import { fieldError, orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { applyCustomerFields } from "../customers/handlers";
import { writeFollowUp } from "../follow-ups/handlers";

/** Legacy names → customer columns: only `customer_type` (v1's `grade`) differs. */
function toCustomerFields({ customer_type, ...sameNames }: LegacyCustomerCreateInput): CustomerWritableFields {
  return { ...sameNames, grade: customer_type };
}

/** `2023-06-15T09:30:00Z`, as the seed writes times (no zero milliseconds). */
const legacyTime = (date: Date) => date.toISOString().replace(".000Z", "Z");

// Seed 004's own shapes: `id` a string, `customer_type` for `grade`, times without milliseconds.
function toLegacyCustomer(customer: Customer): LegacyCustomer {
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

function toLegacyFollowUp(log: FollowUpLog, customer: Customer): LegacyFollowUp {
  return {
    title: log.title,
    time: legacyTime(log.time),
    principal: log.principal ?? null,
    customer: customer.name,
    content: log.content ?? null,
    next_time: log.next_time ? legacyTime(log.next_time) : null,
  };
}

/**
 * 201 with no body; the new customer's address in `Location`, from `detailPath` (the router's, so
 * no handler spells a REST path). Legacy customers are companies.
 */
export async function createLegacyCustomer(
  { ctx, input }: HandlerOptions<LegacyCustomerCreateInput>,
  detailPath: (id: number) => string,
): Promise<void> {
  const customer = ctx.em.create(CustomerSchema, {
    name: input.name,
    type: "company",
    created_by: ctx.principal.username,
    updated_by: ctx.principal.username,
  });
  applyCustomerFields(customer, toCustomerFields(input));
  await ctx.em.flush();
  ctx.responseHeaders.Location = detailPath(customer.id);
}

/** `all` is the same as leaving a parameter out (seed 004 §2). */
const unlessAll = <T extends string>(value: T | "all" | undefined): T | undefined => (value === "all" ? undefined : value);

/** A bare JSON array, newest first; the total travels in `X-Total-Count`. */
export async function listLegacyCustomers({ ctx, input }: HandlerOptions<LegacyCustomerListInput>): Promise<LegacyCustomer[]> {
  const { items, total } = await new CustomerRepository(ctx.em).findPage({
    filters: {
      grade: unlessAll(input.customer_type),
      lead_source: unlessAll(input.lead_source),
      customer_industry: unlessAll(input.customer_industry),
      follow_up_status: unlessAll(input.follow_up_status),
    },
    ordering: [{ field: "created_at", desc: true }],
    page: pageWindow(input),
  });
  totalPagesOrThrow(input, total);
  ctx.responseHeaders["X-Total-Count"] = String(total);
  return items.map(toLegacyCustomer);
}

export async function getLegacyCustomer({ ctx, input }: HandlerOptions<{ id: number }>): Promise<LegacyCustomerDetail> {
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(input.id, orNotFound("customer_not_found"));
  const logs = await new FollowUpLogRepository(ctx.em).findAll(customer.id);
  return { ...toLegacyCustomer(customer), follow_up_log: logs.map((log) => toLegacyFollowUp(log, customer)) };
}

/** The id comes in the body; like a v1 PUT, only the fields given change. 201 with no body (seed 004 §5). */
export async function updateLegacyCustomer({ ctx, input }: HandlerOptions<LegacyCustomerUpdateInput>): Promise<void> {
  const { id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(id, orNotFound("customer_not_found"));
  applyCustomerFields(customer, toCustomerFields(fields));
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
}

/** 201 with no body. The customer may have been deleted since the middleware's check: same 400. */
export async function createLegacyFollowUp({ ctx, input }: HandlerOptions<LegacyFollowUpCreateInput>): Promise<void> {
  const { customer_id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLive(customer_id);
  if (!customer) throw fieldError("customer_id", "customer_not_found");
  await writeFollowUp(ctx.em, customer, fields, ctx.principal.username);
}
