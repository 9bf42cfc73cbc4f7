import { randomBytes } from "node:crypto";

import type { EntityManager } from "@mikro-orm/postgresql";
import {
  ApiKeySchema,
  createOrm,
  CustomerMemberRelationSchema,
  CustomerSchema,
  CustomerTenantRelationSchema,
  dropDatabase,
  ensureDatabase,
  FollowUpLogSchema,
  MemberSchema,
  RefreshTokenSchema,
  TenantSchema,
  UserSchema,
} from "@customer-hub/db";
import { createTestDatabase, type TestDatabase } from "@customer-hub/db/testing";
import {
  COMPANY_SIZES,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  FOLLOW_UP_STATUSES,
  GRADES,
  LEAD_SOURCES,
  MEMBER_ROLES,
  RELATION_STATUSES,
  RELATION_TYPES,
  VALUE_LEVELS,
} from "@customer-hub/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { hashApiKey } from "../src/auth/api-keys";
import { buildApp, type App } from "../src/app";
import { createApiKey } from "../src/cli/apikey";
import { CliError, type CliIo } from "../src/cli/command";
import { runCli, USAGE } from "../src/cli/index";
import { applyPendingMigrations } from "../src/cli/migrate";
import { demoData, seedDemoData } from "../src/cli/seed";
import { creditCodeCheckChar, demoCustomers } from "../src/cli/seed/customers";
import { demoFollowUps } from "../src/cli/seed/follow-ups";
import { demoMemberRelations, demoMembers } from "../src/cli/seed/members";
import { demoTenantRelations } from "../src/cli/seed/tenant-relations";
import { createUserAccount } from "../src/cli/user";
import { createUser, json, PASSWORD, request, setupTestApp, TEST_JWT_SECRET, tokenFor, type TestContext } from "./helpers";

