import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

import { CustomerSchema } from "./customer.entity";

/**
 * A follow-up log entry of a customer (seed 004). It holds no copy of the customer's name: the
 * `customer` of a log item is read from the customer itself, so a rename shows everywhere.
 * Entries are never edited, hence no `updated_*`.
 */
export const FollowUpLogSchema = defineEntity({
  name: "FollowUpLog",
  tableName: "follow_up_log",
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: p.manyToOne(CustomerSchema).deleteRule("cascade"),
    title: p.string().length(200),
    time: p.datetime(),
    principal: p.string().length(100).nullable(),
    content: p.text().nullable(),
    next_time: p.datetime().nullable(),
    created_by: p.string().length(150).nullable(),
    created_at: p.datetime().onCreate(() => new Date()),
  },
  // A customer's log is read oldest first: an index range scan in that order.
  indexes: [{ name: "follow_up_log_customer_time_idx", properties: ["customer", "time", "id"] }],
});
export type FollowUpLog = InferEntity<typeof FollowUpLogSchema>;
