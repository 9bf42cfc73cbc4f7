import { CustomerRepository } from "@customer-hub/db";
import type { LegacyFollowUpCreateInput } from "@customer-hub/domain";

import { fieldError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { writeFollowUp } from "../follow-ups/write";

/** 201 with no body. The customer may have been deleted since the middleware's check: same 400. */
export async function createLegacyFollowUp({ ctx, input }: HandlerOptions<LegacyFollowUpCreateInput>): Promise<void> {
  const { customer_id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLive(customer_id);
  if (!customer) throw fieldError("customer_id", "customer_not_found");
  await writeFollowUp(ctx.em, customer, fields, ctx.principal.username);
}
