import { raw } from "@mikro-orm/core";
import type { EntityManager, Knex, QueryBuilder } from "@mikro-orm/postgresql";
import type { OrderingTerm, TenantViewFilters, TenantViewOrderingField, TenantViewStatistics } from "@customer-hub/domain";

import { CustomerTenantRelationSchema, type CustomerTenantRelation } from "../entities/customer-tenant-relation.entity";
import { CustomerSchema } from "../entities/customer.entity";
import { CustomerRepository, type CustomerRow, type PageRequest } from "./customer.repository";
import { cappedCount, FACETS, maintainedCount, talliesQuery, tallyAt, toTallies, totalOf, type Count, type TallyRow } from "./counts";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import { documentMatches, searchCondition } from "./search";
import { prepared, runPrepared } from "./prepared";
import { readTenantViewPage, tenantViewPageSql, type TenantViewPageQuery } from "./tenant-view-page";
import { planSearch, SEARCH_LIMITS, type Sample, type SearchLimits } from "./search-plan";
import { cachedSpread, randomCustomerTids, spreadOf, spreadSelect, type Spread } from "./spread";

/** A relation as a plain row: `customer` and `tenant` are ids. */
export type TenantViewRelationRow = Omit<CustomerTenantRelation, "customer" | "tenant"> & { customer: number; tenant: number };

/** A row of the tenant view's list: the tenant's relation with its customer, both plain. */
export type TenantViewRow = Omit<TenantViewRelationRow, "customer"> & { customer: CustomerRow };

/** Customers a search's page is among: every match (`paged: false`), or the page itself. */
type Among = { ids: number[]; paged: boolean };

type PageOptions = {
  filters: TenantViewFilters;
  search?: string;
  ordering: OrderingTerm<TenantViewOrderingField>[];
  page: PageRequest;
};

/**
 * One tenant's customers, through its relations: every query starts from
 * `customer_tenant_relation` where `tenant_id = ?` (the pair index leads with the tenant), so a
 * page costs in proportion to that tenant's customers, and no query can reach another tenant's.
 */
