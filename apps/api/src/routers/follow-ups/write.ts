import type { EntityManager } from "@mikro-orm/postgresql";
import { FollowUpLogSchema, type Customer, type FollowUpLog } from "@customer-hub/db";
import { toInstant, type followUpFields } from "@customer-hub/domain";
import type { z } from "zod";

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
