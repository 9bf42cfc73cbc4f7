import type { CustomerBulkCreateInput, CustomerBulkCreateResult } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { licenseClashes, throwIfAny } from "./bulk-checks";
import { toCustomer } from "./serialize";
import { newCustomer } from "./write-fields";

/**
 * All or nothing, in the mutation's transaction: every item is checked before any is written, and
 * the rows go out in MikroORM's multi-row inserts, not one statement per customer.
 */
export async function bulkCreateCustomers({ ctx, input }: HandlerOptions<CustomerBulkCreateInput>): Promise<CustomerBulkCreateResult> {
  const licenses = input.customers.map((item) => ({ number: item.business_license_number, setByItem: true }));
  throwIfAny(await licenseClashes(ctx.em, "customers", licenses));

  const customers = input.customers.map((item) => newCustomer(ctx.em, item, ctx.principal.username));
  await ctx.em.flush();
  return { created: customers.length, results: customers.map(toCustomer) };
}
