import { MikroORM } from "@mikro-orm/postgresql";

import { createOrmConfig, type DbConfig } from "./config";

export type Orm = MikroORM;

/** A new ORM (and pool) each call: the app, the CLI and each test own theirs. */
export async function createOrm(config: DbConfig): Promise<Orm> {
  return MikroORM.init(createOrmConfig(config));
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

/**
 * True when the database answers a trivial query within `timeoutMs`; used by `/readyz`, which a
 * load balancer polls and must not leave hanging on a frozen server.
 */
export async function isDatabaseReachable(orm: Orm, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = orm.em
    .getConnection()
    .execute("select 1")
    .then(() => true as const)
    .catch(() => false as const);
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
