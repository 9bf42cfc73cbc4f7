import { CustomerRepository, FollowUpLogRepository } from "@customer-hub/db";
import type { FollowUp, FollowUpCreateInput, FollowUpListInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toFollowUp } from "./serialize";
import { writeFollowUp } from "./write";

/** A live customer's log, oldest first by time (paginated as every list, CONTRACT §3). */
export async function listFollowUps({ ctx, input }: HandlerOptions<FollowUpListInput>) {
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(input.id, orNotFound());
  const { items, total } = await new FollowUpLogRepository(ctx.em).findPage(customer.id, pageWindow(input));
  return toPage(ctx, input, total, items.map((log) => toFollowUp(log, customer)));
}

export async function createFollowUp({ ctx, input }: HandlerOptions<FollowUpCreateInput>): Promise<FollowUp> {
  const { id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(id, orNotFound());
  return toFollowUp(await writeFollowUp(ctx.em, customer, fields, ctx.principal.username), customer);
}
