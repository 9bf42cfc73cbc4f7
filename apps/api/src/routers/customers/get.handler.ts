import { CustomerRepository } from "@customer-hub/db";
import type { MessageKey } from "@customer-hub/domain";

import { notFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

/**
 * A live customer or 404: deleted customers are gone everywhere (CONTRACT §5). v1 says §2's
 * `资源不存在`; the legacy API keeps the `客户不存在` its clients know.
 */
export async function loadLiveCustomer(ctx: AuthedContext, id: number, message: MessageKey = "not_found") {
  const customer = await new CustomerRepository(ctx.em).findLive(id);
  if (!customer) throw notFound(message);
  return customer;
}

export async function getCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const row = await new CustomerRepository(ctx.em).readLive(input.id);
  if (!row) throw notFound();
  return toCustomer(row);
}
