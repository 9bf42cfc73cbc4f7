import { CustomerRepository } from "@customer-hub/db";

import { notFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

/** A live customer or 404: deleted customers are gone everywhere (CONTRACT §5). */
export async function loadLiveCustomer(ctx: AuthedContext, id: number) {
  const customer = await new CustomerRepository(ctx.em).findLive(id);
  if (!customer) throw notFound("customer_not_found");
  return customer;
}

export async function getCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const row = await new CustomerRepository(ctx.em).readLive(input.id);
  if (!row) throw notFound("customer_not_found");
  return toCustomer(row);
}