/** Runs a command line against the test database, capturing what it prints. */
async function cli(db: TestDatabase, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(...line.split("\n")),
    err: (line) => err.push(...line.split("\n")),
    // The test owns the database: the command's close must not close it.
    open: async () => ({ orm: db.orm, close: async () => {} }),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

async function expectCliError(promise: Promise<unknown>, exitCode: 1 | 2, message: string | RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(exitCode);
  expect((error as CliError).message).toMatch(message);
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const customersWith = (t: TestContext, authorization: string) =>
  request(t, "GET", "/api/v1/customers/?page_size=1", { authorization });

describe("cli: migrate", () => {
  it("applies every migration to an empty database, then none", async () => {
    const serverUrl = inject("pgServerUrl");
    const name = `test_${randomBytes(6).toString("hex")}`;
    const orm = await createOrm({ url: await ensureDatabase(serverUrl, name) });
    try {
      const pending = (await orm.getMigrator().getPendingMigrations()).map((migration) => migration.name);
      expect(pending[0]).toBe("Migration20261121152751");
      expect(await applyPendingMigrations(orm)).toEqual(pending);
      expect(await applyPendingMigrations(orm)).toEqual([]);
    } finally {
      await orm.close(true);
      await dropDatabase(serverUrl, name);
    }
  });

  it("says so when nothing is pending", async () => {
    const t = await createTestDatabase(inject("pgServerUrl"));
    try {
      expect(await cli(t, "migrate")).toEqual({ code: 0, out: ["no pending migrations"], err: [] });
    } finally {
      await t.drop();
    }
  });
});

describe("cli: user create and apikey create", () => {
  const t = setupTestApp();

  it("creates an admin who can log in and use an admin endpoint", async () => {
    const { user, tenant, tenantCreated } = await createUserAccount(t.db.orm.em.fork(), {
      username: "ops",
      password: "ops-password-1",
      role: "admin",
    });
    expect({ role: user.role, tenant, tenantCreated }).toEqual({ role: "admin", tenant: null, tenantCreated: false });
    const token = await tokenFor(t.app, "ops", "ops-password-1");
    expect((await customersWith(t, `Bearer ${token}`)).statusCode).toBe(200);
  });

  it("creates the tenant of a tenant admin by code when missing, and reuses it after", async () => {
    const first = await createUserAccount(t.db.orm.em.fork(), {
      username: "acme_admin",
      password: "acme-password-1",
      role: "tenant_admin",
      tenantCode: "acme",
    });
    expect(first.tenantCreated).toBe(true);
    expect({ name: first.tenant?.name, code: first.tenant?.code }).toEqual({ name: "acme", code: "acme" });

    const second = await createUserAccount(t.db.orm.em.fork(), {
      username: "acme_admin_2",
      password: "acme-password-2",
      role: "tenant_admin",
      tenantCode: "acme",
    });
    expect(second.tenantCreated).toBe(false);
    expect(second.tenant?.id).toBe(first.tenant?.id);
    expect(await t.db.orm.em.fork().count(TenantSchema, { code: "acme" })).toBe(1);

    // A tenant admin is authenticated, but not an admin.
    const token = await tokenFor(t.app, "acme_admin", "acme-password-1");
    const response = await customersWith(t, `Bearer ${token}`);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ success: false, code: 4030, message: "权限不足" });
  });

  it("refuses a duplicate username with exit code 1", async () => {
    await expectCliError(
      createUserAccount(t.db.orm.em.fork(), { username: "admin", password: "another-password", role: "admin" }),
      1,
      'a user named "admin" already exists',
    );
  });

  it("refuses invalid options with exit code 2, naming each option", async () => {
    const em = t.db.orm.em.fork();
    await expectCliError(
      createUserAccount(em, { username: "lonely", password: "long-enough-1", role: "tenant_admin" }),
      2,
      "--tenant-code: is required for role tenant_admin",
    );
    await expectCliError(
      createUserAccount(em, { username: "boss", password: "long-enough-1", role: "admin", tenantCode: "acme" }),
      2,
      "--tenant-code: is only for role tenant_admin",
    );
    await expectCliError(createUserAccount(em, { username: "short", password: "1234567", role: "admin" }), 2, "--password: must be at least 8 characters");
    await expectCliError(
      createUserAccount(em, { username: "x", password: "long-enough-1", role: "tenant_admin", tenantCode: "Bad Code" }),
      2,
      "--tenant-code: use only a-z, 0-9, _ and -",
    );
    await expectCliError(
      createUserAccount(em, { username: "x", password: "long-enough-1", role: "root" as "admin" }),
      2,
      /^--role: /,
    );
    expect(await t.db.orm.em.fork().count(UserSchema, { username: { $in: ["lonely", "boss", "short", "x"] } })).toBe(0);
  });

  it("creates an API key that authenticates, storing only its prefix and hash", async () => {
    const { key, prefix } = await createApiKey(t.db.orm.em.fork(), { username: "ops" });
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await t.db.orm.em.fork().findOneOrFail(ApiKeySchema, { prefix }, { populate: ["user"] });
    expect(stored.key_hash).toBe(hashApiKey(key));
    expect(stored.user.username).toBe("ops");
    expect((await customersWith(t, `Token ${key}`)).statusCode).toBe(200);
  });

  it("refuses an API key for an unknown or inactive user with exit code 1", async () => {
    await expectCliError(createApiKey(t.db.orm.em.fork(), { username: "ghost" }), 1, 'no user named "ghost"');
    const em = t.db.orm.em.fork();
    em.create(UserSchema, { username: "gone", password_hash: "x", role: "admin", tenant: null, is_active: false });
    await em.flush();
    await expectCliError(createApiKey(t.db.orm.em.fork(), { username: "gone" }), 1, 'user "gone" is inactive');
  });

  describe("through runCli, as `pnpm cli` runs them", () => {
    it("prints what user create did", async () => {
      const created = await cli(t.db, "user", "create", "--username", "beta_admin", "--password", "beta-password-1", "--role", "tenant_admin", "--tenant-code", "beta");
      expect(created.code).toBe(0);
      expect(created.out).toEqual([
        expect.stringMatching(/^created tenant "beta" \(name "beta", id \d+\)$/),
        expect.stringMatching(/^created user "beta_admin" \(id \d+, role tenant_admin of tenant "beta"\)$/),
      ]);

      const again = await cli(t.db, "user", "create", "--username", "beta_admin", "--password", "beta-password-1", "--role", "tenant_admin", "--tenant-code", "beta");
      expect(again).toEqual({ code: 1, out: [], err: ['error: a user named "beta_admin" already exists'] });
    });

    it("prints the API key alone on the last line, and that key works", async () => {
      const { code, out } = await cli(t.db, "apikey", "create", "--username", "ops");
      expect(code).toBe(0);
      const key = out.at(-1)!;
      expect(key).toMatch(/^ch_[A-Za-z0-9_-]{40}$/);
      const response = await customersWith(t, `Token ${key}`);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toMatchObject({ success: true, code: 2000 });
    });

    it("answers usage errors with exit code 2 before touching the database", async () => {
      const io: CliIo = {
        out: () => {},
        err: () => {},
        open: () => Promise.reject(new Error("the database must not be opened")),
      };
      expect(await runCli(["user", "create", "--username", "u", "--role", "admin"], io)).toBe(2);
      expect(await runCli(["user", "create", "--username", "u", "--password", "long-enough-1", "--role", "admin", "--bogus"], io)).toBe(2);
      expect(await runCli(["user", "delete"], io)).toBe(2);
      expect(await runCli(["apikey", "create"], io)).toBe(2);
      expect(await runCli(["migrate", "extra"], io)).toBe(2);
    });

    it("prints usage for --help (exit 0) and for an unknown command (exit 2)", async () => {
      expect(await cli(t.db, "--help")).toEqual({ code: 0, out: USAGE.split("\n"), err: [] });
      const unknown = await cli(t.db, "frobnicate");
      expect(unknown.code).toBe(2);
      expect(unknown.err).toEqual(["error: unknown command 'frobnicate'", "(add --help for usage)"]);
      expect((await cli(t.db)).code).toBe(2);
      const userHelp = await cli(t.db, "user", "--help");
      expect(userHelp.code).toBe(0);
      expect(userHelp.out[0]).toBe("Usage: pnpm cli user [options] [command]");
      expect(userHelp.out).toContainEqual(expect.stringMatching(/^ {2}create \[options\] +create a user/));
      expect(userHelp.out).toContainEqual(expect.stringMatching(/^ {2}deactivate \[options\] +deactivate a user/));
    });

    it("answers a bad command line with one line naming the problem, a hint and exit code 2, never a stack trace", async () => {
      const hint = "(add --help for usage)";
      const cases: [string[], string][] = [
        [["user", "create", "--username", "u", "--password", "long-enough-1", "--role", "admin", "--bogus"], "error: unknown option '--bogus'"],
        [["apikey", "create", "--username"], "error: option '--username <name>' argument missing"],
        [["migrate", "extra"], "error: too many arguments for 'migrate'. Expected 0 arguments but got 1."],
        [["counts", "refresh"], "error: unknown command 'refresh'"],
        [["user", "create", "--username", "u", "--role", "admin"], "error: --password: is required"],
        [["user", "create", "--username", "u", "--password", "long-enough-1", "--role", "root"], expect.stringMatching(/^error: --role: /) as unknown as string],
      ];
      for (const [argv, message] of cases) {
        expect(await cli(t.db, ...argv), argv.join(" ")).toEqual({ code: 2, out: [], err: [message, hint] });
      }
    });

    it("prints each command's own help, with its options, on stdout with exit code 0", async () => {
      const create = await cli(t.db, "user", "create", "--help");
      expect({ code: create.code, err: create.err, first: create.out[0] }).toEqual({ code: 0, err: [], first: "Usage: pnpm cli user create [options]" });
      for (const option of ["--username <name>", "--password <password>", "--role <role>", "--tenant-code <code>"]) {
        expect(create.out).toContainEqual(expect.stringContaining(`  ${option}`));
      }
      expect((await cli(t.db, "help", "apikey")).out[0]).toBe("Usage: pnpm cli apikey [options] [command]");
      const revoke = await cli(t.db, "apikey", "revoke", "-h");
      expect(revoke.code).toBe(0);
      expect(revoke.out).toContainEqual(expect.stringMatching(/^ {2}--key <key> +the key or its prefix/));
      // A group without its action says what it has, as an error.
      const bare = await cli(t.db, "apikey");
      expect({ code: bare.code, out: bare.out, first: bare.err[0] }).toEqual({ code: 2, out: [], first: "Usage: pnpm cli apikey [options] [command]" });
    });
  });
});

