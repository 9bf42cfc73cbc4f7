import type { Customer, FollowUpLog } from "@customer-hub/db";
import type { FollowUp } from "@customer-hub/domain";

export function toFollowUp(log: FollowUpLog, customer: Customer): FollowUp {
  return {
    id: log.id,
    customer: { id: customer.id, name: customer.name },
    title: log.title,
    time: log.time.toISOString(),
    principal: log.principal ?? null,
    content: log.content ?? null,
    next_time: log.next_time?.toISOString() ?? null,
    created_by: log.created_by ?? null,
    created_at: log.created_at.toISOString(),
  };
}
