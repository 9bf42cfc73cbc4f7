import { CustomerRepository } from "@customer-hub/db";

import type { HandlerOptions } from "../../trpc/types";

export function customerStatistics({ ctx }: HandlerOptions<void>) {
  return new CustomerRepository(ctx.em).statistics();
}
