import { fileURLToPath } from "node:url";

import { defineConfig, type Options } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";

import { entities } from "./entities";
import { migrationsList } from "./migrations";

export type DbConfig = {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Log every SQL statement (development only). */
  debug?: boolean;
  /** Pool size per process. */
  poolMax?: number;
};

/** The one place MikroORM options are built; the API, the CLI and the tests all come through here. */
export function createOrmConfig(config: DbConfig): Options {
  return defineConfig({
    clientUrl: config.url,
    entities,
    extensions: [Migrator],
    debug: config.debug ?? false,
    pool: { min: 0, max: config.poolMax ?? 10 },
    // Entities are defined with defineEntity, so no reflection or discovery of files is needed.
    discovery: { warnWhenNoEntities: true },
    forceUtcTimezone: true,
    // Kept by triggers in raw SQL (Migration20261201213000), not entities: the schema diff leaves them be.
    schemaGenerator: { skipTables: ["customer_count", "customer_count_delta"] },
    // Handlers flush explicitly; nothing is written behind their back.
    allowGlobalContext: false,
    migrations: {
      tableName: "mikro_orm_migrations",
      // Listed explicitly: loading .ts files by path breaks under vitest and bundling.
      migrationsList,
      path: fileURLToPath(new URL("./migrations", import.meta.url)),
      // One snapshot name whatever the database is called, so test databases share it.
      snapshotName: ".snapshot-customer-hub",
      transactional: true,
      allOrNothing: true,
      emit: "ts",
      silent: true,
    },
  });
}
