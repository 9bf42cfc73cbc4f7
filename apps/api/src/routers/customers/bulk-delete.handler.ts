import { CustomerRepository } from "@customer-hub/db";
import type { CustomerBulkDeleteInput, CustomerBulkDeleteResult } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { idProblems, throwIfAny } from "./bulk-checks";

/** Soft delete of every listed customer, or of none: one locking read (ascending id) and one update. */
export async function bulkDeleteCustomers({ ctx, input }: HandlerOptions<CustomerBulkDeleteInput>): Promise<CustomerBulkDeleteResult> {
  const repository = new CustomerRepository(ctx.em);
  const live = await repository.liveIdsForUpdate([...new Set(input.ids)]);
  throwIfAny(idProblems(input.ids, live, (index) => `ids.${index}`));
  return { deleted: await repository.softDeleteMany(input.ids, ctx.principal.username) };
}
