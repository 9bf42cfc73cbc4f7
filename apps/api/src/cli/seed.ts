import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerSchema, UserSchema, type Tenant } from "@customer-hub/db";
import { customerCreateInput, type UserRole } from "@customer-hub/domain";

import { hashPassword } from "../auth/passwords";
import { CliError, parseOptions, withDatabase, type Command } from "./command";
import { demoCustomers } from "./seed-data";
import { findOrCreateTenant } from "./user";

export const DEMO_TENANTS = [
  { code: "tenant_a", name: "租户A" },
  { code: "tenant_b", name: "租户B" },
] as const;

export const DEMO_USERS: { username: string; password: string; role: UserRole; tenantCode: string | null }[] = [
  { username: "admin", password: "admin12345", role: "admin", tenantCode: null },
  { username: "tenant_a_admin", password: "admin12345", role: "tenant_admin", tenantCode: "tenant_a" },
];

/** The acting user recorded in created_by / updated_by of the demo rows. */
const SEED_ACTOR = "admin";

export type SeedSummary = {
  customers: number;
  tenantsCreated: string[];
  usersCreated: typeof DEMO_USERS;
  /** Demo users that existed already and were left as they were (their password may differ). */
  usersKept: string[];
};

/** Fills an empty database with demo customers, tenants and users, in one flush (one transaction). */
export async function seedDemoData(em: EntityManager, now: Date = new Date()): Promise<SeedSummary> {
  const existing = await em.count(CustomerSchema, {});
  if (existing > 0) {
    throw new CliError(`the database already has ${existing} customers; seed only fills an empty database`);
  }

  const tenants = new Map<string, Tenant>();
  const tenantsCreated: string[] = [];
  for (const { code, name } of DEMO_TENANTS) {
    const { tenant, created } = await findOrCreateTenant(em, code, name);
    tenants.set(code, tenant);
    if (created) tenantsCreated.push(code);
  }

  const usersCreated: SeedSummary["usersCreated"] = [];
  const usersKept: string[] = [];
  for (const demo of DEMO_USERS) {
    if ((await em.count(UserSchema, { username: demo.username })) > 0) {
      usersKept.push(demo.username);
      continue;
    }
    em.create(UserSchema, {
      username: demo.username,
      password_hash: await hashPassword(demo.password),
      role: demo.role,
      tenant: demo.tenantCode ? tenants.get(demo.tenantCode)! : null,
      is_active: true,
    });
    usersCreated.push(demo);
  }

  const customers = demoCustomers(now);
  for (const { created_at, ...fields } of customers) {
    // Through the API's own schema, so demo rows obey the rules that requests do.
    const input = customerCreateInput.parse(fields);
    em.create(CustomerSchema, {
      ...input,
      created_by: SEED_ACTOR,
      updated_by: SEED_ACTOR,
      created_at,
      updated_at: created_at,
    });
  }
  await em.flush();
  return { customers: customers.length, tenantsCreated, usersCreated, usersKept };
}

export const seedCommand: Command = {
  synopsis: "seed",
  summary: "fill an empty database with demo customers, tenants tenant_a and tenant_b, and two users",
  async run(argv, io) {
    parseOptions(argv, {});
    const summary = await withDatabase(io, (orm) => seedDemoData(orm.em.fork()));
    io.out(`created ${summary.customers} customers`);
    if (summary.tenantsCreated.length > 0) io.out(`created tenants: ${summary.tenantsCreated.join(", ")}`);
    for (const username of summary.usersKept) io.out(`user "${username}" already existed and was left unchanged`);
    if (summary.usersCreated.length > 0) {
      io.out("demo credentials (change them before any real use):");
      for (const user of summary.usersCreated) {
        const scope = user.tenantCode ? ` of tenant ${user.tenantCode}` : "";
        io.out(`  ${user.username} / ${user.password}   (role ${user.role}${scope})`);
      }
    }
  },
};
