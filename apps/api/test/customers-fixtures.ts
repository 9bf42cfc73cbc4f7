import { CustomerSchema } from "@customer-hub/db";
import type { CustomerCreateInput } from "@customer-hub/domain";

import type { TestContext } from "./helpers";

export const CUSTOMERS = "/api/v1/customers/";
export const ENVELOPE_OK = { success: true, code: 2000, message: "操作成功" } as const;

/** The 400 envelope with exactly these field errors. */
export const invalidWith = (errors: Record<string, string[]>) => ({
  success: false,
  code: 4000,
  message: "请求参数错误",
  errors,
});
// CONTRACT §2: an unknown v1 customer is the plain 404 (bulk items keep their own `客户不存在`).
export const CUSTOMER_NOT_FOUND = { success: false, code: 4004, message: "资源不存在" } as const;

type Row = Partial<CustomerCreateInput> & { created_at?: Date; deleted_at?: Date | null };

/**
 * Inserts customers straight through the ORM in one flush, for tests that are not about creating
 * them (one HTTP request per row would make the suite slow). Returns their ids in input order.
 */
export async function insertCustomers(t: TestContext, rows: Row[]): Promise<number[]> {
  const em = t.db.orm.em.fork();
  const entities = rows.map((row, index) =>
    em.create(CustomerSchema, { name: `customer ${index}`, type: "company", created_by: "fixture", ...row }),
  );
  await em.flush();
  return entities.map((entity) => entity.id);
}

/** Soft-deleted rows included: what a failed request must not have added to. */
export async function countAllRows(t: TestContext): Promise<number> {
  const [row] = await t.db.orm.em.getConnection().execute<{ count: string }[]>("select count(*) as count from customer");
  return Number(row!.count);
}

/** Empties the table between tests that need exact counts. */
export async function deleteAllCustomers(t: TestContext): Promise<void> {
  await t.db.orm.em.getConnection().execute("delete from customer");
}

/** The stored row as PostgreSQL has it, bypassing the API. */
export async function storedRow(t: TestContext, id: number): Promise<Record<string, unknown> | undefined> {
  const rows = await t.db.orm.em.getConnection().execute<Record<string, unknown>[]>("select * from customer where id = ?", [id]);
  return rows[0];
}

/** Moves rows' creation time, e.g. out of the last 30 days. */
export async function setCreatedAt(t: TestContext, ids: number[], createdAt: Date): Promise<void> {
  await t.db.orm.em
    .getConnection()
    .execute("update customer set created_at = ? where id = any(?::int[])", [createdAt, `{${ids.join(",")}}`]);
}

/** `results` ids of a list or search answer. */
export const idsOf = (body: { data: { results: { id: number }[] } }) => body.data.results.map((customer) => customer.id);
