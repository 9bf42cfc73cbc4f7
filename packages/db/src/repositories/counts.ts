import type { EntityManager, QueryBuilder } from "@mikro-orm/postgresql";

import { prepared, runPrepared, type PreparedStatement } from "./prepared";

/** A list's total: exact, or (beyond EXACT_COUNT_LIMIT matches) the planner's estimate. */
export type Count = { total: number; exact: boolean };

/** Up to this many matches a count is exact; beyond it the planner estimates (PostgREST's "estimated"). */
export const EXACT_COUNT_LIMIT = 10_000;

/** The scope of the counts over all live customers; a tenant's view counts under its id. */
export const ALL_CUSTOMERS = 0;

/**
 * The facets maintained by the triggers of Migration20261201213000, with the meaning of each key
 * position. A count over a facet sums the folded totals and the deltas not yet folded.
 */
export const FACETS = {
  customer: { name: "type,value_level,status", keys: ["type", "value_level", "status"] },
  tenantView: {
    name: "tenant_view",
    keys: ["type", "value_level", "status", "relation_type", "relation_status"],
  },
  single: ["company_size", "grade", "lead_source", "customer_industry", "follow_up_status"],
  createdHour: "created_hour",
} as const;

const FACET_ROWS = `(select key, n from customer_count where scope = ? and facet = ?
                     union all
                     select key, n from customer_count_delta where scope = ? and facet = ?) as counted`;

/** Live customers (of `scope`) whose key in `facet` has `match[position]` at each given position. */
export async function maintainedCount(
  em: EntityManager,
  scope: number,
  facet: string,
  match: (string | undefined)[] = [],
): Promise<number> {
  const positions = match.flatMap((value, position) => (value === undefined ? [] : [position + 1]));
  const values = match.filter((value) => value !== undefined);
  const [row] = await runPrepared<{ n: string | null }>(em, countStatement(positions), [scope, facet, scope, facet, ...values]);
  return Number(row?.n ?? 0);
}

/** One statement per set of matched key positions (a generic plan serves every scope, facet and value). */
function countStatement(positions: number[]): PreparedStatement {
  const where = positions.length ? `where ${positions.map((position) => `key[${position}] = ?`).join(" and ")}` : "";
  return prepared(`maintained_count_${positions.join("_")}`, `select sum(n) as n from ${FACET_ROWS} ${where}`);
}

/** A capped count's answer; `ids`: every match, when asked for and the count is exact. */
export type CappedCount = Count & { ids?: number[] };

export type CappedCountOptions = {
  /** Exact up to this many matches (EXACT_COUNT_LIMIT; tests lower it). */
  limit?: number;
  /**
   * Ask the planner first and skip the counting when it expects ten times the limit, as
   * PostgREST's "estimated" count does. Useless where its estimate is a guess (a trigram ILIKE is
   * always "a few hundred rows"), so a search that has sampled the newest rows skips it.
   */
  planFirst?: boolean;
  /** Also answer the matching ids (`id`, the query's one column) when the count is exact. */
  withIds?: boolean;
  /** A better guess than the planner's when the count is over the limit (a sampled estimate). */
  guess?: number;
};

/**
 * The matches of `qb` (a query of one `id` column, without order or page): exact up to the limit
 * (a count over `limit + 1` rows), beyond it an estimate, never fewer than were seen.
 */
export async function cappedCount<Entity extends object, Alias extends string>(
  em: EntityManager,
  qb: QueryBuilder<Entity, Alias>,
  { limit = EXACT_COUNT_LIMIT, planFirst = true, withIds = false, guess = 0 }: CappedCountOptions = {},
): Promise<CappedCount> {
  const connection = em.getConnection();
  // With its values inlined (MikroORM escapes them): EXPLAIN takes no bind parameters, and the
  // planner estimates from the real values.
  const sql = qb.getFormattedQuery();
  const context = em.getTransactionContext();
  const planned = async () => {
    const [plan] = await connection.execute<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>(
      `explain (format json) ${sql}`,
      [],
      "all",
      context,
    );
    return Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
  };
  const early = planFirst ? await planned() : undefined;
  if (early !== undefined && early >= 10 * limit) return { total: early, exact: false };
  // One pass over the matches answers the count and, when it is exact, the page's candidates.
  const ids = withIds ? `, case when count(*) <= ${limit} then array_agg(id) end as ids` : "";
  const [row] = await connection.execute<{ n: string; ids?: number[] | null }[]>(
    `select count(*) as n${ids} from (${sql} limit ${limit + 1}) as matches`,
    [],
    "all",
    context,
  );
  const seen = Number(row?.n ?? 0);
  if (seen <= limit) return { total: seen, exact: true, ...(withIds ? { ids: row?.ids ?? [] } : {}) };
  return { total: Math.max(early ?? (await planned()), guess, seen), exact: false };
}

