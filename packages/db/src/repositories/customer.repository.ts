import { LockMode, type Dictionary, type RequiredEntityData } from "@mikro-orm/core";
import type { EntityManager, Knex } from "@mikro-orm/postgresql";
import type {
  CursorPosition,
  CustomerFilters,
  CustomerOrderingField,
  CustomerStatistics,
  OrderingTerm,
} from "@customer-hub/domain";

import { CUSTOMER_COLUMNS, customerColumns, CustomerSchema, type Customer } from "../entities/customer.entity";
import {
  ALL_CUSTOMERS,
  cappedCount,
  FACETS,
  maintainedCount,
  talliesQuery,
  tallyAt,
  toTallies,
  totalOf,
  type Count,
  type TallyRow,
} from "./counts";
import { lockLiveCustomers } from "./locks";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import { prepared, runParameterized, runPrepared } from "./prepared";
import { documentMatches, searchCondition } from "./search";
import { planSearch, SEARCH_LIMITS, type Sample, type SearchLimits } from "./search-plan";
import { cachedSpread, randomCustomerTids, spreadOf, spreadSelect, type Spread } from "./spread";

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
const LIVE_CUSTOMER_BY_ID = prepared(
  "live_customer_by_id",
  `select ${customerColumns("c")} from customer c where c.id = ? and c.deleted_at is null`,
);
// One array parameter: the same statement for a page of any size.
const CUSTOMERS_BY_IDS = prepared("customers_by_ids", `select ${customerColumns("c")} from customer c where c.id = any(?::int[])`);

// Every column a new customer is written with: all but the generated id and `deleted_at`.
const INSERTED_COLUMNS = CUSTOMER_COLUMNS.filter((column) => column !== "id" && column !== "deleted_at")
  .map((column) => `"${column}"`)
  .join(", ");
const INSERT_CUSTOMERS = prepared(
  "insert_customers",
  `insert into customer (${INSERTED_COLUMNS}) select ${INSERTED_COLUMNS} from json_populate_recordset(null::customer, ?::json) returning id`,
);
// `<> all('{}')` holds for every id: one statement whether or not ids are excepted.
const LICENSES_TAKEN = prepared(
  "licenses_taken",
  "select business_license_number from customer where business_license_number = any(?::text[]) and deleted_at is null and id <> all(?::int[])",
);

// A UTF-16 code unit of a surrogate pair that has no partner.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `rows` as the JSON document INSERT_CUSTOMERS reads. JSON.stringify writes a lone surrogate (a
 * client can send one, as `"\ud800"`) as that escape, which PostgreSQL refuses (a 500); such a
 * string is stored as on every other write, where pg's UTF-8 encoding turns the surrogate into
 * U+FFFD. JSON.stringify escapes nothing else as `\ud…`, so only a document holding one (or a
 * backslash before "ud" in a value) takes the second pass.
 */
function jsonDocument(rows: readonly object[]): string {
  const json = JSON.stringify(rows);
  if (!json.includes("\\ud")) return json;
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "string" ? value.replace(LONE_SURROGATE, "\ufffd") : value));
}

const isSingleFacet = (field: ExactFilter): field is (typeof FACETS.single)[number] =>
  (FACETS.single as readonly string[]).includes(field);

type PageOptions = {
  filters: CustomerFilters;
  search?: string;
  ordering: OrderingTerm<CustomerOrderingField>[];
  page: PageRequest;
  /** Keyset: only rows after this position in `-created_at, -id` order (the caller checks the ordering). */
  after?: CursorPosition;
  /** The properties to read (`fields=`; `id` among them), else every one; the page's order needs none selected. */
  columns?: readonly (keyof CustomerRow)[];
};
type PageAnswer = { items: CustomerPageRow[]; total: number; exact: boolean };