describe("cli: credential life cycle", () => {
  const t = setupTestApp();
  const login = async (username: string) =>
    json(await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username, password: PASSWORD } })).data as {
      access: string;
      refresh: string;
    };
  const refresh = (token: string) =>
    request(t, "POST", "/api/v1/auth/token/refresh/", { token: null, payload: { refresh: token } });

  it("lists a user's keys with their state, and revokes one by its prefix, at once", async () => {
    await createUser(t.db, "integration", "admin");
    const first = (await cli(t.db, "apikey", "create", "--username", "integration")).out.at(-1)!;
    const second = (await cli(t.db, "apikey", "create", "--username", "integration")).out.at(-1)!;
    expect((await customersWith(t, `Token ${first}`)).statusCode).toBe(200);

    const revoked = await cli(t.db, "apikey", "revoke", "--key", first.slice(0, 8));
    expect(revoked).toEqual({ code: 0, out: [`revoked API key ${first.slice(0, 8)}… of "integration"; it is refused from now on`], err: [] });
    expect((await customersWith(t, `Token ${first}`)).statusCode).toBe(401);
    expect((await customersWith(t, `Token ${second}`)).statusCode).toBe(200);

    const listed = await cli(t.db, "apikey", "list", "--username", "integration");
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(2);
    expect(listed.out[0]).toMatch(new RegExp(`^${first.slice(0, 8)}…  revoked \\d{4}-.*Z  created .*  last used \\d{4}-`));
    expect(listed.out[1]).toMatch(new RegExp(`^${second.slice(0, 8)}…  active  created `));
    // The keys themselves are never printed again.
    expect(listed.out.join("\n")).not.toContain(second);
  });

  it("revokes by the full key, says when a key was already revoked, and refuses unknown keys", async () => {
    await createUser(t.db, "rotating", "admin");
    const key = (await cli(t.db, "apikey", "create", "--username", "rotating")).out.at(-1)!;
    expect((await cli(t.db, "apikey", "revoke", "--key", key)).code).toBe(0);
    expect((await customersWith(t, `Token ${key}`)).statusCode).toBe(401);
    const again = await cli(t.db, "apikey", "revoke", "--key", key);
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/^API key ch_.{5}… of "rotating" was already revoked \(\d{4}-/);
    expect(await cli(t.db, "apikey", "revoke", "--key", "ch_nopeX")).toEqual({ code: 1, out: [], err: ['error: no API key matches "ch_nopeX"'] });
    expect((await cli(t.db, "apikey", "list", "--username", "ghost")).err).toEqual(['error: no user named "ghost"']);
    expect((await cli(t.db, "apikey", "revoke")).code).toBe(2);
  });

  it("deactivates a user: access tokens, refresh tokens and API keys are refused at once", async () => {
    await createUser(t.db, "departing", "admin");
    const key = (await cli(t.db, "apikey", "create", "--username", "departing")).out.at(-1)!;
    const tokens = await login("departing");
    expect((await customersWith(t, `Bearer ${tokens.access}`)).statusCode).toBe(200);
    expect((await customersWith(t, `Token ${key}`)).statusCode).toBe(200);

    const result = await cli(t.db, "user", "deactivate", "--username", "departing");
    expect(result).toEqual({
      code: 0,
      out: ['deactivated user "departing"; its tokens and 1 API key(s) are refused from now on'],
      err: [],
    });
    expect((await customersWith(t, `Bearer ${tokens.access}`)).statusCode).toBe(401);
    expect((await customersWith(t, `Token ${key}`)).statusCode).toBe(401);
    expect((await refresh(tokens.refresh)).statusCode).toBe(401);
    expect((await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "departing", password: PASSWORD } })).statusCode).toBe(401);

    // An UPDATE of the row (what a principal cache listens for), and refresh tokens revoked with it.
    const em = t.db.orm.em.fork();
    expect((await em.findOneOrFail(UserSchema, { username: "departing" })).is_active).toBe(false);
    expect(await em.count(RefreshTokenSchema, { user: { username: "departing" }, revoked_at: null })).toBe(0);
    expect((await cli(t.db, "user", "deactivate", "--username", "departing")).out).toEqual(['user "departing" was already inactive']);
    expect((await cli(t.db, "user", "deactivate", "--username", "ghost")).err).toEqual(['error: no user named "ghost"']);
  });
});

