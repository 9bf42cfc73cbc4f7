import { CustomerSchema } from "@customer-hub/db";
import type { CustomerCreateInput } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";
import { applyCustomerFields, assertLicenseFree, flushCustomer } from "./write-fields";

export async function createCustomer({ ctx, input }: HandlerOptions<CustomerCreateInput>) {
  await assertLicenseFree(ctx, input.business_license_number);
  const customer = ctx.em.create(CustomerSchema, {
    name: input.name,
    type: input.type,
    created_by: ctx.principal.username,
    updated_by: ctx.principal.username,
  });
  applyCustomerFields(customer, input);
  await flushCustomer(ctx);
  return toCustomer(customer);
}
