import { MikroORM } from "@mikro-orm/postgresql";

import { createOrmConfig, type DbConfig } from "./config";

export type Orm = MikroORM;

/** A new ORM (and pool) each call: the app, the CLI and each test own theirs. */
export async function createOrm(config: DbConfig): Promise<Orm> {
  return MikroORM.init(createOrmConfig(config));
}

/**
 * Applies the pending migrations of `orm`'s database on a connection of their own, without the
 * statement timeouts that bound requests: a migration builds indexes and rebuilds counts over whole
 * tables, which takes minutes at a million customers.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const unbounded = await createOrm({ url: orm.config.getClientUrl(), poolMax: 1, timeouts: { statementMs: 0, acquireMs: 60_000 } });
  try {
    const applied = await unbounded.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    await unbounded.close(true);
  }
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
