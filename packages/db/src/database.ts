import path from "node:path";

import type { DbTimeouts } from "./config";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";
import { createOrm, migrate, type Orm } from "./orm";

export type Database = { orm: Orm; close: () => Promise<void> };

/** Where the database is: the caller's settings (the api's `Env` has these fields). */
export type DatabaseSettings = {
  /** Unset: an embedded PostgreSQL under `dataDir/postgres`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbTimeouts?: Partial<DbTimeouts>;
};

/**
 * The server named by DATABASE_URL, or an embedded PostgreSQL under `.data/` (CONTRACT §12),
 * with pending migrations applied.
 */
export async function openDatabase(
  settings: DatabaseSettings,
  log: (line: string) => void,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  let url = settings.databaseUrl;
  let stopCluster = async () => {};
  if (!url) {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(settings.dataDir, "postgres"), log });
    url = await ensureDatabase(cluster.adminUrl, "customer_hub");
    stopCluster = cluster.stop;
  }
  const orm = await createOrm({ url, timeouts: settings.dbTimeouts });
  try {
    if (options.migrate ?? true) {
      const applied = await migrate(orm);
      if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
    }
  } catch (error) {
    await orm.close(true);
    await stopCluster();
    throw error;
  }
  return {
    orm,
    close: async () => {
      await orm.close(true);
      await stopCluster();
    },
  };
}
