import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerSchema, MemberSchema, TenantSchema, UserSchema, writeTransaction, type Orm, type Tenant } from "@customer-hub/db";
import { BULK_MAX_ITEMS, type UserRole } from "@customer-hub/domain";
import type { Command } from "commander";

import type { Principal } from "../auth/authenticate";
import { toApiError, toEnvelope } from "../trpc/errors";
import { CliError, withDatabase, type CliIo } from "./command";
import { callerAs, type AdminCaller } from "../caller";
import { demoCustomers, type DemoCustomer } from "./seed/customers";
import { demoFollowUps, type DemoFollowUp } from "./seed/follow-ups";
import { demoMemberRelations, demoMembers, type DemoMember, type DemoMemberRelation } from "./seed/members";
import { demoTenantRelations, type DemoTenantRelation } from "./seed/tenant-relations";
import { createUserAccount } from "./user";

export const DEMO_TENANTS = [
  { code: "tenant_a", name: "租户A" },
  { code: "tenant_b", name: "租户B" },
] as const;

type DemoUser = { username: string; password: string; role: UserRole; tenantCode: string | null };

/** The first is the admin the seed acts as: created_by / updated_by of the demo rows. */
export const DEMO_USERS: [DemoUser, ...DemoUser[]] = [
  { username: "admin", password: "admin12345", role: "admin", tenantCode: null },
  { username: "tenant_a_admin", password: "admin12345", role: "tenant_admin", tenantCode: "tenant_a" },
];

export type SeedSummary = {
  customers: number;
  members: number;
  memberRelations: number;
  /** Customers with member relations, whose primary_contact_* now are their primary member's. */
  customersWithMembers: number;
  /** Relations per tenant code. */
  tenantRelations: Record<string, number>;
  followUps: number;
  customersFollowedUp: number;
  tenantsCreated: string[];
  usersCreated: DemoUser[];
  /** Demo users that existed already and were left as they were (their password may differ). */
  usersKept: string[];
};

/** Everything the seed writes, made before the database is touched. */
export type DemoData = {
  customers: DemoCustomer[];
  members: DemoMember[];
  memberRelations: DemoMemberRelation[];
  tenantRelations: DemoTenantRelation[];
  followUps: DemoFollowUp[];
};

export function demoData(now: Date = new Date()): DemoData {
  const customers = demoCustomers(now);
  const members = demoMembers();
  return {
    customers,
    members,
    memberRelations: demoMemberRelations(customers, members.length),
    tenantRelations: demoTenantRelations(customers.length, now),
    followUps: demoFollowUps(customers, now),
  };
}

/**
 * Fills an empty database with demo customers, members, tenants, users, relations and follow-ups,
 * every row through the API's own procedures (as the demo admin), so the demo obeys every rule a
 * request does. One transaction: a failure half-way leaves the database as it was.
 */
export function seedDemoData(orm: Orm, data: DemoData = demoData()): Promise<SeedSummary> {
  return writeTransaction(orm.em.fork(), (em) => seedInTransaction(orm, em, data));
}

async function seedInTransaction(orm: Orm, em: EntityManager, data: DemoData): Promise<SeedSummary> {
  await refuseUnlessEmpty(em, data.members);
  const [adminUser, ...otherUsers] = DEMO_USERS;
  const users: Pick<SeedSummary, "usersCreated" | "usersKept"> = { usersCreated: [], usersKept: [] };
  const caller = callerAs(orm, await actingAdmin(em, adminUser, users));
  const { tenants, tenantsCreated } = await ensureTenants(em, caller);
  for (const user of otherUsers) await ensureUser(em, user, users);

  const customerIds = await createCustomers(em, caller, data.customers);
  const memberIds: number[] = [];
  for (const member of data.members) memberIds.push((await call("member", member.username, () => caller.members.create(member))).id);
  for (const { customer, member, ...fields } of data.memberRelations) {
    const input = { ...fields, customer_id: customerIds[customer]!, member_id: memberIds[member]! };
    await call("customer-member relation", `${customer}/${member}`, () => caller.memberRelations.create(input));
  }
  for (const { customer, tenant, ...fields } of data.tenantRelations) {
    const input = { ...fields, customer_id: customerIds[customer]!, tenant_id: tenants.get(tenant)!.id };
    await call("customer-tenant relation", `${customer}/${tenant}`, () => caller.tenantRelations.create(input));
  }
  const followUps: { id: number; at: Date }[] = [];
  for (const { customer, time, next_time, ...fields } of data.followUps) {
    const input = { ...fields, id: customerIds[customer]!, time: time.toISOString(), next_time: next_time.toISOString() };
    followUps.push({ id: (await call("follow-up", fields.title, () => caller.followUps.create(input))).id, at: time });
  }
  // Logged when it happened, so the log reads as a history rather than as one batch.
  await backdate(em, "follow_up_log", ["created_at"], followUps);

  return {
    customers: customerIds.length,
    members: memberIds.length,
    memberRelations: data.memberRelations.length,
    customersWithMembers: new Set(data.memberRelations.map((relation) => relation.customer)).size,
    tenantRelations: Object.fromEntries(DEMO_TENANTS.map(({ code }) => [code, data.tenantRelations.filter((relation) => relation.tenant === code).length])),
    followUps: data.followUps.length,
    customersFollowedUp: new Set(data.followUps.map((log) => log.customer)).size,
    tenantsCreated,
    ...users,
  };
}

