import type { FilterQuery } from "@mikro-orm/postgresql";
import type { MemberRelationListInput } from "@customer-hub/domain";

import { CustomerMemberRelationSchema, type CustomerMemberRelation } from "../entities/customer-member-relation.entity";
import { CustomerRelationRepository } from "./customer-relation.repository";
import { lockMemberForShare } from "./locks";

/** The filters of the list of customer–member relations, as the contract names them. */
export type MemberRelationFilters = Pick<MemberRelationListInput, "customer_id" | "member_id" | "is_primary" | "role">;

/** Customer–member relations whose customer is live: a deleted customer's relations are gone. */
export class MemberRelationRepository extends CustomerRelationRepository<CustomerMemberRelation, "member", MemberRelationFilters> {
  protected readonly entity = CustomerMemberRelationSchema;
  protected readonly party = "member";

  protected filter({ customer_id, member_id, ...columns }: MemberRelationFilters): FilterQuery<CustomerMemberRelation> {
    return this.listQuery(customer_id, { member: member_id, ...columns });
  }

  /** The member first: a member edit (which locks it) and this write then take turns on it. */
  override lockParty(memberId: number): Promise<void> {
    return lockMemberForShare(this.em, memberId);
  }

  /**
   * Copies the primary member's name, phone and email onto its customers (CONTRACT §7): for one
   * customer (whose lock the caller holds), or for every customer whose primary member is
   * `memberId`. Those are locked first, in ascending id (the lock order, see locks.ts), not in
   * whatever order a join finds them; the copy is a second statement so that it reads the
   * relations as they are once locked.
   */
  async syncPrimaryContacts(scope: { customerId: number } | { memberId: number }): Promise<void> {
    const [column, id] = "customerId" in scope ? ["customer_id", scope.customerId] : ["member_id", scope.memberId];
    const connection = this.em.getConnection();
    const transaction = this.em.getTransactionContext();
    // A relation write already holds its one customer's lock.
    if ("memberId" in scope) {
      await connection.execute(
        `select c.id from customer c
          where c.id in (select r.customer_id from customer_member_relation r where r.is_primary and r.member_id = ?)
          order by c.id
            for update of c`,
        [id],
        "all",
        transaction,
      );
    }
    await connection.execute(
      `update customer c
          set primary_contact_name = m.name, primary_contact_phone = m.phone,
              primary_contact_email = m.email, updated_at = now()
         from customer_member_relation r join member m on m.id = r.member_id
        where r.customer_id = c.id and r.is_primary and r.${column} = ?`,
      [id],
      "run",
      transaction,
    );
  }
}