/** Per facet, per key position (0-based), `{value: count}`: what statistics show. */
export type Tallies = Map<string, Record<string, number>[]>;

/**
 * `(facet, position, value, n)` for every value at every key position (1 to `positions`) of
 * `facets` in `scope`, summed in the database by grouping sets (one hash aggregate over the
 * count rows), so a tenant with a thousand keys answers a few dozen rows.
 */
export function talliesQuery(scope: number, facets: readonly string[], positions: number): { sql: string; params: unknown[] } {
  const names = facets.map(() => "?").join(", ");
  const columns = Array.from({ length: positions }, (_, index) => `k${index + 1}`);
  const keyColumns = columns.map((column, index) => `key[${index + 1}] as ${column}`).join(", ");
  const grouped = (pick: (column: string, position: number) => string) =>
    `case ${columns.map((column, index) => `when grouping(${column}) = 0 then ${pick(column, index + 1)}`).join(" ")} end`;
  return {
    sql: `select facet, ${grouped((_, position) => String(position))} as position, ${grouped((column) => column)} as value, sum(n) as n
            from (select facet, ${keyColumns}, n from customer_count where scope = ? and facet in (${names})
                  union all
                  select facet, ${keyColumns}, n from customer_count_delta where scope = ? and facet in (${names})) as counted
           group by grouping sets (${columns.map((column) => `(facet, ${column})`).join(", ")})
          having sum(n) <> 0 and ${grouped((column) => column)} is not null`,
    params: [scope, ...facets, scope, ...facets],
  };
}

/** A row of `talliesQuery` (and of the statements built on it): one value's count at one key position. */
export type TallyRow = { facet: string; position: number; value: string; n: string | number };

/** Rows of `talliesQuery` (and others of its shape) as Tallies. */
export function toTallies(rows: TallyRow[]): Tallies {
  const tallies: Tallies = new Map();
  for (const row of rows) {
    const positions = tallies.get(row.facet) ?? [];
    const counts = (positions[row.position - 1] ??= {});
    counts[row.value] = Number(row.n);
    tallies.set(row.facet, positions);
  }
  return tallies;
}

/** `tallies.get(facet)[position]`, empty when no live customer counts there. */
export const tallyAt = (tallies: Tallies, facet: string, position = 0): Record<string, number> =>
  tallies.get(facet)?.[position] ?? {};

/** The sum of a tally (the total of a facet whose first key is never null). */
export const totalOf = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

export type CountDrift = { scope: number; facet: string; key: string[]; maintained: number; actual: number };

/** Every maintained count that differs from a fresh count of the tables (empty when all agree). */
export async function countDrift(em: EntityManager): Promise<CountDrift[]> {
  const rows = await em.getConnection().execute<{ scope: number; facet: string; key: string[]; maintained: string; actual: string }[]>(
    `with maintained as (
       select scope, facet, key, sum(n) as n
         from (select * from customer_count union all select * from customer_count_delta) as counted
        group by scope, facet, key having sum(n) <> 0)
     select scope, facet, key, coalesce(m.n, 0) as maintained, coalesce(f.n, 0) as actual
       from maintained m full join customer_count_fresh() f using (scope, facet, key)
      where m.n is distinct from f.n
      order by scope, facet, key`,
    [],
    "all",
    em.getTransactionContext(),
  );
  return rows.map((row) => ({ ...row, maintained: Number(row.maintained), actual: Number(row.actual) }));
}

/** Recomputes every maintained count from the tables (`pnpm cli counts rebuild`). */
export async function rebuildCounts(em: EntityManager): Promise<void> {
  await em.getConnection().execute("select customer_count_rebuild()", [], "all", em.getTransactionContext());
}
