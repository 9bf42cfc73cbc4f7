import { CustomerTenantRelationSchema, TenantSchema } from "@customer-hub/db";
import type { RelationStatus, RelationType } from "@customer-hub/domain";

import { createUser, tokenFor, type TestContext } from "./helpers";

export const VIEW = "/api/v1/customers/tenants/view/";

export const VIEW_CUSTOMER_NOT_FOUND = { success: false, code: 4004, message: "客户不存在或与当前租户无关联" } as const;
export const VIEW_RELATION_NOT_FOUND = { success: false, code: 4004, message: "未找到客户与当前租户的关系" } as const;

/** The four fields a tenant sees only while its relation is active (CONTRACT §9). */
export const SENSITIVE_FIELDS = ["bank_name", "bank_account", "credit_rating", "payment_terms"] as const;

export type TenantWithAdmin = { id: number; code: string; token: string };

/** A tenant and a tenant admin of it, made straight in the database: neither is under test here. */
export async function addTenantWithAdmin(t: TestContext, code: string): Promise<TenantWithAdmin> {
  await createUser(t.db, `${code}-admin`, "tenant_admin", code);
  const tenant = await t.db.orm.em.fork().findOneOrFail(TenantSchema, { code });
  return { id: tenant.id, code, token: await tokenFor(t.app, `${code}-admin`) };
}

export type RelationRow = {
  customerId: number;
  tenantId: number;
  status: RelationStatus;
  relation_type?: RelationType;
};

/** Relations inserted through the ORM in one flush; returns their ids in input order. */
export async function insertRelations(t: TestContext, rows: RelationRow[]): Promise<number[]> {
  const em = t.db.orm.em.fork();
  const relations = rows.map((row) =>
    em.create(CustomerTenantRelationSchema, {
      customer: row.customerId,
      tenant: row.tenantId,
      relation_type: row.relation_type ?? "client",
      status: row.status,
      created_by: "fixture",
    }),
  );
  await em.flush();
  return relations.map((relation) => relation.id);
}

/** Empties customers and relations, for tests that need exact counts. */
export async function deleteAllCustomersAndRelations(t: TestContext): Promise<void> {
  const connection = t.db.orm.em.getConnection();
  await connection.execute("delete from customer_tenant_relation");
  await connection.execute("delete from customer");
}
