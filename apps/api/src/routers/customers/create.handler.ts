import type { CustomerCreateInput } from "@customer-hub/domain";

import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";
import { assertLicenseFree, newCustomer } from "./write-fields";

export async function createCustomer({ ctx, input }: HandlerOptions<CustomerCreateInput>) {
  await assertLicenseFree(ctx, input.business_license_number);
  const customer = newCustomer(ctx.em, input, ctx.principal.username);
  await ctx.em.flush();
  return toCustomer(customer);
}
