import { CustomerMemberRelationSchema, type CustomerMemberRelation } from "../entities/customer-member-relation.entity";
import { CustomerRelationRepository } from "./customer-relation.repository";

/** Customer–member relations whose customer is live: a deleted customer's relations are gone. */
export class MemberRelationRepository extends CustomerRelationRepository<CustomerMemberRelation> {
  protected readonly entity = CustomerMemberRelationSchema;
  protected readonly party = "member";

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