describe("cli: seed", () => {
  let db: TestDatabase;
  let app: App;
  const t = {} as TestContext;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgServerUrl"));
    app = await buildApp({ orm: db.orm, env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 } });
    await app.ready();
    Object.assign(t, { db, app });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // ~250 procedure calls in one transaction: seconds on a busy machine.
  it("fills an empty database and prints the demo credentials, which work", { timeout: 90_000 }, async () => {
    const { code, out } = await cli(db, "seed");
    expect(code).toBe(0);
    expect(out).toEqual([
      "created 60 customers",
      "created 25 members",
      "created 85 customer-member relations (45 customers, one primary contact each)",
      "created 70 customer-tenant relations (tenant_a: 40, tenant_b: 30)",
      "created 62 follow-up log entries (20 customers)",
      "created tenants: tenant_a, tenant_b",
      "demo credentials (change them before any real use):",
      "  admin / admin12345   (role admin)",
      "  tenant_a_admin / admin12345   (role tenant_admin of tenant tenant_a)",
    ]);

    const adminToken = await tokenFor(app, "admin", "admin12345");
    const list = await customersWith(t, `Bearer ${adminToken}`);
    expect(json(list).data.pagination.count).toBe(60);

    const statistics = json(await request(t, "GET", "/api/v1/customers/statistics/", { token: adminToken })).data;
    expect(statistics.total_count).toBe(60);
    expect(Object.keys(statistics.by_type).sort()).toEqual([...CUSTOMER_TYPES].sort());
    expect(Object.keys(statistics.by_value_level).sort()).toEqual([...VALUE_LEVELS].sort());
    expect(Object.keys(statistics.by_status).sort()).toEqual([...CUSTOMER_STATUSES].sort());
    expect(Object.keys(statistics.by_company_size).sort()).toEqual([...COMPANY_SIZES].sort());
    expect(Object.keys(statistics.by_grade).sort()).toEqual([...GRADES].sort());
    expect(Object.keys(statistics.by_follow_up_status).sort()).toEqual([...FOLLOW_UP_STATUSES].sort());
    expect(statistics.created_last_30_days).toBeGreaterThan(0);
    expect(statistics.created_last_30_days).toBeLessThan(60);

    const tenantAdmin = await db.orm.em.fork().findOneOrFail(UserSchema, { username: "tenant_a_admin" }, { populate: ["tenant"] });
    expect({ role: tenantAdmin.role, tenant: tenantAdmin.tenant?.code }).toEqual({ role: "tenant_admin", tenant: "tenant_a" });
    expect(await tokenFor(app, "tenant_a_admin", "admin12345")).toEqual(expect.any(String));
    const tenants = await db.orm.em.fork().find(TenantSchema, {}, { orderBy: { code: "asc" } });
    expect(tenants.map(({ code, name }) => ({ code, name }))).toEqual([
      { code: "tenant_a", name: "租户A" },
      { code: "tenant_b", name: "租户B" },
    ]);
  });

  it("gives every customer with members exactly one primary, whose contact details the customer shows", async () => {
    const em = db.orm.em.fork();
    expect(await em.count(MemberSchema, {})).toBe(25);
    const relations = await em.find(CustomerMemberRelationSchema, {}, { populate: ["customer", "member"] });
    expect(relations).toHaveLength(85);
    const byCustomer = groupBy(relations, (relation) => relation.customer);
    expect(byCustomer.size).toBe(45);
    for (const [customer, ofCustomer] of byCustomer) {
      const primaries = ofCustomer.filter((relation) => relation.is_primary);
      expect(primaries, customer.name).toHaveLength(1);
      const { name, phone, email } = primaries[0]!.member;
      expect([customer.primary_contact_name, customer.primary_contact_phone, customer.primary_contact_email], customer.name).toEqual([name, phone, email]);
    }
    expect(new Set(relations.map((relation) => relation.role))).toEqual(new Set(MEMBER_ROLES));
  });

  it("relates both tenants to their own mix of customers, with at most one primary each and dates in order", async () => {
    const em = db.orm.em.fork();
    const relations = await em.find(CustomerTenantRelationSchema, {}, { populate: ["tenant"] });
    const byTenant = groupBy(relations, (relation) => relation.tenant.code);
    expect(Object.fromEntries([...byTenant].map(([code, ofTenant]) => [code, ofTenant.length]))).toEqual({ tenant_a: 40, tenant_b: 30 });
    for (const ofTenant of byTenant.values()) {
      expect(new Set(ofTenant.map((relation) => relation.relation_type))).toEqual(new Set(RELATION_TYPES));
      expect(new Set(ofTenant.map((relation) => relation.status))).toEqual(new Set(RELATION_STATUSES));
    }
    const customers = groupBy(relations, (relation) => relation.customer.id);
    expect([...customers.values()].filter((ofCustomer) => ofCustomer.length === 2).length).toBe(15);
    for (const ofCustomer of customers.values()) {
      expect(ofCustomer.filter((relation) => relation.is_primary).length).toBeLessThanOrEqual(1);
    }
    for (const relation of relations) {
      if (relation.end_date) expect(relation.start_date! < relation.end_date, `relation ${relation.id}`).toBe(true);
    }
  });

  it("logs 2-4 follow-ups for 20 customers, after each customer was created", async () => {
    const logs = await db.orm.em.fork().find(FollowUpLogSchema, {}, { populate: ["customer"], orderBy: { time: "asc" } });
    expect(logs).toHaveLength(62);
    const byCustomer = groupBy(logs, (log) => log.customer);
    expect(byCustomer.size).toBe(20);
    for (const [customer, ofCustomer] of byCustomer) {
      expect(ofCustomer.length).toBeGreaterThanOrEqual(2);
      expect(ofCustomer.length).toBeLessThanOrEqual(4);
      expect(ofCustomer[0]!.time.getTime()).toBeGreaterThan(customer.created_at.getTime());
      expect(ofCustomer.at(-1)!.time.getTime()).toBeLessThan(Date.now());
    }
  });

  it("shows tenant_a_admin the customers of tenant_a through the tenant view", async () => {
    const token = await tokenFor(app, "tenant_a_admin", "admin12345");
    const list = json(await request(t, "GET", "/api/v1/customers/tenants/view/?page_size=100", { token }));
    expect(list.data.pagination.count).toBe(40);
    expect(list.data.results).toHaveLength(40);
    const statistics = json(await request(t, "GET", "/api/v1/customers/tenants/view/statistics/", { token })).data;
    expect(statistics.total_count).toBe(40);
    expect(Object.keys(statistics.by_relation_type).sort()).toEqual([...RELATION_TYPES].sort());
    expect(Object.keys(statistics.by_relation_status).sort()).toEqual([...RELATION_STATUSES].sort());
  });

  it("refuses a database that has customers, with exit code 1, and adds nothing", async () => {
    await expectCliError(seedDemoData(db.orm), 1, "the database already has 60 customers; seed only fills an empty database");
    expect(await db.orm.em.fork().count(CustomerSchema, {})).toBe(60);
    expect((await cli(db, "seed")).code).toBe(1);
  });

  it("refuses a database that has a member named as a demo member, and adds nothing", async () => {
    const empty = await createTestDatabase(inject("pgServerUrl"));
    try {
      const em = empty.orm.em.fork();
      em.create(MemberSchema, { username: demoMembers()[0]!.username, name: "已有成员" });
      await em.flush();
      await expectCliError(
        seedDemoData(empty.orm),
        1,
        `members named "${demoMembers()[0]!.username}" already exist; seed only fills an empty database`,
      );
      const check = empty.orm.em.fork();
      expect([await check.count(CustomerSchema, {}), await check.count(TenantSchema, {}), await check.count(MemberSchema, {})]).toEqual([0, 0, 1]);
    } finally {
      await empty.drop();
    }
  });

  it("writes through the procedures: counts maintained by the triggers need no rebuild, rows name the demo admin", async () => {
    expect(await cli(db, "counts", "rebuild")).toEqual({ code: 0, out: ["counts rebuilt; none was wrong"], err: [] });
    const em = db.orm.em.fork();
    expect(await em.count(CustomerSchema, { created_by: "admin", updated_by: "admin" })).toBe(60);
    expect(await em.count(CustomerMemberRelationSchema, { created_by: "admin" })).toBe(85);
    expect(await em.count(CustomerTenantRelationSchema, { created_by: "admin" })).toBe(70);
    expect(await em.count(FollowUpLogSchema, { created_by: "admin" })).toBe(62);
  });

  it("is refused, all of it, when its data breaks a rule of the API (a licence taken twice in a bulk create)", { timeout: 60_000 }, async () => {
    const empty = await createTestDatabase(inject("pgServerUrl"));
    try {
      const data = demoData(new Date("2025-07-03T10:00:00Z"));
      const [first, second] = data.customers.flatMap((customer, index) => (customer.business_license_number ? [index] : []));
      data.customers[second!]!.business_license_number = data.customers[first!]!.business_license_number;
      await expectCliError(
        seedDemoData(empty.orm, data),
        1,
        `the API refused customers 1–60: Invalid request parameters; customers.${second}.business_license_number: A customer with this business license number already exists.`,
      );
      const check = empty.orm.em.fork();
      // One transaction: the users and tenants made before the refusal are gone too.
      expect([await check.count(CustomerSchema, {}), await check.count(TenantSchema, {}), await check.count(UserSchema, {})]).toEqual([0, 0, 0]);
    } finally {
      await empty.drop();
    }
  });

  it("makes the same rows in another database", { timeout: 90_000 }, async () => {
    const other = await createTestDatabase(inject("pgServerUrl"));
    try {
      await seedDemoData(other.orm);
      // Everything but ids and times (those follow the clock of each run).
      const contents = (em: EntityManager) =>
        Promise.all([
          em.getConnection().execute("select name, type, value_level, status, business_license_number, email, primary_contact_name, primary_contact_phone, principal from customer order by name"),
          em.getConnection().execute("select username, name, phone, email from member order by username"),
          em.getConnection().execute(`select c.name, m.username, r.role, r.position, r.is_primary, r.notes from customer_member_relation r
            join customer c on c.id = r.customer_id join member m on m.id = r.member_id order by c.name, m.username`),
          em.getConnection().execute(`select c.name, t.code, r.relation_type, r.status, r.is_primary, r.notes from customer_tenant_relation r
            join customer c on c.id = r.customer_id join tenant t on t.id = r.tenant_id order by c.name, t.code`),
          em.getConnection().execute(`select c.name, f.title, f.principal, f.content from follow_up_log f
            join customer c on c.id = f.customer_id order by c.name, f.title`),
        ]);
      const [mine, theirs] = await Promise.all([contents(db.orm.em.fork()), contents(other.orm.em.fork())]);
      expect(theirs.map((rows) => rows.length)).toEqual([60, 25, 85, 70, 62]);
      expect(theirs).toEqual(mine);
    } finally {
      await other.drop();
    }
  });
});

