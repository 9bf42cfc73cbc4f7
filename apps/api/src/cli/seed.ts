import type { EntityManager } from "@mikro-orm/postgresql";
import {
  CustomerMemberRelationSchema,
  CustomerSchema,
  CustomerTenantRelationSchema,
  FollowUpLogSchema,
  MemberRelationRepository,
  MemberSchema,
  UserSchema,
  type Customer,
  type Member,
  type Tenant,
} from "@customer-hub/db";
import {
  customerCreateInput,
  followUpCreateInput,
  memberCreateInput,
  memberRelationCreateInput,
  tenantRelationCreateInput,
  toInstant,
  type UserRole,
} from "@customer-hub/domain";

import { hashPassword } from "../auth/passwords";
import { CliError, parseOptions, withDatabase, type Command } from "./command";
import { demoCustomers, type DemoCustomer } from "./seed-data";
import { demoFollowUps, type DemoFollowUp } from "./seed-follow-ups";
import { demoMemberRelations, demoMembers, type DemoMember, type DemoMemberRelation } from "./seed-members";
import { demoTenantRelations, type DemoTenantRelation } from "./seed-tenant-relations";
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
  members: number;
  memberRelations: number;
  /** Customers with member relations, whose primary_contact_* now are their primary member's. */
  customersWithMembers: number;
  /** Relations per tenant code. */
  tenantRelations: Record<string, number>;
  followUps: number;
  customersFollowedUp: number;
  tenantsCreated: string[];
  usersCreated: typeof DEMO_USERS;
  /** Demo users that existed already and were left as they were (their password may differ). */
  usersKept: string[];
};

/** Everything the seed writes, made before the database is touched. */
type DemoData = {
  customers: DemoCustomer[];
  members: DemoMember[];
  memberRelations: DemoMemberRelation[];
  tenantRelations: DemoTenantRelation[];
  followUps: DemoFollowUp[];
};

