import { CustomerRepository } from "@customer-hub/db";
import type { CustomerPatchInput, CustomerUpdateInput } from "@customer-hub/domain";

import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";
import { applyCustomerFields, assertLicenseFree } from "./write-fields";

/** PUT and PATCH: the schemas differ in what is required; both change only the fields given. */
export async function updateCustomer({ ctx, input }: HandlerOptions<CustomerUpdateInput | CustomerPatchInput>) {
  const { id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(id, orNotFound());
  await assertLicenseFree(ctx, fields.business_license_number, id);
  applyCustomerFields(customer, fields);
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
  return toCustomer(customer);
}
