import { CustomerRepository } from "@customer-hub/db";
import type { CustomerBulkDeleteInput, CustomerBulkDeleteResult } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { idProblems, throwIfAny } from "./bulk-checks";

/** Soft delete of every listed customer, or of none: one locking read and one update. */
export async function bulkDeleteCustomers({ ctx, input }: HandlerOptions<CustomerBulkDeleteInput>): Promise<CustomerBulkDeleteResult> {
  return ctx.em.transactional(async (em) => {
    const repository = new CustomerRepository(em);
    const live = await repository.liveIdsForUpdate([...new Set(input.ids)]);
    throwIfAny(idProblems(input.ids, live, (index) => `ids.${index}`));
    return { deleted: await repository.softDeleteMany(input.ids, ctx.principal.username) };
  });
}
