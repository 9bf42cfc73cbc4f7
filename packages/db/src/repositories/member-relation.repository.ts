import type { EntityManager, FilterQuery } from "@mikro-orm/postgresql";
import type { MemberRelationListInput, OrderingTerm } from "@customer-hub/domain";

import {
  CustomerMemberRelationSchema,
  type CustomerMemberRelation,
} from "../entities/customer-member-relation.entity";
import { orderByWithTieBreak } from "./ordering";
import type { PageRequest } from "./customer.repository";

type Filters = Omit<MemberRelationListInput, "page" | "page_size" | "ordering">;
const POPULATE = ["customer", "member"] as const;

/** Customer–member relations whose customer is live: a deleted customer's relations are gone. */
export class MemberRelationRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(id: number) {
    return this.em.findOne(CustomerMemberRelationSchema, { id, customer: { deleted_at: null } }, { populate: POPULATE });
  }

  findPrimary(customerId: number) {
    return this.em.findOne(
      CustomerMemberRelationSchema,
      { customer: { id: customerId, deleted_at: null }, is_primary: true },
      { populate: POPULATE },
    );
  }

  async pairExists(customerId: number, memberId: number): Promise<boolean> {
    return (await this.em.count(CustomerMemberRelationSchema, { customer: customerId, member: memberId })) > 0;
  }

  async findPage(filters: Filters, ordering: OrderingTerm<string>[], page: PageRequest) {
    const where: FilterQuery<CustomerMemberRelation> = { customer: { deleted_at: null } };
    if (filters.customer_id !== undefined) where.customer = { id: filters.customer_id, deleted_at: null };
    if (filters.member_id !== undefined) where.member = filters.member_id;
    if (filters.is_primary !== undefined) where.is_primary = filters.is_primary;
    if (filters.role !== undefined) where.role = filters.role;
    const [items, total] = await this.em.findAndCount(CustomerMemberRelationSchema, where, {
      populate: POPULATE,
      orderBy: orderByWithTieBreak(ordering),
      limit: page.limit,
      offset: page.offset,
    });
    return { items, total };
  }

  /** Clears `is_primary` on the customer's other relations (call with the customer locked). */
  unmarkOtherPrimaries(customerId: number, keepId?: number) {
    return this.em.nativeUpdate(
      CustomerMemberRelationSchema,
      { customer: customerId, is_primary: true, ...(keepId === undefined ? {} : { id: { $ne: keepId } }) },
      { is_primary: false, updated_at: new Date() },
    );
  }

  /**
   * Copies the primary member's name, phone and email onto its customers (CONTRACT §7): for one
   * customer, or for every customer whose primary member is `memberId`.
   */
  async syncPrimaryContacts(scope: { customerId: number } | { memberId: number }): Promise<void> {
    const [column, id] = "customerId" in scope ? ["customer_id", scope.customerId] : ["member_id", scope.memberId];
    await this.em.getConnection().execute(
      `update customer c
          set primary_contact_name = m.name, primary_contact_phone = m.phone,
              primary_contact_email = m.email, updated_at = now()
         from customer_member_relation r join member m on m.id = r.member_id
        where r.customer_id = c.id and r.is_primary and r.${column} = ?`,
      [id],
      "run",
      this.em.getTransactionContext(),
    );
  }
}
