import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerRepository, FollowUpLogRepository, FollowUpLogSchema, type Customer, type FollowUpLog } from "@customer-hub/db";
import {
  followUpSchema,
  toInstant,
  type FollowUp,
  type FollowUpCreateInput,
  type followUpFields,
  type FollowUpListInput,
} from "@customer-hub/domain";
import type { z } from "zod";

import { pageWindow, toPage } from "../../lib/pagination";
import { serializeAs } from "../../lib/serialize";
import { orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";

export type FollowUpFields = z.infer<z.ZodObject<typeof followUpFields>>;

/** Writes one log entry of `customer`; shared by v1 and the legacy API. */
export async function writeFollowUp(
  em: EntityManager,
  customer: Customer,
  fields: FollowUpFields,
  username: string,
): Promise<FollowUpLog> {
  const log = em.create(FollowUpLogSchema, {
    customer,
    title: fields.title,
    time: toInstant(fields.time),
    principal: fields.principal ?? null,
    content: fields.content ?? null,
    next_time: fields.next_time ? toInstant(fields.next_time) : null,
    created_by: username,
  });
  await em.flush();
  return log;
}

/** A live customer's log, oldest first by time (paginated as every list, CONTRACT §3). */
export async function listFollowUps({ ctx, input }: HandlerOptions<FollowUpListInput>) {
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(input.id, orNotFound());
  const { items, total } = await new FollowUpLogRepository(ctx.em).findPage(customer.id, pageWindow(input));
  // Each log's `customer` is the entity loaded above (one identity map), so its name is at hand.
  return toPage(ctx, input, total, items.map((log) => serializeAs(followUpSchema, log)));
}

export async function createFollowUp({ ctx, input }: HandlerOptions<FollowUpCreateInput>): Promise<FollowUp> {
  const { id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(id, orNotFound());
  return serializeAs(followUpSchema, await writeFollowUp(ctx.em, customer, fields, ctx.principal.username));
}
