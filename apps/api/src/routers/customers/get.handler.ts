import { CustomerRepository } from "@customer-hub/db";

import { notFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

export async function getCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const row = await new CustomerRepository(ctx.em).readLive(input.id);
  if (!row) throw notFound();
  return toCustomer(row);
}
