/**
 * `@customer-hub/api/testing`: what other packages' tests (the client's end-to-end run) need of the
 * api, so none reaches into this package's files by path. The server never imports it.
 */
import { TenantSchema, UserSchema, type Orm } from "@customer-hub/db";
import type { UserRole } from "@customer-hub/domain";

import { hashPassword } from "./auth/passwords";

export { buildApp, type App, type AppOptions } from "./app";

export type TestUser = {
  username: string;
  role: UserRole;
  password: string;
  /** The tenant of a tenant role, made (name = code) when missing. */
  tenantCode?: string;
};

/** An active user who can log in with `password`. */
export async function insertUser(orm: Orm, user: TestUser) {
  const em = orm.em.fork();
  const code = user.tenantCode;
  const tenant = code ? ((await em.findOne(TenantSchema, { code })) ?? em.create(TenantSchema, { name: code, code })) : null;
  const created = em.create(UserSchema, {
    username: user.username,
    password_hash: await hashPassword(user.password),
    role: user.role,
    tenant,
    is_active: true,
  });
  await em.flush();
  return created;
}
