import type { Dictionary } from "@mikro-orm/core";
import type { EntityManager, Knex } from "@mikro-orm/postgresql";

/**
 * A statement whose text never changes, run as a named prepared statement: each pooled
 * connection parses it once, and after five executions PostgreSQL keeps a generic plan, so a hot
 * read is not planned again on every request (planning a statement over `customer`, with its
 * many indexes, costs more than running it). MikroORM's `execute` inlines every parameter into
 * the SQL text, which makes each call a new statement to parse and plan.
 *
 * Only for statements whose best plan does not depend on the values: the generic plan serves
 * every value alike (a tenant of 200 and one of 100,000 want different plans for a page; they do
 * not share a statement here).
 */
export type PreparedStatement = {
  /** Unique among the statements of the process: the connection keeps its parse under this name. */
  name: string;
  /** The SQL, with `?` for each value; an array value goes as one PostgreSQL array (`= any(?::int[])`). */
  sql: string;
};

const names = new Map<string, string>();

/** Declares a prepared statement; a name given to two different texts is a programming error. */
export function prepared(name: string, sql: string): PreparedStatement {
  const known = names.get(name);
  if (known !== undefined && known !== sql) throw new Error(`prepared statement ${name} declared twice with different SQL`);
  names.set(name, sql);
  return { name, sql };
}

/** The rows of `statement` with `values`, inside the EntityManager's transaction when it has one. */
export function runPrepared<Row extends Dictionary = Dictionary>(
  em: EntityManager,
  statement: PreparedStatement,
  values: readonly Knex.RawBinding[],
): Promise<Row[]> {
  return run(em, statement.sql, values, { name: statement.name });
}

/**
 * SQL built per request (its shape follows the filters), sent with its values as parameters:
 * never inlined into the text, and planned for those very values, as a statement whose best plan
 * depends on them must be.
 */
export function runParameterized<Row extends Dictionary = Dictionary>(
  em: EntityManager,
  sql: string,
  values: readonly Knex.RawBinding[],
): Promise<Row[]> {
  return run(em, sql, values, {});
}

async function run<Row>(em: EntityManager, sql: string, values: readonly Knex.RawBinding[], options: { name?: string }): Promise<Row[]> {
  const query = em.getConnection().getKnex().raw(sql, values).options(options);
  const transaction = em.getTransactionContext();
  if (transaction) query.transacting(transaction);
  const result = (await query) as { rows: Row[] };
  return result.rows;
}
