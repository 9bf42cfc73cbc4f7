import { LockMode, raw, type Dictionary } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  CursorPosition,
  CustomerFilters,
  CustomerOrderingField,
  CustomerStatistics,
  OrderingTerm,
} from "@customer-hub/domain";

import { CustomerSchema, customerSearchDocument, type Customer } from "../entities/customer.entity";
import {
  ALL_CUSTOMERS,
  cappedCount,
  EXACT_COUNT_LIMIT,
  FACETS,
  maintainedCount,
  talliesQuery,
  tallyAt,
  toTallies,
  totalOf,
  type Count,
} from "./counts";
import { lockLiveCustomers } from "./locks";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import { likePattern, searchCondition } from "./search";

export { likePattern } from "./search";

export type PageRequest = { offset: number; limit: number };

/**
 * A customer read for answering only: a plain object of the entity's properties (the query
 * builder maps columns and types), not managed by any EntityManager, so never flushed.
 */
export type CustomerRow = Customer;

/** A page's row with its keyset position (`created_at` as PostgreSQL prints it: microseconds kept). */
export type CustomerPageRow = CustomerRow & { cursor_created_at: string };

// PostgreSQL reads only years 0001–9999 in the ISO form the ORM sends dates in; a bound
// beyond them (`0000-01-01`, `9999-12-31T23:59:59-14:00`) is the same as the nearest end.
const EARLIEST = new Date("0001-01-01T00:00:00.000Z");
const LATEST = new Date("9999-12-31T23:59:59.999Z");
const withinRange = (date: Date) => new Date(Math.min(Math.max(date.getTime(), EARLIEST.getTime()), LATEST.getTime()));

/** `2025-07-03` as a lower bound is the start of that day (UTC); as an upper bound, its end. */
function lowerBound(value: string): Date {
  return withinRange(new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value));
}
function upperBound(value: string): Date {
  return withinRange(new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value));
}

const EXACT_FILTERS = [
  "type",
  "value_level",
  "status",
  "company_size",
  "industry_type",
  "source",
  "grade",
  "lead_source",
  "customer_industry",
  "follow_up_status",
] as const satisfies readonly (keyof CustomerFilters & keyof Customer)[];

type ExactFilter = (typeof EXACT_FILTERS)[number];
const isCustomerKey = (field: ExactFilter): field is (typeof FACETS.customer.keys)[number] =>
  (FACETS.customer.keys as readonly string[]).includes(field);
/**
 * How many of the newest rows a search reads before its indexes: a common term (one row in ten
 * or more) fills the first pages from them. Every search pays for reading them (under a
 * millisecond through `created_at`), rare terms too, so they are few.
 */
const NEWEST_CANDIDATES = 300;

/** The matches of a search among at most NEWEST_CANDIDATES candidates (`examined`), after a cursor or not. */
type NewestSample = { matches: number; examined: number; after: boolean };
type NewestOptions = { filters: CustomerFilters; ordering: OrderingTerm<CustomerOrderingField>[]; after?: CursorPosition };

/** Orders the `created_at` index serves (the newest rows are its first or last entries). */
const leadsWithCreatedAt = (ordering: OrderingTerm<CustomerOrderingField>[]) =>
  ordering[0]?.field === "created_at" &&
  ordering.every((term) => (term.field === "created_at" || term.field === "id") && term.desc === ordering[0]!.desc);

const LIVE_CUSTOMER_BY_ID = `select c.* from customer c where c.id = ? and c.deleted_at is null`;
// knex spreads an array parameter into a list: `in (?)` becomes `in ($1, $2, …)`.
const CUSTOMERS_BY_IDS = `select c.* from customer c where c.id in (?)`;

const isSingleFacet = (field: ExactFilter): field is (typeof FACETS.single)[number] =>
  (FACETS.single as readonly string[]).includes(field);


