import path from "node:path";

import { createOrm, ensureDatabase, migrate, startEmbeddedPostgres, type Orm } from "@customer-hub/db";

import type { Env } from "./env";

export type Database = { orm: Orm; close: () => Promise<void> };

/**
 * The server named by DATABASE_URL, or an embedded PostgreSQL under `.data/` (CONTRACT §12),
 * with pending migrations applied.
 */
export async function openDatabase(
  env: Pick<Env, "databaseUrl" | "dataDir"> & Partial<Pick<Env, "dbTimeouts">>,
  log: (line: string) => void,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  let url = env.databaseUrl;
  let stopCluster = async () => {};
  if (!url) {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(env.dataDir, "postgres"), log });
    url = await ensureDatabase(cluster.adminUrl, "customer_hub");
    stopCluster = cluster.stop;
  }
  const orm = await createOrm({ url, timeouts: env.dbTimeouts });
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
