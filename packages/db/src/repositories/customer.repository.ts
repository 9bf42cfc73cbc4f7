import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  CustomerFilters,
  CustomerOrderingField,
  CustomerStatistics,
  OrderingTerm,
} from "@customer-hub/domain";

import { CUSTOMER_SEARCH_DOCUMENT, CustomerSchema, type Customer } from "../entities/customer.entity";
import { lockLiveCustomers } from "./locks";
import { orderByWithTieBreak } from "./ordering";
import { countByColumns } from "./statistics";

export type PageRequest = { offset: number; limit: number };

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

/** Escapes LIKE wildcards so a search for `50%` finds the text "50%". */
export function likePattern(text: string): string {
  // chr(31) separates the columns in the search document; a query must not span two of them.
  const cleaned = text.replaceAll("\u001f", "");
  return `%${cleaned.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
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

const STATISTIC_DIMENSIONS = ["type", "value_level", "status", "company_size", "grade", "follow_up_status"] as const;

/** Queries over live (not soft-deleted) customers. */
export class CustomerRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(id: number): Promise<Customer | null> {
    return this.em.findOne(CustomerSchema, { id, deleted_at: null });
  }

  /** Any customer, deleted or not (restore). */
  findAny(id: number): Promise<Customer | null> {
    return this.em.findOne(CustomerSchema, { id });
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
  }): Promise<{ items: Customer[]; total: number }> {
    const { filters, search, ordering, page } = options;
    const qb = this.em.createQueryBuilder(CustomerSchema, "c").where({ deleted_at: null });
    for (const field of EXACT_FILTERS) {
      const value = filters[field];
      if (value !== undefined) qb.andWhere({ [field]: value });
    }
    if (filters.created_after) qb.andWhere({ created_at: { $gte: lowerBound(filters.created_after) } });
    if (filters.created_before) qb.andWhere({ created_at: { $lte: upperBound(filters.created_before) } });
    if (search !== undefined) qb.andWhere(`${CUSTOMER_SEARCH_DOCUMENT} ilike ?`, [likePattern(search)]);

    qb.orderBy(orderByWithTieBreak(ordering)).limit(page.limit).offset(page.offset);
    const [items, total] = await qb.getResultAndCount();
    return { items, total };
  }

  /** Counts over live customers in two statements: totals, then every `by_*` in one pass. */
  async statistics(now = new Date()): Promise<CustomerStatistics> {
    const connection = this.em.getConnection();
    const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
    const [totals] = await connection.execute<
      { total: string; active: string; inactive: string; recent: string }[]
    >(
      `select count(*) as total,
              count(*) filter (where status = 'active') as active,
              count(*) filter (where status = 'inactive') as inactive,
              count(*) filter (where created_at >= ?) as recent
         from customer where deleted_at is null`,
      [since],
    );
    const by = await countByColumns(
      this.em,
      Object.fromEntries(STATISTIC_DIMENSIONS.map((dimension) => [dimension, dimension])) as Record<
        (typeof STATISTIC_DIMENSIONS)[number],
        string
      >,
      "from customer where deleted_at is null",
      [],
    );
    return {
      total_count: Number(totals?.total ?? 0),
      active_count: Number(totals?.active ?? 0),
      inactive_count: Number(totals?.inactive ?? 0),
      by_type: by.type,
      by_value_level: by.value_level,
      by_status: by.status,
      by_company_size: by.company_size,
      by_grade: by.grade,
      by_follow_up_status: by.follow_up_status,
      created_last_30_days: Number(totals?.recent ?? 0),
    };
  }
}