async function refuseUnlessEmpty(em: EntityManager, members: DemoMember[]) {
  const existing = await em.count(CustomerSchema, {});
  if (existing > 0) {
    throw new CliError(`the database already has ${existing} customers; seed only fills an empty database`);
  }
  // Member usernames are unique: say so before anything is written rather than fail half-way.
  const clashing = await em.find(MemberSchema, { username: { $in: members.map((member) => member.username) } }, { orderBy: { username: "asc" } });
  if (clashing.length > 0) {
    const names = clashing.map((member) => `"${member.username}"`).join(", ");
    throw new CliError(`members named ${names} already exist; seed only fills an empty database`);
  }
}

/** Users have no procedure (the CLI makes them), so they are made as `pnpm cli user create` does. */
async function ensureUser(em: EntityManager, demo: DemoUser, users: Pick<SeedSummary, "usersCreated" | "usersKept">) {
  const existing = await em.findOne(UserSchema, { username: demo.username });
  if (existing) {
    users.usersKept.push(demo.username);
    return existing;
  }
  const { user } = await createUserAccount(em, { ...demo, tenantCode: demo.tenantCode ?? undefined });
  users.usersCreated.push(demo);
  return user;
}

async function actingAdmin(em: EntityManager, demo: DemoUser, users: Pick<SeedSummary, "usersCreated" | "usersKept">): Promise<Principal> {
  const user = await ensureUser(em, demo, users);
  if (user.role !== "admin" || !user.is_active) {
    throw new CliError(`user "${user.username}" exists but is not an active admin; the seed writes as that user`);
  }
  return { userId: user.id, username: user.username, role: "admin", tenantId: null };
}

async function ensureTenants(em: EntityManager, caller: AdminCaller) {
  const tenants = new Map<string, Pick<Tenant, "id">>();
  const tenantsCreated: string[] = [];
  for (const demo of DEMO_TENANTS) {
    const existing = await em.findOne(TenantSchema, { code: demo.code });
    tenants.set(demo.code, existing ?? (await call("tenant", demo.code, () => caller.tenants.create(demo))));
    if (!existing) tenantsCreated.push(demo.code);
  }
  return { tenants, tenantsCreated };
}

/** Through the bulk procedure, in batches it takes; then dated as the demo says (the API dates them now). */
async function createCustomers(em: EntityManager, caller: AdminCaller, customers: DemoCustomer[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < customers.length; start += BULK_MAX_ITEMS) {
    const batch = customers.slice(start, start + BULK_MAX_ITEMS).map(({ created_at: _, ...fields }) => fields);
    const { results } = await call("customers", `${start + 1}–${start + batch.length}`, () => caller.customers.bulkCreate({ customers: batch }));
    ids.push(...results.map((customer) => customer.id));
  }
  await backdate(em, "customer", ["created_at", "updated_at"], customers.map((customer, i) => ({ id: ids[i]!, at: customer.created_at })));
  return ids;
}

/**
 * Sets the time columns of rows the API has just made. No procedure may set a creation time, so
 * this is the seed's one direct write; the count triggers see it as any update (created_hour).
 */
async function backdate(em: EntityManager, table: "customer" | "follow_up_log", columns: string[], rows: { id: number; at: Date }[]) {
  const assignments = columns.map((column) => `${column} = dated.at`).join(", ");
  await em.getConnection().execute(
    `update ${table} set ${assignments} from json_to_recordset(?::json) as dated (id int, at timestamptz) where ${table}.id = dated.id`,
    [JSON.stringify(rows)],
    "run",
    em.getTransactionContext(),
  );
}

/** A procedure call; its refusal becomes one line naming the row and the API's field errors. */
async function call<T>(what: string, which: string, procedure: () => Promise<T>): Promise<T> {
  try {
    return await procedure();
  } catch (error) {
    const envelope = toEnvelope(toApiError(error), "en");
    if (envelope.code >= 5000) throw error;
    const fields = Object.entries(envelope.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    throw new CliError(`the API refused ${what} ${which}: ${[envelope.message, ...fields].join("; ")}`);
  }
}

export function addSeedCommand(program: Command, io: CliIo) {
  program
    .command("seed")
    .description("fill an empty database with demo customers, members, relations, follow-ups, tenants and users")
    .action(async () => {
      const summary = await withDatabase(io, (orm) => seedDemoData(orm));
      io.out(`created ${summary.customers} customers`);
      io.out(`created ${summary.members} members`);
      io.out(`created ${summary.memberRelations} customer-member relations (${summary.customersWithMembers} customers, one primary contact each)`);
      const perTenant = Object.entries(summary.tenantRelations).map(([code, count]) => `${code}: ${count}`);
      const tenantTotal = Object.values(summary.tenantRelations).reduce((sum, count) => sum + count, 0);
      io.out(`created ${tenantTotal} customer-tenant relations (${perTenant.join(", ")})`);
      io.out(`created ${summary.followUps} follow-up log entries (${summary.customersFollowedUp} customers)`);
      if (summary.tenantsCreated.length > 0) io.out(`created tenants: ${summary.tenantsCreated.join(", ")}`);
      for (const username of summary.usersKept) io.out(`user "${username}" already existed and was left unchanged`);
      if (summary.usersCreated.length > 0) {
        io.out("demo credentials (change them before any real use):");
        for (const user of summary.usersCreated) {
          const scope = user.tenantCode ? ` of tenant ${user.tenantCode}` : "";
          io.out(`  ${user.username} / ${user.password}   (role ${user.role}${scope})`);
        }
      }
    });
}