describe("cli: demo data", () => {
  const customers = demoCustomers(new Date("2025-07-03T10:00:00Z"));

  it("is varied, realistic and valid", () => {
    expect(customers).toHaveLength(60);
    expect(new Set(customers.map((customer) => customer.name)).size).toBe(60);
    const licences = customers.flatMap((customer) => (customer.business_license_number ? [customer.business_license_number] : []));
    expect(new Set(licences).size).toBe(licences.length);
    for (const licence of licences) {
      expect(licence).toMatch(/^91\d{15}[0-9A-HJ-NPQRTUWXY]$/);
      expect(creditCodeCheckChar(licence.slice(0, 17))).toBe(licence[17]);
    }
    for (const customer of customers) {
      if (customer.mobile_phone) expect(customer.mobile_phone).toMatch(/^1[3-9]\d{9}$/);
      if (customer.landline) expect(customer.landline).toMatch(/^0\d{2,3}-\d{8}$/);
    }
    const lead = new Set(customers.map((customer) => customer.lead_source));
    expect([...LEAD_SOURCES].every((value) => lead.has(value))).toBe(true);
  });

  it("has members with unique usernames and names, and phones and e-mail addresses that look real", () => {
    const members = demoMembers();
    expect(members).toHaveLength(25);
    expect(new Set(members.map((member) => member.username)).size).toBe(25);
    expect(new Set(members.map((member) => member.name)).size).toBe(25);
    expect(new Set(members.map((member) => member.phone)).size).toBe(25);
    for (const member of members) {
      expect(member.username).toMatch(/^[a-z]+\d*$/);
      expect(member.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(member.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(member.email).toMatch(/^[a-z]+\d{2}@[a-z0-9.]+$/);
      expect(member.email.startsWith(`${member.username.replace(/\d+$/, "")}`)).toBe(true);
    }
  });

  it("relates members with one primary per customer and tenants with dates in order", () => {
    const now = new Date("2025-07-03T10:00:00Z");
    const memberRelations = demoMemberRelations(customers);
    for (const ofCustomer of groupBy(memberRelations, (relation) => relation.customer).values()) {
      expect(ofCustomer.length).toBeGreaterThanOrEqual(1);
      expect(ofCustomer.length).toBeLessThanOrEqual(3);
      expect(ofCustomer.filter((relation) => relation.is_primary)).toHaveLength(1);
      expect(new Set(ofCustomer.map((relation) => relation.member)).size).toBe(ofCustomer.length);
    }
    for (const relation of demoTenantRelations(customers.length, now)) {
      const today = "2025-07-03";
      expect(relation.start_date < today).toBe(true);
      if (relation.end_date) expect(relation.start_date < relation.end_date).toBe(true);
      if (relation.status === "terminated" || relation.status === "expired") expect(relation.end_date! < today).toBe(true);
    }
    for (const log of demoFollowUps(customers, now)) {
      expect(log.time < now && log.time < log.next_time).toBe(true);
    }
  });

  it("computes the GB 32100 check character of the standard's example code", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
  });

  it("is the same on every run", () => {
    const now = new Date("2025-07-03T10:00:00Z");
    expect(demoCustomers(now)).toEqual(customers);
    expect(demoMembers()).toEqual(demoMembers());
    expect(demoMemberRelations(demoCustomers(now))).toEqual(demoMemberRelations(customers));
    expect(demoTenantRelations(60, now)).toEqual(demoTenantRelations(60, now));
    expect(demoFollowUps(demoCustomers(now), now)).toEqual(demoFollowUps(customers, now));
    // The seed is what decides: another one makes other customers.
    expect(demoCustomers(now, 1).map((customer) => customer.primary_contact_name)).not.toEqual(customers.map((customer) => customer.primary_contact_name));
  });
});
