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

/** True when the database answers a trivial query; used by `/readyz`. */
export async function isDatabaseReachable(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute("select 1");
    return true;
  } catch {
    return false;
  }
}
