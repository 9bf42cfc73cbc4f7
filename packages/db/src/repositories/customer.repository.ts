import { LockMode, raw } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  CursorPosition,
  CustomerFilters,
  CustomerOrderingField,
  CustomerStatistics,
  OrderingTerm,
} from "@customer-hub/domain";

import { CustomerSchema, type Customer } from "../entities/customer.entity";
import { ALL_CUSTOMERS, cappedCount, FACETS, maintainedCount, maintainedCounts, tally, type Count } from "./counts";
import { lockLiveCustomers } from "./locks";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import { fewMatchesCondition, searchCondition, usesGrams } from "./search";

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

  /** A live customer as a plain row, for reads that only answer (no identity map, no hydration). */
  async readLiveOrFail(id: number, orFail: OrFail): Promise<CustomerRow> {
    const row = await this.em
      .createQueryBuilder(CustomerSchema)
      .where({ id, deleted_at: null })
      .limit(1)
      .execute<CustomerRow | undefined>("get");
    if (!row) throw orFail.failHandler("Customer", { id });
    return row;
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
    const count = await this.count(filters, search);
    const few = count.exact && search !== undefined && usesGrams(search);
    const qb = this.matching(filters, search, few);
    // The position is a row comparison the (created_at, id) index serves; it does not narrow the count.
    if (after) qb.andWhere("(c.created_at, c.id) < (?::timestamptz, ?)", [after.createdAt, after.id]);
    qb.select(["*", raw("c.created_at::text as cursor_created_at")]);
    qb.orderBy(orderByWithTieBreak(ordering)).limit(page.limit).offset(page.offset);
    // Plain rows: a page is only serialised, so no entity is hydrated or tracked.
    const items = await qb.execute<CustomerPageRow[]>("all");
    return { items, total: count.total, exact: count.exact };
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
      const condition = few ? fewMatchesCondition(search) : searchCondition(search);
      qb.andWhere(condition.sql, condition.params);
    }
    return qb;
  }

  /**
   * How many live customers match: from the maintained counts when they cover the filters (any
   * of type/value_level/status together, or one other enum alone), else counted up to a limit.
   */
  async count(filters: CustomerFilters, search?: string): Promise<Count> {
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
    return cappedCount(this.em, this.matching(filters, search).select("c.id"));
  }

  /** Statistics of live customers, from the maintained counts (no scan of the table). */
  async statistics(now = new Date()): Promise<CustomerStatistics> {
    const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
    const facet = (name: string) => maintainedCounts(this.em, ALL_CUSTOMERS, name);
    const [customers, companySizes, grades, followUps, recent] = await Promise.all([
      facet(FACETS.customer.name),
      facet("company_size"),
      facet("grade"),
      facet("follow_up_status"),
      this.createdSince(since),
    ]);
    const byStatus = tally(customers, 2);
    return {
      total_count: customers.reduce((sum, row) => sum + row.n, 0),
      active_count: byStatus.active ?? 0,
      inactive_count: byStatus.inactive ?? 0,
      by_type: tally(customers, 0),
      by_value_level: tally(customers, 1),
      by_status: byStatus,
      by_company_size: tally(companySizes),
      by_grade: tally(grades),
      by_follow_up_status: tally(followUps),
      created_last_30_days: recent,
    };
  }

  /**
   * Live customers created at or after `since`: the maintained per-hour counts of the hours after
   * since's hour, plus an index range count of the rest of since's own hour.
   */
  private async createdSince(since: Date): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ n: string }[]>(
      `select (select coalesce(sum(n), 0) from (
                select key, n from customer_count where scope = ? and facet = ?
                union all
                select key, n from customer_count_delta where scope = ? and facet = ?) as hours
               where key > array[to_char(?::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24')])
            + (select count(*) from customer
                where deleted_at is null and created_at >= ?
                  and created_at < date_trunc('hour', ?::timestamptz at time zone 'UTC') at time zone 'UTC' + interval '1 hour') as n`,
      [ALL_CUSTOMERS, FACETS.createdHour, ALL_CUSTOMERS, FACETS.createdHour, since, since, since],
      "all",
      this.em.getTransactionContext(),
    );
    return Number(row?.n ?? 0);
  }
}
