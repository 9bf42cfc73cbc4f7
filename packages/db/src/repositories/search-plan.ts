/**
 * How a search page is read, for the customers' search and the tenant view's alike. A search
 * costs in proportion to the rows it tests against the term, so each step reads as few as it can:
 *
 * 1. In an order the `created_at` index serves, the first `sample` rows of that order (filters and
 *    cursor applied) are tested first. Every row examined: their matches are the exact count, and
 *    the page is among them. A term in a tenth of them or more may be common: rows drawn at random
 *    across the table (spread.ts; the newest rows are clustered) decide. It is "many" when their
 *    share, scaled to the maintained count of the filtered rows, passes twice the exact limit, and
 *    the first pages are filled from the newest rows.
 * 2. Otherwise one capped pass over the matches, through the search indexes, counts them and,
 *    when they are within the exact limit, answers their ids: the page is read among those.
 * 3. Past the exact limit a term matches at least one row in `candidates / limit`, so the page is
 *    within the first few multiples of that many rows of the order: a window of them is read
 *    through the `created_at` index (the matches through the search index would be every one of
 *    more than the limit, fetched and sorted for a page of ten).
 */
import type { OrderingTerm } from "@customer-hub/domain";

import { EXACT_COUNT_LIMIT, type CappedCount, type CappedCountOptions, type Count } from "./counts";
import type { Spread } from "./spread";

/** The bounds a search reads within; tests lower them to reach each branch with a few rows. */
export type SearchLimits = {
  /** Up to this many matches a search's count is exact (the contract's 10,000). */
  exactCount: number;
  /**
   * How many of the first rows of the order are tested before the indexes. Every search pays
   * for them (well under a millisecond through `created_at`), rare terms too, so they are few.
   */
  sample: number;
  /**
   * How many rows are drawn at random to decide that a term is common (spread.ts). A table of no
   * more rows is read whole.
   */
  spread: number;
};

export const SEARCH_LIMITS: SearchLimits = { exactCount: EXACT_COUNT_LIMIT, sample: 300, spread: 400 };

/**
 * A random spread shows a common term with at least this many matches in at least this many
 * blocks (rows stored together, imported together, are one observation, not many).
 */
const SPREAD_MATCHES = 30;
const SPREAD_BLOCKS = 10;

/** The matches of a search among the first `examined` (at most `sample`) rows of the page's order. */
export type Sample = { matches: number; examined: number; after: boolean };

/** Every row the filters match was examined: the sample's matches are all of them. */
export const sampleIsComplete = (sample: Sample, limits: SearchLimits) => !sample.after && sample.examined < limits.sample;

/**
 * The count a sample decides, or undefined: complete, it is exact. A term in a tenth or more of
 * the sample may be common; it is "many" when a random spread of the filtered rows (`spread`) holds
 * it often enough, in enough blocks, that its share of `candidates` (a maintained count) passes
 * twice the exact limit (PostgREST's estimated count skips counting the same way, on the planner's
 * random sample). With 30 or more matches drawn at random, a term with no more matches than the
 * limit would have to have been drawn at twice its frequency: several standard deviations, where
 * counting ten thousand matches of a common term costs tens of milliseconds.
 */
export async function countFromSample(
  sample: Sample,
  reads: Pick<SearchReads, "candidates" | "spread">,
  limits: SearchLimits,
): Promise<Count | undefined> {
  if (sampleIsComplete(sample, limits)) return { total: sample.matches, exact: true };
  if (sample.examined === 0 || sample.matches < limits.sample / 10) return undefined;
  const spread = await reads.spread();
  const seen = spread.complete ? spread.matches > 0 : spread.matches >= SPREAD_MATCHES && spread.blocks >= SPREAD_BLOCKS;
  if (!seen) return undefined;
  const estimate = Math.round((spread.matches / spread.examined) * (await reads.candidates()));
  return estimate > 2 * limits.exactCount ? { total: estimate, exact: false } : undefined;
}

/** `matches / examined` of `candidates`: a guess at a term's matches beyond the sample. */
export const scaledSample = (sample: Sample | undefined, candidates: number) =>
  sample && sample.examined > 0 ? Math.round((sample.matches / sample.examined) * candidates) : 0;

/**
 * How many rows of the order to read so that `wanted` matches are among them, for a term of
 * `estimate` matches (more than the exact limit) among `candidates` rows: twice the expected
 * number, or undefined when that is more rows than fetching every match through the index.
 */
export function windowFor(wanted: number, candidates: number, estimate: number): number | undefined {
  const rows = Math.ceil((2 * wanted * candidates) / Math.max(estimate, 1));
  return rows <= estimate ? rows : undefined;
}

/** Orders the `created_at` index serves (either way, `id` only as the tie-break): a window is its first rows. */
export const leadsWithCreatedAt = <F extends string>(ordering: OrderingTerm<F>[]) =>
  ordering[0]?.field === "created_at" &&
  ordering.every((term) => (term.field === "created_at" || term.field === "id") && term.desc === ordering[0]!.desc);

/** Where a search's page is read, once its count is known (see the steps above). */
export type PageSource =
  /** Among the first `limits.sample` rows of the order. */
  | { from: "sample" }
  /** Among these ids: every match. */
  | { from: "ids"; ids: number[] }
  /** Among the first `size` rows of the order; a window short of a page falls back to the index. */
  | { from: "window"; size: number }
  /** Through the search indexes. */
  | { from: "index" };

/** What a repository reads for planSearch, in its own tables. */
export type SearchReads = {
  /** The sample's matches (only asked in an order the `created_at` index serves). */
  sample: () => Promise<Sample>;
  /** The rows the filters match, without the term: a maintained count. */
  candidates: () => Promise<number>;
  /** The term among rows the filters match drawn at random (spread.ts), kept a few seconds. */
  spread: () => Promise<Spread>;
  /** The matches' capped count (`cappedCount` over the repository's query of their ids). */
  cappedCount: (options: CappedCountOptions) => Promise<CappedCount>;
};

/** The count of a search and where its page is, reading as few rows as the steps above allow. */
export async function planSearch(
  { ordering, wanted }: { ordering: OrderingTerm<string>[]; wanted: number },
  reads: SearchReads,
  limits: SearchLimits,
): Promise<{ count: Count; source: PageSource }> {
  const walkable = leadsWithCreatedAt(ordering);
  const sample = walkable ? await reads.sample() : undefined;
  let counted: Promise<number> | undefined;
  const candidates = () => (counted ??= reads.candidates());
  const fromSample = sample ? await countFromSample(sample, { candidates, spread: reads.spread }, limits) : undefined;
  const inSample = sample !== undefined && (sample.matches >= wanted || sampleIsComplete(sample, limits));
  const { ids, ...count }: CappedCount =
    fromSample ?? (await reads.cappedCount({ limit: limits.exactCount, planFirst: !sample, withIds: !inSample }));
  if (inSample) return { count, source: { from: "sample" } };
  if (ids) return { count, source: { from: "ids", ids } };
  if (!walkable) return { count, source: { from: "index" } };
  const total = await candidates();
  const estimate = { total: Math.max(count.total, scaledSample(sample, total)), exact: count.exact };
  const size = windowFor(wanted, total, estimate.total);
  return { count: estimate, source: size === undefined ? { from: "index" } : { from: "window", size } };
}
