import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * THE LOCK ORDER. Two transactions cannot deadlock when both take their row locks in one order,
 * so every write takes them in this one (writeTransaction retries what slips through anyway):
 *
 *   1. the member row a write depends on: a member edit updates it; a write of a member relation
 *      takes it FOR SHARE (lockMemberForShare), so the contact it copies cannot change under it;
 *   2. customers, in ascending id, in one statement (lockLiveCustomers, lockLiveCustomer,
 *      CustomerRepository's *ForUpdate, the CTE of syncPrimaryContacts);
 *   3. the rows that belong to those customers (relations, follow-ups), only once their customer
 *      is locked.
 *
 * Never a customer before a member, never a lower id after a higher one. Tenants are never locked
 * (a tenant edit touches no customer).
 */

const lockedIds = (em: EntityManager, sql: string, params: unknown[]) =>
  em.getConnection().execute<{ id: number }[]>(sql, params, "all", em.getTransactionContext());

/**
 * Locks a live customer's row until the transaction ends, or returns false when there is none.
 * Every change to a customer's relations takes this lock first, so "one primary per customer"
 * and "one relation per pair" are decided one request at a time for that customer.
 */
export async function lockLiveCustomer(em: EntityManager, customerId: number): Promise<boolean> {
  return (await lockLiveCustomers(em, [customerId])).size > 0;
}

/** Locks the live customers among `ids` in ascending id (the lock order); returns which are live. */
export async function lockLiveCustomers(em: EntityManager, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await lockedIds(
    em,
    "select id from customer where id = any(?::bigint[]) and deleted_at is null order by id for update",
    [`{${ids.join(",")}}`],
  );
  return new Set(rows.map((row) => row.id));
}

/** Step 1 of the lock order for a write of a member relation: the member, shared, before its customer. */
export async function lockMemberForShare(em: EntityManager, memberId: number): Promise<void> {
  await lockedIds(em, "select id from member where id = ? for share", [memberId]);
}
