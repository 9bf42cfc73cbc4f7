import { fileURLToPath } from "node:url";

import { defineConfig, type Options } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";

import type pg from "pg";

import { entities } from "./entities";
import { migrationsList } from "./migrations";
import { createStallWatch } from "./stall-watch";

export type DbConfig = {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Log every SQL statement (development only). */
  debug?: boolean;
  /** Pool size per process. */
  poolMax?: number;
  /** Bounds on every wait for the database (defaults: DB_TIMEOUT_DEFAULTS). */
  timeouts?: Partial<DbTimeouts>;
  /** When a pooled session counts as stuck on a frozen server (defaults: STALL_DEFAULTS). */
  stalls?: Partial<StallBounds>;
};

export type DbTimeouts = {
  /** Opening a connection (TCP + startup); a frozen server never answers the startup. */
  connectMs: number;
  /** Waiting for a free connection of the pool. */
  acquireMs: number;
  /** `statement_timeout` of every session: the server cancels a longer statement (57014). */
  statementMs: number;
};

/**
 * A query unanswered for `stallMs` has the server probed on a fresh session (stall-watch.ts); a
 * server that gives none within `probeMs` is frozen, and the query fails at once: a 503 within
 * about a second, where `query_timeout` alone would wait the statement timeout and more.
 */
export type StallBounds = { stallMs: number; probeMs: number };
export const STALL_DEFAULTS: StallBounds = { stallMs: 250, probeMs: 500 };

/**
 * Short enough that a database that is down or frozen becomes a 503 within about a second, not a
 * request hanging for a minute; long enough for any statement of this API on a healthy server.
 */
export const DB_TIMEOUT_DEFAULTS: DbTimeouts = { connectMs: 1000, acquireMs: 1000, statementMs: 5000 };

/** The one place MikroORM options are built; the API, the CLI and the tests all come through here. */
export function createOrmConfig(config: DbConfig): Options {
  const timeouts = { ...DB_TIMEOUT_DEFAULTS, ...config.timeouts };
  // Unbounded sessions (migrations) may wait as long as their statements take.
  const stalls = timeouts.statementMs === 0 ? undefined : createStallWatch({ url: config.url, ...STALL_DEFAULTS, ...config.stalls });
  return defineConfig({
    clientUrl: config.url,
    entities,
    extensions: [Migrator],
    debug: config.debug ?? false,
    pool: {
      min: 0,
      max: config.poolMax ?? 10,
      acquireTimeoutMillis: timeouts.acquireMs,
      afterCreate: (client: pg.Client, done: (error: Error | null, client: pg.Client) => void) => {
        stalls?.watch(client);
        done(null, client);
      },
    },
    driverOptions: {
      acquireConnectionTimeout: timeouts.acquireMs,
      connection: {
        connectionTimeoutMillis: timeouts.connectMs,
        // 0: no bound (migrations, which rebuild whole tables).
        statement_timeout: timeouts.statementMs,
        // The last bound, should the stall watch's probe be answered while this session hangs.
        query_timeout: timeouts.statementMs === 0 ? undefined : timeouts.statementMs + 1000,
        keepAlive: true,
      },
    },
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