/** Queries over live (not soft-deleted) customers. */
export class CustomerRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly limits: SearchLimits = SEARCH_LIMITS,
  ) {}

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
    const [row] = await runPrepared(this.em, LIVE_CUSTOMER_BY_ID, [id]);
    if (!row) throw orFail.failHandler("Customer", { id });
    return this.asRow(row);
  }

  /** The customers among `ids`, deleted or not, as plain rows in no particular order (fixed SQL, as readLiveOrFail). */
  async readByIds(ids: number[]): Promise<CustomerRow[]> {
    const rows = await runPrepared(this.em, CUSTOMERS_BY_IDS, [ids]);
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

  /**
   * New customers in one `INSERT … RETURNING id`; answers their ids in the order of `rows`
   * (PostgreSQL inserts, and returns, the rows of the set in the order it yields them). No entity
   * is created, tracked or flushed: for 1000 rows the unit of work cost as much as the database's
   * work. The rows travel as one JSON document that PostgreSQL reads into the table's own row type
   * (json_populate_recordset), in one prepared statement for any batch: the query builder's
   * 10,000 bindings, inlined into the SQL text, took ~30 of a 1000-customer request's ~80 ms of
   * server CPU. One statement also runs the count triggers once. A row's keys are column names
   * (the entity's properties are named as its columns); a column no row gives is stored as null.
   * Only the ids come back: the caller has every other value it stored.
   */
  async insertMany(rows: RequiredEntityData<Customer>[]): Promise<number[]> {
    const inserted = await runPrepared<{ id: number }>(this.em, INSERT_CUSTOMERS, [jsonDocument(rows)]);
    return inserted.map((row) => row.id);
  }

  /** Which of `numbers` live customers other than `exceptIds` hold, in one statement. */
  async takenBusinessLicenses(numbers: string[], exceptIds: number[] = []): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await runPrepared<{ business_license_number: string }>(this.em, LICENSES_TAKEN, [numbers, exceptIds]);
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
  async findPage(options: PageOptions): Promise<PageAnswer> {
    if (options.search !== undefined) return this.searchPage(options, options.search);
    const count = await this.count(options.filters);
    // Nothing matches: no page to read (a selective filter's page would walk the whole order).
    if (count.exact && count.total === 0) return { items: [], ...count };
    const page = listPageQuery(options);
    const rows = await runParameterized(this.em, page.sql, page.values);
    return { items: rows.map((row) => this.asRow(row) as CustomerPageRow), ...count };
  }

  /** A search's page and count, reading as few rows as it can: see search-plan.ts. */
  private async searchPage(options: PageOptions, search: string): Promise<PageAnswer> {
    const { filters, ordering, page, after } = options;
    const { count, source } = await planSearch(
      { ordering, wanted: page.offset + page.limit },
      {
        sample: () => this.sampleMatches(options, search),
        candidates: async () => (await this.count(filters)).total,
        spread: () => cachedSpread(JSON.stringify(["customers", this.limits.spread, filters, search]), () => this.spread(filters, search)),
        cappedCount: (capped) => cappedCount(this.em, this.matching(filters, search).select("c.id"), capped),
      },
      this.limits,
    );
    const answer = (items: CustomerPageRow[]) => ({ items, ...count });
    const read = async (query: SqlPart) =>
      (await runParameterized(this.em, query.sql, query.values)).map((row) => this.asRow(row) as CustomerPageRow);
    const matches = documentMatches(search, "c");
    const inWindow = (size: number) => pageQuery(windowOf(options, size), [matches.sql], matches.params as Knex.RawBinding[], options);
    if (source.from === "sample") return answer(await read(inWindow(this.limits.sample)));
    if (source.from === "ids") {
      if (source.ids.length === 0) return answer([]);
      return answer(await read(pageQuery(livePositioned({}, after, "c.id = any(?::int[])", [source.ids]), [], [], options)));
    }
    if (source.from === "window") {
      const items = await read(inWindow(source.size));
      // Short of a page: the window held too few matches (or the last page ends in it); the index decides.
      if (items.length === page.limit) return answer(items);
    }
    const condition = searchCondition(search, "c");
    return answer(await read(pageQuery(livePositioned(filters, after, condition.sql, condition.params as Knex.RawBinding[]), [], [], options)));
  }

  /** How many of the first `limits.sample` rows of the page's order (filters and cursor applied) contain `search`. */
  private async sampleMatches(options: PageOptions, search: string): Promise<Sample> {
    const matches = documentMatches(search, "c");
    const window = windowOf(options, this.limits.sample);
    const [row] = await runParameterized<{ matches: string; examined: string }>(
      this.em,
      `select count(*) as examined, count(*) filter (where ${matches.sql}) as matches from ${window.sql}`,
      // In the order of their `?`: the select list's before the window's.
      [...(matches.params as Knex.RawBinding[]), ...window.values],
    );
    return { matches: Number(row?.matches ?? 0), examined: Number(row?.examined ?? 0), after: options.after !== undefined };
  }

  /** `search` among live customers matching `filters` drawn at random (spread.ts). */
  private async spread(filters: CustomerFilters, search: string): Promise<Spread> {
    const tids = await randomCustomerTids(this.em, this.limits.spread);
    const matches = documentMatches(search, "c");
    const live = liveMatching(filters);
    const drawn = tids ? " and c.ctid = any(?::tid[])" : "";
    const [row] = await runParameterized<{ examined: string; matches: string; blocks: string }>(
      this.em,
      `select ${spreadSelect(matches.sql)} from customer c where ${live.sql}${drawn}`,
      [...(matches.params as Knex.RawBinding[]), ...(matches.params as Knex.RawBinding[]), ...live.values, ...(tids ? [tids] : [])],
    );
    return spreadOf(row, tids === undefined);
  }

  /** Live customers matching `filters` and `search`, unordered. */
  private matching(filters: CustomerFilters, search?: string) {
    const live = liveMatching(filters);
    const qb = this.em.createQueryBuilder(CustomerSchema, "c").where(live.sql, live.values);
    if (search !== undefined) {
      const condition = searchCondition(search);
      qb.andWhere(condition.sql, condition.params);
    }
    return qb;
  }

  /**
   * How many live customers match `filters`: from the maintained counts when they cover them (any
   * of type/value_level/status together, or one other enum alone), else counted up to a limit.
   */
  async count(filters: CustomerFilters): Promise<Count> {
    const used = EXACT_FILTERS.filter((field) => filters[field] !== undefined);
    if (!filters.created_after && !filters.created_before) {
      if (used.every(isCustomerKey)) {
        const match = FACETS.customer.keys.map((key) => filters[key]);
        return { total: await maintainedCount(this.em, ALL_CUSTOMERS, FACETS.customer.name, match), exact: true };
      }
      const [only] = used;
      if (used.length === 1 && only !== undefined && isSingleFacet(only)) {
        return { total: await maintainedCount(this.em, ALL_CUSTOMERS, only, [filters[only]]), exact: true };
      }
    }
    return cappedCount(this.em, this.matching(filters).select("c.id"));
  }

  /**
   * Statistics of live customers, from the maintained counts (no scan of the table), in one
   * statement: every tally, and the customers created in the last 30 days as one more row.
   */
  async statistics(now = new Date()): Promise<CustomerStatistics> {
    const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
    const rows = await runPrepared<TallyRow>(this.em, STATISTICS.statement, STATISTICS.values(since));
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

/** Every count of `statistics/` in one prepared statement (its plan is the same every time). */
const STATISTICS = (() => {
  const tallies = talliesQuery(ALL_CUSTOMERS, [FACETS.customer.name, "company_size", "grade", "follow_up_status"], FACETS.customer.keys.length);
  const recent = createdSinceQuery(new Date(0));
  return {
    statement: prepared("customer_statistics", `${tallies.sql} union all select '${CREATED_SINCE}', 1, '', (${recent.sql})`),
    values: (since: Date) => [...tallies.params, ...createdSinceQuery(since).params] as Knex.RawBinding[],
  };
})();

/**
 * The WHERE clause of live customers matching `filters` (alias `c`), for the list's own SQL and
 * the query builder's alike: the one place a filter becomes a condition.
 */
function liveMatching(filters: CustomerFilters): { sql: string; values: Knex.RawBinding[] } {
  const conditions = ["c.deleted_at is null"];
  const values: Knex.RawBinding[] = [];
  for (const field of EXACT_FILTERS) {
    const value = filters[field];
    if (value === undefined) continue;
    conditions.push(`c.${field} = ?`);
    values.push(value);
  }
  if (filters.created_after) {
    conditions.push("c.created_at >= ?");
    values.push(lowerBound(filters.created_after));
  }
  if (filters.created_before) {
    conditions.push("c.created_at <= ?");
    values.push(upperBound(filters.created_before));
  }
  return { sql: conditions.join(" and "), values };
}

/**
 * A list page's statement, written out rather than built with the query builder (building it cost
 * about a tenth of a list request's CPU). Column and ordering names come from the domain's enums,
 * never from the request's text; every value is a parameter.
 */
function listPageQuery(options: PageOptions): SqlPart {
  return pageQuery(livePositioned(options.filters, options.after), [], [], options);
}

type SqlPart = { sql: string; values: Knex.RawBinding[] };

/** `customer c` narrowed to the live rows `filters` match after the cursor (and `extra`): a FROM for pageQuery. */
function livePositioned(filters: CustomerFilters, after: CursorPosition | undefined, extra?: string, extraValues: Knex.RawBinding[] = []): SqlPart {
  const { sql: where, values } = liveMatching(filters);
  const conditions = [where];
  // The position is a row comparison the (created_at, id) index serves; it does not narrow the count.
  if (after) {
    conditions.push("(c.created_at, c.id) < (?::timestamptz, ?)");
    values.push(after.createdAt, after.id);
  }
  if (extra) {
    conditions.push(extra);
    values.push(...extraValues);
  }
  return { sql: `(select * from customer c where ${conditions.join(" and ")}) as c`, values };
}

/** The first `size` rows the filters (and cursor) match, in the page's order, read through its index: a FROM. */
function windowOf(options: PageOptions, size: number): SqlPart {
  const rows = livePositioned(options.filters, options.after);
  return { sql: `(select * from ${rows.sql} order by ${orderSql(options.ordering)} limit ?) as c`, values: [...rows.values, size] };
}

const orderSql = (ordering: OrderingTerm<CustomerOrderingField>[]) =>
  orderByWithTieBreak(ordering)
    .flatMap((term) => Object.entries(term).map(([field, direction]) => `c.${field} ${direction}`))
    .join(", ");

/** The page of `from`'s rows (alias `c`) that meet `conditions`, in the page's order. */
function pageQuery(from: SqlPart, conditions: string[], values: Knex.RawBinding[], { ordering, page, columns }: PageOptions): SqlPart {
  // Only the columns `fields=` names, when it does: fewer read, mapped and sent.
  const selected = columns ? columns.map((column) => `c.${String(column)}`).join(", ") : "c.*";
  const where = conditions.length ? ` where ${conditions.join(" and ")}` : "";
  return {
    sql: `select ${selected}, c.created_at::text as cursor_created_at from ${from.sql}${where} order by ${orderSql(ordering)} limit ? offset ?`,
    values: [...from.values, ...values, page.limit, page.offset],
  };
}
