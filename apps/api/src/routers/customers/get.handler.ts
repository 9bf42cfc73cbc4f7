import { CustomerRepository } from "@customer-hub/db";

import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

export async function getCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  return toCustomer(await new CustomerRepository(ctx.em).readLiveOrFail(input.id, orNotFound()));
}