export class TenantViewRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly tenantId: number,
    private readonly limits: SearchLimits = SEARCH_LIMITS,
  ) {}

  private scoped() {
    return this.em
      .createQueryBuilder(CustomerTenantRelationSchema, "r")
      .select("r.*")
      .joinAndSelect("r.customer", "c")
      .where({ tenant: this.tenantId, customer: { deleted_at: null } });
  }

  /** The tenant's relation to a live customer, with the customer; failing as `orFail` says when there is none. */
  async findByCustomer(customerId: number, orFail: OrFail) {
    const relation = await this.customerQuery(customerId).getSingleResult();
    if (!relation) throw orFail.failHandler("CustomerTenantRelation", { tenant: this.tenantId, customer: customerId });
    return relation;
  }

  /** The statement behind findByCustomer, apart so that a test can EXPLAIN it. */
  customerQuery(customerId: number) {
    return this.scoped().andWhere({ customer: customerId });
  }

  /**
   * A page of the tenant's customers as plain rows (no entity hydrated or tracked: a page is only
   * serialised). The list: its maintained count, then its page on fixed SQL (tenant-view-page.ts).
   * A search: its count and candidates (searchPage), the page's relations in one statement, their
   * customers by id in a second.
   */
  async findPage(options: PageOptions): Promise<{ items: TenantViewRow[]; total: number; exact: boolean }> {
    if (options.search === undefined) {
      const { total, exact } = await this.count(options.filters);
      // Past the last page the exact count already says there is nothing to read.
      const beyond = exact && options.page.offset >= total;
      const rows = beyond ? [] : await readTenantViewPage(this.em, { tenantId: this.tenantId, ...options, matched: total });
      return { items: rows.map(({ relation, customer }) => ({ ...relation, customer })), total, exact };
    }
    const { total, exact, among } = await this.searchPage(options, options.search);
    const relations = among?.ids.length === 0 ? [] : await this.searchPageQuery(options, among).execute<TenantViewRelationRow[]>("all");
    const ids = relations.map((relation) => relation.customer);
    const customers = ids.length ? await new CustomerRepository(this.em).readByIds(ids) : [];
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const items = relations.flatMap((relation) => {
      const customer = byId.get(relation.customer);
      return customer ? [{ ...relation, customer }] : [];
    });
    return { items, total, exact };
  }

  /**
   * A search's count, and the customers its page is among (undefined when the search indexes
   * must find them), reading as few rows as it can: see search-plan.ts.
   */
  private async searchPage(options: PageOptions, search: string): Promise<Count & { among?: Among }> {
    const { filters, ordering, page } = options;
    const { count, source } = await planSearch(
      { ordering, wanted: page.offset + page.limit },
      {
        sample: () => this.sampleMatches(options, search),
        candidates: async () => (await this.count(filters)).total,
        spread: () => cachedSpread(JSON.stringify(["tenant", this.tenantId, this.limits.spread, filters, search]), () => this.spread(filters, search)),
        cappedCount: (capped) => cappedCount(this.em, this.filtered(this.live().select("c.id"), filters, search), capped),
      },
      this.limits,
    );
    if (source.from === "sample") return { ...count, among: { ids: await this.windowPage(options, search, this.limits.sample), paged: true } };
    if (source.from === "ids") return { ...count, among: { ids: source.ids, paged: false } };
    if (source.from === "window") {
      const ids = await this.windowPage(options, search, source.size);
      // Short of a page: the window held too few matches (or the last page ends in it); the index decides.
      if (ids.length === page.limit) return { ...count, among: { ids, paged: true } };
    }
    return count;
  }

  /** The tenant's relations to live customers, unfiltered. */
  private live() {
    return this.em
      .createQueryBuilder(CustomerTenantRelationSchema, "r")
      .join("r.customer", "c")
      .where({ tenant: this.tenantId, customer: { deleted_at: null } });
  }

  /** How many of the first `limits.sample` customers of the page's order (filters applied) contain `search`. */
  private async sampleMatches(options: PageOptions, search: string): Promise<Sample> {
    const matches = documentMatches(search, "c");
    const [row] = await this.window(options, this.limits.sample)
      .select([raw("count(*) as examined"), raw(`count(*) filter (where ${matches.sql}) as matches`, matches.params)])
      .execute<{ matches: string; examined: string }[]>("all");
    return { matches: Number(row?.matches ?? 0), examined: Number(row?.examined ?? 0), after: false };
  }

  /** `search` among the tenant's customers matching `filters` drawn at random (spread.ts). */
  private async spread(filters: TenantViewFilters, search: string): Promise<Spread> {
    const tids = await randomCustomerTids(this.em, this.limits.spread);
    const matches = documentMatches(search, "c");
    const qb = this.filtered(this.live(), filters).select(raw(spreadSelect(matches.sql), [...matches.params, ...matches.params]));
    if (tids) qb.andWhere("c.ctid = any(?::tid[])", [tids]);
    const [row] = await qb.execute<{ examined: string; matches: string; blocks: string }[]>("all");
    return spreadOf(row, tids === undefined);
  }

  /** The ids of the page's customers among the first `size` of the order that contain `search`. */
  private async windowPage(options: PageOptions, search: string, size: number): Promise<number[]> {
    const matches = documentMatches(search, "c");
    const rows = await this.window(options, size)
      .select("c.id")
      .where(matches.sql, matches.params)
      .orderBy(orderByWithTieBreak(options.ordering, "c."))
      .limit(options.page.limit)
      .offset(options.page.offset)
      .execute<{ id: number }[]>("all");
    return rows.map((row) => row.id);
  }

  /** The tenant's first `size` customers the filters match, in the page's order, read through its index. */
  private window(options: PageOptions, size: number) {
    const rows = this.filtered(this.live().select("c.*"), options.filters).orderBy(orderByWithTieBreak(options.ordering, "c.")).limit(size);
    return this.em.createQueryBuilder(CustomerSchema, "c").from(rows, "c");
  }

  /** The statement behind findPage's list (no search), values inlined, apart so that a test can EXPLAIN it. */
  listSql(options: Omit<PageOptions, "search"> & Pick<TenantViewPageQuery, "matched" | "everyone">): string {
    return tenantViewPageSql(this.em, { tenantId: this.tenantId, ...options });
  }

  /**
   * A search's page of relations, in the page's order; `among`: customers known to match the
   * search, so the search is not tested again.
   */
  private searchPageQuery(options: PageOptions, among?: Among) {
    const { filters, search, ordering, page } = options;
    const qb = this.live().select("r.*");
    if (among) {
      qb.andWhere("c.id = any(?::int[])", [`{${among.ids.join(",")}}`]);
      return this.filtered(qb, filters)
        .orderBy(orderByWithTieBreak(ordering, "c."))
        .limit(page.limit)
        .offset(among.paged ? 0 : page.offset);
    }
    return this.filtered(qb, filters, search)
      .orderBy(orderByWithTieBreak(ordering, "c."))
      .limit(page.limit)
      .offset(page.offset);
  }

  /**
   * How many of the tenant's live customers match `filters`: every combination of the view's
   * filters is a maintained count.
   */
  async count(filters: TenantViewFilters): Promise<Count> {
    const match = [filters.type, filters.value_level, filters.status, filters.relation_type, filters.relation_status];
    return { total: await maintainedCount(this.em, this.tenantId, FACETS.tenantView.name, match), exact: true };
  }

  private filtered<Q extends QueryBuilder<CustomerTenantRelation, string>>(qb: Q, filters: TenantViewFilters, search?: string): Q {
    if (filters.type) qb.andWhere({ customer: { type: filters.type } });
    if (filters.value_level) qb.andWhere({ customer: { value_level: filters.value_level } });
    if (filters.status) qb.andWhere({ customer: { status: filters.status } });
    if (filters.relation_type) qb.andWhere({ relation_type: filters.relation_type });
    if (filters.relation_status) qb.andWhere({ status: filters.relation_status });
    if (search !== undefined) {
      const condition = searchCondition(search, "c");
      qb.andWhere(condition.sql, condition.params);
    }
    return qb;
  }

  /** Counts over the tenant's live customers (customer status for active/inactive, CONTRACT §9), maintained. */
  async statistics(): Promise<TenantViewStatistics> {
    const rows = await runPrepared<TallyRow>(this.em, STATISTICS.statement, STATISTICS.values(this.tenantId));
    const tallies = toTallies(rows);
    const at = (position: number) => tallyAt(tallies, FACETS.tenantView.name, position);
    const byStatus = at(2);
    return {
      total_count: totalOf(at(0)),
      active_count: byStatus.active ?? 0,
      inactive_count: byStatus.inactive ?? 0,
      by_type: at(0),
      by_value_level: at(1),
      by_relation_type: at(3),
      by_relation_status: at(4),
    };
  }
}

/** The view's statistics, one prepared statement for every tenant (the tenant is its only value). */
const STATISTICS = (() => {
  const tallies = (tenantId: number) => talliesQuery(tenantId, [FACETS.tenantView.name], FACETS.tenantView.keys.length);
  return {
    statement: prepared("tenant_view_statistics", tallies(0).sql),
    values: (tenantId: number) => tallies(tenantId).params as Knex.RawBinding[],
  };
})();
