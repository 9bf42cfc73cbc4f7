import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * Locks a live customer's row until the transaction ends, or returns false when there is none.
 * Every change to a customer's relations takes this lock first, so "one primary per customer"
 * and "one relation per pair" are decided one request at a time for that customer.
 */
export async function lockLiveCustomer(em: EntityManager, customerId: number): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<{ id: number }[]>(
      "select id from customer where id = ? and deleted_at is null for update",
      [customerId],
      "all",
      em.getTransactionContext(),
    );
  return rows.length > 0;
}
