import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKeySchema, TenantSchema, UserSchema, type Tenant, type User } from "@customer-hub/db";
import { userRole } from "@customer-hub/domain";
import type { Command } from "commander";
import { z } from "zod";

import { hashPassword } from "../auth/passwords";
import { revokeUserRefreshTokens } from "../auth/refresh-tokens";
import { CliError, parseWith, withDatabase, type CliIo } from "./command";

/** Tenant codes are lowercase slugs, as `tenant_a` in seed 002 (CONTRACT §13). */
const tenantCode = z.string().trim().min(1).max(50).regex(/^[a-z0-9_-]+$/, "use only a-z, 0-9, _ and -");

export const userCreateInput = z
  .object({
    // Django's username rule, so names stay unambiguous in `created_by` and in logs.
    username: z
      .string()
      .trim()
      .min(1)
      .max(150)
      .regex(/^[\p{L}\p{N}_.@+-]+$/u, "use only letters, digits and _ . @ + -"),
    password: z.string().min(8, "must be at least 8 characters").max(256),
    role: userRole,
    tenantCode: tenantCode.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.role === "tenant_admin" && !input.tenantCode) {
      ctx.addIssue({ code: "custom", path: ["tenantCode"], message: "is required for role tenant_admin" });
    }
    if (input.role === "admin" && input.tenantCode) {
      ctx.addIssue({ code: "custom", path: ["tenantCode"], message: "is only for role tenant_admin" });
    }
  });
export type UserCreateInput = z.input<typeof userCreateInput>;

/** The tenant with `code`, made (not flushed) when missing. */
export async function findOrCreateTenant(
  em: EntityManager,
  code: string,
  name: string = code,
): Promise<{ tenant: Tenant; created: boolean }> {
  const existing = await em.findOne(TenantSchema, { code });
  if (existing) return { tenant: existing, created: false };
  return { tenant: em.create(TenantSchema, { code, name }), created: true };
}

const duplicate = (username: string) => new CliError(`a user named "${username}" already exists`);

export async function createUserAccount(
  em: EntityManager,
  raw: UserCreateInput,
): Promise<{ user: User; tenant: Tenant | null; tenantCreated: boolean }> {
  const input = parseWith(userCreateInput, raw);
  if ((await em.count(UserSchema, { username: input.username })) > 0) throw duplicate(input.username);

  const { tenant, created } = input.tenantCode
    ? await findOrCreateTenant(em, input.tenantCode)
    : { tenant: null, created: false };
  const user = em.create(UserSchema, {
    username: input.username,
    password_hash: await hashPassword(input.password),
    role: input.role,
    tenant,
    is_active: true,
  });
  await em.flush();
  return { user, tenant, tenantCreated: created };
}

const userDeactivateInput = z.object({ username: z.string().trim().min(1).max(150) });

/**
 * `is_active = false`, as one UPDATE of the row: authenticate checks it on every request (JWTs,
 * refresh tokens and API keys alike); the refresh tokens are revoked too, so reactivating the
 * user later does not bring old sessions back.
 */
export async function deactivateUser(
  em: EntityManager,
  raw: z.input<typeof userDeactivateInput>,
): Promise<{ user: User; alreadyInactive: boolean; apiKeys: number }> {
  const { username } = parseWith(userDeactivateInput, raw);
  const user = await em.findOne(UserSchema, { username });
  if (!user) throw new CliError(`no user named "${username}"`);
  const alreadyInactive = !user.is_active;
  await em.nativeUpdate(UserSchema, { id: user.id, is_active: true }, { is_active: false, updated_at: new Date() });
  await revokeUserRefreshTokens(em, user.id);
  const apiKeys = await em.count(ApiKeySchema, { user, revoked_at: null });
  return { user, alreadyInactive, apiKeys };
}

export function addUserCommands(program: Command, io: CliIo) {
  const user = program.command("user").description("create or deactivate the users who call the API");
  user
    .command("create")
    .description("create a user; a tenant admin's tenant is looked up by code and created when missing")
    .option("--username <name>", "letters, digits and _ . @ + -")
    .option("--password <password>", "at least 8 characters")
    .option("--role <role>", "admin or tenant_admin")
    .option("--tenant-code <code>", "the tenant of a tenant_admin (a-z, 0-9, _ and -)")
    .action(async (options: Partial<Record<"username" | "password" | "role" | "tenantCode", string>>) => {
      // Checked before the database is opened: a typo should not wait for PostgreSQL to start.
      const input = parseWith(userCreateInput, options);
      const { user, tenant, tenantCreated } = await withDatabase(io, (orm) => createUserAccount(orm.em.fork(), input));
      if (tenant && tenantCreated) io.out(`created tenant "${tenant.code}" (name "${tenant.name}", id ${tenant.id})`);
      const scope = tenant ? ` of tenant "${tenant.code}"` : "";
      io.out(`created user "${user.username}" (id ${user.id}, role ${user.role}${scope})`);
    });
  user
    .command("deactivate")
    .description("deactivate a user: its tokens and API keys are refused from the next request")
    .option("--username <name>")
    .action(async (options: { username?: string }) => {
      const input = parseWith(userDeactivateInput, options);
      const { user, alreadyInactive, apiKeys } = await withDatabase(io, (orm) => deactivateUser(orm.em.fork(), input));
      io.out(
        alreadyInactive
          ? `user "${user.username}" was already inactive`
          : `deactivated user "${user.username}"; its tokens and ${apiKeys} API key(s) are refused from now on`,
      );
    });
}
