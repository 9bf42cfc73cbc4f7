import { CustomerRepository } from "@customer-hub/db";
import type { MessageKey } from "@customer-hub/domain";

import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";
import { assertLicenseFree } from "./write-fields";

/**
 * Soft delete: the row stays, hidden from every read (CONTRACT §5). `notFound` is the message of
 * an unknown id (the legacy API keeps its own).
 */
export async function deleteCustomer(
  { ctx, input }: HandlerOptions<{ id: number }>,
  notFoundMessage?: MessageKey,
): Promise<void> {
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(input.id, orNotFound(notFoundMessage));
  customer.deleted_at = new Date();
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
}

/** Brings a deleted customer back; a live one is answered as is. */
export async function restoreCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const customer = await new CustomerRepository(ctx.em).findAnyOrFail(input.id, orNotFound());
  if (customer.deleted_at) {
    // Its licence number may have been reused while it was deleted.
    await assertLicenseFree(ctx, customer.business_license_number, customer.id);
    customer.deleted_at = null;
    customer.updated_by = ctx.principal.username;
    await ctx.em.flush();
  }
  return toCustomer(customer);
}
