import type { EntityManager } from "@mikro-orm/postgresql";

import { FollowUpLogSchema, type FollowUpLog } from "../entities/follow-up-log.entity";
import type { PageRequest } from "./customer.repository";

// Oldest first by the time the contact happened (CONTRACT §13); `id` keeps equal times stable.
const OLDEST_FIRST = [{ time: "asc" }, { id: "asc" }] as const;

/** A customer's follow-up log. */
export class FollowUpLogRepository {
  constructor(private readonly em: EntityManager) {}

  async findPage(customerId: number, page: PageRequest): Promise<{ items: FollowUpLog[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      FollowUpLogSchema,
      { customer: customerId },
      { orderBy: [...OLDEST_FIRST], limit: page.limit, offset: page.offset },
    );
    return { items, total };
  }

  findAll(customerId: number): Promise<FollowUpLog[]> {
    return this.em.find(FollowUpLogSchema, { customer: customerId }, { orderBy: [...OLDEST_FIRST] });
  }
}
