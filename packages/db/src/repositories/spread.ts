/**
 * Rows drawn at random across the customer table, for deciding whether a search term is common.
 * The newest rows (a search's first sample) are clustered: a day's import can share a word that is
 * rare in the table, and scaling them up promised more than the exact limit of a term that had a
 * few hundred matches. ANALYZE draws its sample the same way: rows from random blocks.
 */
import type { EntityManager } from "@mikro-orm/postgresql";

import { prepared, runPrepared } from "./prepared";

/** A random sample of the rows a search's filters match. */
export type Spread = {
  /** Rows examined (those the filters match) and, among them, the term's matches. */
  examined: number;
  matches: number;
  /** Distinct table blocks the matches lie in: matches from a handful of blocks are one cluster. */
  blocks: number;
  /** The sample is every row the filters match (a table no larger than the sample). */
  complete: boolean;
};

/** Select list of a spread, over a FROM with the customer as `c`, `?` the term's pattern (twice). */
export const spreadSelect = (matchSql: string) =>
  `count(*) as examined, count(*) filter (where ${matchSql}) as matches,
   count(distinct (c.ctid::text::point)[0]) filter (where ${matchSql}) as blocks`;

export const spreadOf = (row: { examined: string; matches: string; blocks: string } | undefined, complete: boolean): Spread => ({
  examined: Number(row?.examined ?? 0),
  matches: Number(row?.matches ?? 0),
  blocks: Number(row?.blocks ?? 0),
  complete,
});

const TABLE_SIZE = prepared("customer_table_size", "select relpages, reltuples from pg_class where oid = 'customer'::regclass");

/**
 * `size` random row addresses of the customer table (a random block, a random line within the
 * table's mean rows per block) as one `tid[]` literal, or undefined when the table holds no more
 * than `size` rows and is read whole. Addresses of no live row miss; what they do not find is not
 * examined. A literal, not an array: the query builder spreads an array into a list of values.
 */
export async function randomCustomerTids(em: EntityManager, size: number): Promise<string | undefined> {
  const [table] = await runPrepared<{ relpages: number; reltuples: number }>(em, TABLE_SIZE, []);
  const pages = Number(table?.relpages ?? 0);
  const rows = Number(table?.reltuples ?? -1);
  // Never analysed (-1) or small: read it whole.
  if (rows <= size || pages <= 1) return undefined;
  const perPage = Math.max(1, Math.round(rows / pages));
  const tids = Array.from({ length: size }, () => `"(${Math.floor(Math.random() * pages)},${1 + Math.floor(Math.random() * perPage)})"`);
  return `{${tids.join(",")}}`;
}

/**
 * Spreads are kept for a few seconds per term and filters: random blocks are cold (~50 µs each
 * from the OS cache) where the newest rows are hot, so drawing one per request would cost a common
 * search more than its page. A common term stays common for longer than that; the planner's own
 * statistics are refreshed far less often.
 */
const SPREAD_TTL_MS = 10_000;
const SPREADS_KEPT = 1_000;
// Keys name what the draw depends on: scope, draw size, filters and term.
const spreads = new Map<string, { at: number; spread: Promise<Spread> }>();

export function cachedSpread(key: string, draw: () => Promise<Spread>, now = Date.now()): Promise<Spread> {
  const kept = spreads.get(key);
  if (kept && now - kept.at < SPREAD_TTL_MS) return kept.spread;
  if (spreads.size >= SPREADS_KEPT) spreads.clear();
  const spread = draw();
  spreads.set(key, { at: now, spread });
  // A failed draw is not kept: the next search draws again.
  spread.catch(() => spreads.delete(key));
  return spread;
}
