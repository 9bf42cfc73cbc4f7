import { CustomerSchema } from "@customer-hub/db";
import type { CustomerBulkCreateInput, CustomerBulkCreateResult } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { flushBatch, licenseClashes, throwIfAny } from "./bulk-checks";
import { toCustomer } from "./serialize";
import { applyCustomerFields } from "./write-fields";

/**
 * All or nothing, in one transaction: every item is checked before any is written, and the
 * rows go out in MikroORM's multi-row inserts, not one statement per customer.
 */
export async function bulkCreateCustomers({ ctx, input }: HandlerOptions<CustomerBulkCreateInput>): Promise<CustomerBulkCreateResult> {
  return ctx.em.transactional(async (em) => {
    const licenses = input.customers.map((item) => ({ number: item.business_license_number, setByItem: true }));
    throwIfAny(await licenseClashes(em, "customers", licenses));

    const customers = input.customers.map((item) => {
      const customer = em.create(CustomerSchema, {
        name: item.name,
        type: item.type,
        created_by: ctx.principal.username,
        updated_by: ctx.principal.username,
      });
      applyCustomerFields(customer, item);
      return customer;
    });
    await flushBatch(em, "customers");
    return { created: customers.length, results: customers.map(toCustomer) };
  });
}