/** Queries over live (not soft-deleted) customers. */
export class CustomerRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(id: number): Promise<Customer | null> {
    return this.em.findOne(CustomerSchema, { id, deleted_at: null });
  }

  /** A live customer; deleted ones are gone everywhere (CONTRACT §5), so they fail as unknown ones. */
  findLiveOrFail(id: number, orFail: OrFail): Promise<Customer> {
    return this.em.findOneOrFail(CustomerSchema, { id, deleted_at: null }, orFail);
  }

  /**
   * A live customer as a plain row, for reads that only answer (no identity map, no hydration).
   * The hottest read of all: its SQL is written once, since building it with the query builder
   * took more CPU than PostgreSQL takes to answer it; the row is mapped as the builder maps it.
   */
  async readLiveOrFail(id: number, orFail: OrFail): Promise<CustomerRow> {
    const [row] = await this.em
      .getConnection("read")
      .execute<Dictionary[]>(LIVE_CUSTOMER_BY_ID, [id], "all", this.em.getTransactionContext());
    if (!row) throw orFail.failHandler("Customer", { id });
    return this.asRow(row);
  }

  /** The customers among `ids`, deleted or not, as plain rows in no particular order (fixed SQL, as readLiveOrFail). */
  async readByIds(ids: number[]): Promise<CustomerRow[]> {
    const rows = await this.em
      .getConnection("read")
      .execute<Dictionary[]>(CUSTOMERS_BY_IDS, [ids], "all", this.em.getTransactionContext());
    return rows.map((row) => this.asRow(row));
  }

  /** A row as the query builder maps it (types and property names from the entity's metadata). */
  private asRow(row: Dictionary): CustomerRow {
    return this.em.getDriver().mapResult(row, this.em.getMetadata().get(CustomerSchema.meta.className)) as CustomerRow;
  }

  /** Any customer, deleted or not (restore). */
  findAnyOrFail(id: number, orFail: OrFail): Promise<Customer> {
    return this.em.findOneOrFail(CustomerSchema, { id }, orFail);
  }

  /**
   * The live customers among `ids`, in one statement, locked until the transaction ends so a
   * concurrent delete cannot slip between this check and the bulk write that follows. Locked in
   * ascending id whatever order the request lists them in (the lock order, see locks.ts).
   */
  findLiveByIdsForUpdate(ids: number[]): Promise<Customer[]> {
    return this.em.find(
      CustomerSchema,
      { id: { $in: ids }, deleted_at: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: "asc" } },
    );
  }

  /** Which of `ids` name live customers; locked like findLiveByIdsForUpdate, without loading them. */
  liveIdsForUpdate(ids: number[]): Promise<Set<number>> {
    return lockLiveCustomers(this.em, ids);
  }

  /** Which of `numbers` live customers other than `exceptIds` hold, in one statement. */
  async takenBusinessLicenses(numbers: string[], exceptIds: number[] = []): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.em
      .createQueryBuilder(CustomerSchema)
      .select("business_license_number")
      .where({
        business_license_number: { $in: numbers },
        deleted_at: null,
        ...(exceptIds.length > 0 ? { id: { $nin: exceptIds } } : {}),
      })
      .execute<{ business_license_number: string }[]>("all");
    return new Set(rows.map((row) => row.business_license_number));
  }

  /**
   * Soft-deletes the live customers among `ids` in one statement; returns how many it hid.
   * A native update runs no ORM hooks, so `updated_at` is set here.
   */
  softDeleteMany(ids: number[], username: string, now = new Date()): Promise<number> {
    return this.em.nativeUpdate(
      CustomerSchema,
      { id: { $in: ids }, deleted_at: null },
      { deleted_at: now, updated_at: now, updated_by: username },
    );
  }

  async isBusinessLicenseTaken(number: string, exceptId?: number): Promise<boolean> {
    const count = await this.em.count(CustomerSchema, {
      business_license_number: number,
      deleted_at: null,
      ...(exceptId === undefined ? {} : { id: { $ne: exceptId } }),
    });
    return count > 0;
  }

  /** One page of live customers matching `filters` (and `search`), with the total count. */
  async findPage(options: {
    filters: CustomerFilters;
    search?: string;
    ordering: OrderingTerm<CustomerOrderingField>[];
    page: PageRequest;
    /** Keyset: only rows after this position in `-created_at, -id` order (the caller checks the ordering). */
    after?: CursorPosition;
  }): Promise<{ items: CustomerPageRow[]; total: number; exact: boolean }> {
    const { filters, search, ordering, page, after } = options;
    const newest = search !== undefined && leadsWithCreatedAt(ordering) ? await this.newestMatches(options, search) : undefined;
    const count = await this.count(filters, search, newest);
    // A term that fills the page among the newest rows: the page is among them (see newestMatches).
    if (newest && newest.matches >= page.offset + page.limit) {
      const items = await this.newestQuery(options, search!)
        .select(["*", raw("c.created_at::text as cursor_created_at")])
        .orderBy(orderByWithTieBreak(ordering))
        .limit(page.limit)
        .offset(page.offset)
        .execute<CustomerPageRow[]>("all");
      return { items, total: count.total, exact: count.exact };
    }
    const few = count.exact && search !== undefined;
    const qb = this.matching(filters, search, few);
    // The position is a row comparison the (created_at, id) index serves; it does not narrow the count.
    if (after) qb.andWhere("(c.created_at, c.id) < (?::timestamptz, ?)", [after.createdAt, after.id]);
    qb.select(["*", raw("c.created_at::text as cursor_created_at")]);
    qb.orderBy(orderByWithTieBreak(ordering)).limit(page.limit).offset(page.offset);
    // Plain rows: a page is only serialised, so no entity is hydrated or tracked.
    const items = await qb.execute<CustomerPageRow[]>("all");
    return { items, total: count.total, exact: count.exact };
  }

  /**
   * The matches of `search` among the NEWEST_CANDIDATES first rows of the page's order (the
   * `created_at` index reads them). A common term fills a page from them
   * where the search indexes would fetch every one of its hundreds of thousands of matches
   * before ordering them; a rare term finds none, and goes through the indexes.
   */
  private async newestMatches(options: NewestOptions, search: string): Promise<NewestSample> {
    const [row] = await this.newestCandidates(options)
      .select([raw("count(*) as examined"), raw(`count(*) filter (where ${customerSearchDocument("c")} ilike ?) as matches`, [likePattern(search)])])
      .execute<{ matches: string; examined: string }[]>("all");
    return { matches: Number(row?.matches ?? 0), examined: Number(row?.examined ?? 0), after: options.after !== undefined };
  }

  /** The rows of the newest candidates (filters, order and cursor applied) that contain `search`. */
  private newestQuery(options: NewestOptions, search: string) {
    // Among a few hundred rows a plain ILIKE is the search's own rule (the indexes only find it faster).
    return this.newestCandidates(options).where(`${customerSearchDocument("c")} ilike ?`, [likePattern(search)]);
  }

  /** The first NEWEST_CANDIDATES rows the filters (and cursor) match, in the page's order. */
  private newestCandidates(options: NewestOptions) {
    const candidates = this.matching(options.filters).orderBy(orderByWithTieBreak(options.ordering)).limit(NEWEST_CANDIDATES);
    if (options.after) candidates.andWhere("(c.created_at, c.id) < (?::timestamptz, ?)", [options.after.createdAt, options.after.id]);
    return this.em.createQueryBuilder(CustomerSchema, "c").from(candidates, "c");
  }

  /** Live customers matching `filters` and `search`, unordered; `few`: see fewMatchesCondition. */
  private matching(filters: CustomerFilters, search?: string, few = false) {
    const qb = this.em.createQueryBuilder(CustomerSchema, "c").where({ deleted_at: null });
    for (const field of EXACT_FILTERS) {
      const value = filters[field];
      if (value !== undefined) qb.andWhere({ [field]: value });
    }
    if (filters.created_after) qb.andWhere({ created_at: { $gte: lowerBound(filters.created_after) } });
    if (filters.created_before) qb.andWhere({ created_at: { $lte: upperBound(filters.created_before) } });
    if (search !== undefined) {
      if (few) {
        // The ids first, through the search indexes, then the page among them: see fewMatchesCondition.
        qb.andWhere(`c.id = any(array(${this.matching(filters, search).select("c.id").getFormattedQuery()}))`);
      } else {
        const condition = searchCondition(search);
        qb.andWhere(condition.sql, condition.params);
      }
    }
    return qb;
  }

  /**
   * How many live customers match: from the maintained counts when they cover the filters (any
   * of type/value_level/status together, or one other enum alone), else counted up to a limit.
   * A search whose matches among the newest rows (`newest`) make it common is estimated from them.
   */
  async count(filters: CustomerFilters, search?: string, newest?: NewestSample): Promise<Count> {
    const used = EXACT_FILTERS.filter((field) => filters[field] !== undefined);
    if (search === undefined && !filters.created_after && !filters.created_before) {
      if (used.every(isCustomerKey)) {
        const match = FACETS.customer.keys.map((key) => filters[key]);
        return { total: await maintainedCount(this.em, ALL_CUSTOMERS, FACETS.customer.name, match), exact: true };
      }
      const [only] = used;
      if (used.length === 1 && only !== undefined && isSingleFacet(only)) {
        return { total: await maintainedCount(this.em, ALL_CUSTOMERS, only, [filters[only]]), exact: true };
      }
    }
    if (search !== undefined && newest) {
      // Fewer candidates than asked for are every row the filters match: their matches are the count.
      if (!newest.after && newest.examined < NEWEST_CANDIDATES) return { total: newest.matches, exact: true };
      const estimate = await this.estimateFromNewest(filters, newest);
      if (estimate !== undefined) return estimate;
    }
    return cappedCount(this.em, this.matching(filters, search).select("c.id"));
  }

  /**
   * A term frequent enough among the newest rows to match ten times EXACT_COUNT_LIMIT of all the
   * rows the filters match is "many": counting them exactly up to the limit would read ten
   * thousand matches of a trigram index (PostgREST's estimated count skips it the same way).
   */
  private async estimateFromNewest(filters: CustomerFilters, newest: NewestSample): Promise<Count | undefined> {
    if (newest.examined === 0 || newest.matches < NEWEST_CANDIDATES / 10) return undefined;
    const candidates = await this.count(filters);
    const estimate = Math.round((newest.matches / newest.examined) * candidates.total);
    return estimate >= 10 * EXACT_COUNT_LIMIT ? { total: estimate, exact: false } : undefined;
  }

  /**
   * Statistics of live customers, from the maintained counts (no scan of the table), in one
   * statement: every tally, and the customers created in the last 30 days as one more row.
   */
  async statistics(now = new Date()): Promise<CustomerStatistics> {
    const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
    const tallies = talliesQuery(ALL_CUSTOMERS, [FACETS.customer.name, "company_size", "grade", "follow_up_status"], FACETS.customer.keys.length);
    const recent = createdSinceQuery(since);
    const rows = await this.em
      .getConnection()
      .execute<{ facet: string; position: number; value: string; n: string }[]>(
        `${tallies.sql} union all select '${CREATED_SINCE}', 1, '', (${recent.sql})`,
        [...tallies.params, ...recent.params],
        "all",
        this.em.getTransactionContext(),
      );
    const counts = toTallies(rows);
    const byStatus = tallyAt(counts, FACETS.customer.name, 2);
    return {
      total_count: totalOf(tallyAt(counts, FACETS.customer.name, 0)),
      active_count: byStatus.active ?? 0,
      inactive_count: byStatus.inactive ?? 0,
      by_type: tallyAt(counts, FACETS.customer.name, 0),
      by_value_level: tallyAt(counts, FACETS.customer.name, 1),
      by_status: byStatus,
      by_company_size: tallyAt(counts, "company_size"),
      by_grade: tallyAt(counts, "grade"),
      by_follow_up_status: tallyAt(counts, "follow_up_status"),
      created_last_30_days: tallyAt(counts, CREATED_SINCE)[""] ?? 0,
    };
  }
}

/** The statistics row of createdSinceQuery (not a facet: no count row is named so). */
const CREATED_SINCE = "created since";

/**
 * Live customers created at or after `since`: the maintained per-hour counts of the hours after
 * since's hour, plus an index range count of the rest of since's own hour.
 */
function createdSinceQuery(since: Date): { sql: string; params: unknown[] } {
  return {
    sql: `select (select coalesce(sum(n), 0) from (
                select key, n from customer_count where scope = ? and facet = ?
                union all
                select key, n from customer_count_delta where scope = ? and facet = ?) as hours
               where key > array[to_char(?::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24')])
            + (select count(*) from customer
                where deleted_at is null and created_at >= ?
                  and created_at < date_trunc('hour', ?::timestamptz at time zone 'UTC') at time zone 'UTC' + interval '1 hour')`,
    params: [ALL_CUSTOMERS, FACETS.createdHour, ALL_CUSTOMERS, FACETS.createdHour, since, since, since],
  };
}
