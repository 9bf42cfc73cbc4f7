import { CustomerRepository } from "@customer-hub/db";
import type { MessageKey } from "@customer-hub/domain";

import { notFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { loadLiveCustomer } from "./get.handler";
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
  const customer = await loadLiveCustomer(ctx, input.id, notFoundMessage);
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
    await ctx.em.flush();
  }
  return toCustomer(customer);
}
