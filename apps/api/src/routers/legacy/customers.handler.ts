import { CustomerRepository, CustomerSchema, FollowUpLogRepository } from "@customer-hub/db";
import type {
  LegacyCustomer,
  LegacyCustomerCreateInput,
  LegacyCustomerDetail,
  LegacyCustomerListInput,
  LegacyCustomerUpdateInput,
} from "@customer-hub/domain";

import { pageWindow, totalPagesOrThrow } from "../../lib/pagination";
import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { applyCustomerFields } from "../customers/write-fields";
import { legacyDetailPath, toCustomerFields, toLegacyCustomer, toLegacyFollowUp } from "./serialize";

/** 201 with no body; the new customer's address in `Location`. Legacy customers are companies. */
export async function createLegacyCustomer({ ctx, input }: HandlerOptions<LegacyCustomerCreateInput>): Promise<void> {
  const customer = ctx.em.create(CustomerSchema, {
    name: input.name,
    type: "company",
    created_by: ctx.principal.username,
    updated_by: ctx.principal.username,
  });
  applyCustomerFields(customer, toCustomerFields(input));
  await ctx.em.flush();
  ctx.responseHeaders.Location = legacyDetailPath(customer.id);
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
