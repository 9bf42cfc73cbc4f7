import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { dropDatabase, ensureDatabase } from "../src/embedded";
import { MikroORM } from "@mikro-orm/postgresql";

import { createOrmConfig } from "../src/config";
import { migrationsList } from "../src/migrations";
import { migrate } from "../src/orm";
import { createTestDatabase, type TestDatabase } from "../src/testing";

describe("migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgServerUrl"));
  });
  afterAll(() => db.drop());

  it("apply cleanly and leave nothing for the entities to change", async () => {
    // Compares the entities with the migrated database itself, not with the snapshot file, so a
    // hand-edited migration or a forgotten one fails here (and in CI).
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    expect(diff.trim()).toBe("");
  });

  it("are all recorded as executed", async () => {
    const pending = await db.orm.getMigrator().getPendingMigrations();
    expect(pending).toEqual([]);
  });

  it("create the partial and trigram indexes the queries rely on", async () => {
    const rows = await db.orm.em
      .getConnection()
      .execute<{ indexname: string; indexdef: string }[]>(
        "select indexname, indexdef from pg_indexes where tablename = 'customer' order by indexname",
      );
    const byName = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]));
    expect(byName.customer_live_created_at_id_idx).toMatch(/WHERE \(deleted_at IS NULL\)/);
    expect(byName.customer_live_search_trgm_idx).toMatch(/USING gin .*gin_trgm_ops.*WHERE \(deleted_at IS NULL\)/);
    expect(byName.customer_live_business_license_number_unique).toMatch(/UNIQUE INDEX .*WHERE \(deleted_at IS NULL\)/);
  });

  it("run without the statement timeout that bounds requests (a large table's index build takes minutes)", async () => {
    const server = inject("pgServerUrl");
    const url = await ensureDatabase(server, "migrations_unbounded");
    // 1 ms: no migration statement would finish under the bound a request's session has. Not
    // connected: MikroORM's own start-up query would itself exceed 1 ms on a busy machine.
    const orm = await MikroORM.init({ ...createOrmConfig({ url, timeouts: { statementMs: 1 } }), connect: false });
    try {
      expect(await migrate(orm)).toHaveLength(migrationsList.length);
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
      await dropDatabase(server, "migrations_unbounded");
    }
  });
});