function demoData(now: Date): DemoData {
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
 * Fills an empty database with demo customers, members, tenants, users, relations and follow-ups.
 * One transaction: a failure half-way leaves the database as it was. One flush per table, so each
 * table is written in bulk and the next one can name the rows (ids) of the one before.
 */
export function seedDemoData(em: EntityManager, now: Date = new Date()): Promise<SeedSummary> {
  const data = demoData(now);
  return em.transactional((tx) => seedInTransaction(tx, data));
}

async function seedInTransaction(em: EntityManager, data: DemoData): Promise<SeedSummary> {
  await refuseUnlessEmpty(em, data.members);
  const { tenants, tenantsCreated } = await ensureTenants(em);
  const { usersCreated, usersKept } = await ensureUsers(em, tenants);
  await em.flush();

  const customers = createCustomers(em, data.customers);
  await em.flush();
  const members = data.members.map((member) => em.create(MemberSchema, memberCreateInput.parse(member)));
  await em.flush();
  createMemberRelations(em, data.memberRelations, customers, members);
  await em.flush();
  // The same sync as when a relation becomes primary through the API; by member, since a member can
  // be the primary contact of several customers and one statement then updates them all.
  const repository = new MemberRelationRepository(em);
  const primaryMembers = new Set(data.memberRelations.filter((relation) => relation.is_primary).map((relation) => relation.member));
  for (const member of primaryMembers) await repository.syncPrimaryContacts({ memberId: members[member]!.id });
  createTenantRelations(em, data.tenantRelations, customers, tenants);
  await em.flush();
  createFollowUps(em, data.followUps, customers);
  await em.flush();

  const tenantRelations = Object.fromEntries(DEMO_TENANTS.map(({ code }) => [code, data.tenantRelations.filter((relation) => relation.tenant === code).length]));
  return {
    customers: customers.length,
    members: members.length,
    memberRelations: data.memberRelations.length,
    customersWithMembers: new Set(data.memberRelations.map((relation) => relation.customer)).size,
    tenantRelations,
    followUps: data.followUps.length,
    customersFollowedUp: new Set(data.followUps.map((log) => log.customer)).size,
    tenantsCreated,
    usersCreated,
    usersKept,
  };
}

async function refuseUnlessEmpty(em: EntityManager, members: DemoMember[]) {
  const existing = await em.count(CustomerSchema, {});
  if (existing > 0) {
    throw new CliError(`the database already has ${existing} customers; seed only fills an empty database`);
  }
  // Member usernames are unique: a clash would otherwise end the seed with a database error.
  const clashing = await em.find(MemberSchema, { username: { $in: members.map((member) => member.username) } }, { orderBy: { username: "asc" } });
  if (clashing.length > 0) {
    const names = clashing.map((member) => `"${member.username}"`).join(", ");
    throw new CliError(`members named ${names} already exist; seed only fills an empty database`);
  }
}

async function ensureTenants(em: EntityManager) {
  const tenants = new Map<string, Tenant>();
  const tenantsCreated: string[] = [];
  for (const { code, name } of DEMO_TENANTS) {
    const { tenant, created } = await findOrCreateTenant(em, code, name);
    tenants.set(code, tenant);
    if (created) tenantsCreated.push(code);
  }
  return { tenants, tenantsCreated };
}

async function ensureUsers(em: EntityManager, tenants: Map<string, Tenant>) {
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
  return { usersCreated, usersKept };
}

// Every row goes through the API's own input schema, so demo rows obey the rules that requests do.

function createCustomers(em: EntityManager, customers: DemoCustomer[]): Customer[] {
  return customers.map(({ created_at, ...fields }) =>
    em.create(CustomerSchema, {
      ...customerCreateInput.parse(fields),
      created_by: SEED_ACTOR,
      updated_by: SEED_ACTOR,
      created_at,
      updated_at: created_at,
    }),
  );
}

function createMemberRelations(em: EntityManager, relations: DemoMemberRelation[], customers: Customer[], members: Member[]) {
  for (const relation of relations) {
    const customer = customers[relation.customer]!;
    const member = members[relation.member]!;
    const input = memberRelationCreateInput.parse({ ...relation, customer_id: customer.id, member_id: member.id });
    em.create(CustomerMemberRelationSchema, {
      customer,
      member,
      role: input.role,
      position: input.position ?? null,
      is_primary: input.is_primary ?? false,
      notes: input.notes ?? null,
      created_by: SEED_ACTOR,
      updated_by: null,
    });
  }
}

function createTenantRelations(em: EntityManager, relations: DemoTenantRelation[], customers: Customer[], tenants: Map<string, Tenant>) {
  for (const relation of relations) {
    const customer = customers[relation.customer]!;
    const tenant = tenants.get(relation.tenant)!;
    const input = tenantRelationCreateInput.parse({ ...relation, customer_id: customer.id, tenant_id: tenant.id });
    em.create(CustomerTenantRelationSchema, {
      customer,
      tenant,
      relation_type: input.relation_type,
      is_primary: input.is_primary ?? false,
      start_date: input.start_date ?? null,
      end_date: input.end_date ?? null,
      status: input.status,
      notes: input.notes ?? null,
      created_by: SEED_ACTOR,
      updated_by: null,
    });
  }
}

function createFollowUps(em: EntityManager, logs: DemoFollowUp[], customers: Customer[]) {
  for (const log of logs) {
    const customer = customers[log.customer]!;
    const input = followUpCreateInput.parse({
      ...log,
      id: customer.id,
      time: log.time.toISOString(),
      next_time: log.next_time.toISOString(),
    });
    const time = toInstant(input.time);
    em.create(FollowUpLogSchema, {
      customer,
      title: input.title,
      time,
      principal: input.principal ?? null,
      content: input.content ?? null,
      next_time: input.next_time ? toInstant(input.next_time) : null,
      created_by: SEED_ACTOR,
      // Logged when it happened, so the log reads as a history rather than as one batch.
      created_at: time,
    });
  }
}

export const seedCommand: Command = {
  synopsis: "seed",
  summary: "fill an empty database with demo customers, members, relations, follow-ups, tenants and users",
  async run(argv, io) {
    parseOptions(argv, {});
    const summary = await withDatabase(io, (orm) => seedDemoData(orm.em.fork()));
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
  },
};
