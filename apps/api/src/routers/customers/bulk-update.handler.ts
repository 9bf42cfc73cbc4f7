import { CustomerRepository } from "@customer-hub/db";
import type { CustomerBulkUpdateInput, CustomerBulkUpdateResult } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { idProblems, licenseClashes, throwIfAny } from "./bulk-checks";
import { toCustomer } from "./serialize";
import { applyCustomerFields } from "./write-fields";

/**
 * PATCH semantics per item, all or nothing in the mutation's transaction. The customers are read
 * (and locked, in ascending id) in one statement and written back in MikroORM's batched updates.
 */
export async function bulkUpdateCustomers({ ctx, input }: HandlerOptions<CustomerBulkUpdateInput>): Promise<CustomerBulkUpdateResult> {
  const ids = input.customers.map((item) => item.id);
  const found = new Map((await new CustomerRepository(ctx.em).findLiveByIdsForUpdate([...new Set(ids)])).map((c) => [c.id, c]));
  const idErrors = idProblems(ids, new Set(found.keys()), (index) => `customers.${index}.id`);

  const licenses = input.customers.map((item) =>
    item.business_license_number !== undefined
      ? { number: item.business_license_number, setByItem: true }
      : { number: found.get(item.id)?.business_license_number, setByItem: false },
  );
  throwIfAny({ ...idErrors, ...(await licenseClashes(ctx.em, "customers", licenses, [...found.keys()])) });

  for (const { id, ...fields } of input.customers) {
    const customer = found.get(id)!;
    applyCustomerFields(customer, fields);
    customer.updated_by = ctx.principal.username;
  }
  await ctx.em.flush();
  return { updated: ids.length, results: ids.map((id) => toCustomer(found.get(id)!)) };
}
