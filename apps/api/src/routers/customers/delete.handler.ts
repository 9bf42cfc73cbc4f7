import { CustomerRepository } from "@customer-hub/db";

import { notFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { loadLiveCustomer } from "./get.handler";
import { toCustomer } from "./serialize";
import { assertLicenseFree, flushCustomer } from "./write-fields";

/** Soft delete: the row stays, hidden from every read (CONTRACT §5). */
export async function deleteCustomer({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  const customer = await loadLiveCustomer(ctx, input.id);
  customer.deleted_at = new Date();
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
}

/** Brings a deleted customer back; a live one is answered as is. */
export async function restoreCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const customer = await new CustomerRepository(ctx.em).findAny(input.id);
  if (!customer) throw notFound();
  if (customer.deleted_at) {
    // Its licence number may have been reused while it was deleted.
    await assertLicenseFree(ctx, customer.business_license_number, customer.id);
    customer.deleted_at = null;
    customer.updated_by = ctx.principal.username;
    await flushCustomer(ctx);
  }
  return toCustomer(customer);
}
