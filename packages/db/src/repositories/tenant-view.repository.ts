import type { EntityManager, QueryBuilder } from "@mikro-orm/postgresql";
import type { OrderingTerm, TenantViewFilters, TenantViewOrderingField, TenantViewStatistics } from "@customer-hub/domain";

import { CustomerTenantRelationSchema, type CustomerTenantRelation } from "../entities/customer-tenant-relation.entity";
import { CustomerSchema } from "../entities/customer.entity";
import { CustomerRepository, type CustomerRow, type PageRequest } from "./customer.repository";
import { cappedCount, FACETS, maintainedCount, talliesQuery, tallyAt, toTallies, totalOf, type Count } from "./counts";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import { fewMatchesCondition, searchCondition, usesGrams } from "./search";

/** A relation as a plain row: `customer` and `tenant` are ids. */
export type TenantViewRelationRow = Omit<CustomerTenantRelation, "customer" | "tenant"> & { customer: number; tenant: number };

/** A row of the tenant view's list: the tenant's relation with its customer, both plain. */
export type TenantViewRow = Omit<TenantViewRelationRow, "customer"> & { customer: CustomerRow };

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
   * serialised): the page's relations in one statement, their customers by id in a second.
   */
  async findPage(options: PageOptions): Promise<{ items: TenantViewRow[]; total: number; exact: boolean }> {
    const count = await this.count(options.filters, options.search);
    const few = count.exact && options.search !== undefined && usesGrams(options.search);
    const relations = await this.pageQuery(options, few).execute<TenantViewRelationRow[]>("all");
    const ids = relations.map((relation) => relation.customer);
    const customers = ids.length ? await new CustomerRepository(this.em).readByIds(ids) : [];
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const items = relations.flatMap((relation) => {
      const customer = byId.get(relation.customer);
      return customer ? [{ ...relation, customer }] : [];
    });
    return { items, total: count.total, exact: count.exact };
  }

  /** The statement behind findPage's relations (in the page's order), apart so that a test can EXPLAIN it. */
  pageQuery(options: PageOptions, few = false) {
    const { filters, search, ordering, page } = options;
    const qb = this.em
      .createQueryBuilder(CustomerTenantRelationSchema, "r")
      .select("r.*")
      .join("r.customer", "c")
      .where({ tenant: this.tenantId, customer: { deleted_at: null } });
    return this.filtered(qb, filters, search, few)
      .orderBy(orderByWithTieBreak(ordering, "c."))
      .limit(page.limit)
      .offset(page.offset);
  }

  /**
   * How many of the tenant's live customers match: every combination of the view's filters is a
   * maintained count; a search is counted up to a limit.
   */
  async count(filters: TenantViewFilters, search?: string): Promise<Count> {
    if (search === undefined) {
      const match = [filters.type, filters.value_level, filters.status, filters.relation_type, filters.relation_status];
      return { total: await maintainedCount(this.em, this.tenantId, FACETS.tenantView.name, match), exact: true };
    }
    const qb = this.em
      .createQueryBuilder(CustomerTenantRelationSchema, "r")
      .select("r.id")
      .join("r.customer", "c")
      .where({ tenant: this.tenantId, customer: { deleted_at: null } });
    return cappedCount(this.em, this.filtered(qb, filters, search));
  }

  private filtered<Q extends QueryBuilder<CustomerTenantRelation, string>>(qb: Q, filters: TenantViewFilters, search?: string, few = false): Q {
    if (filters.type) qb.andWhere({ customer: { type: filters.type } });
    if (filters.value_level) qb.andWhere({ customer: { value_level: filters.value_level } });
    if (filters.status) qb.andWhere({ customer: { status: filters.status } });
    if (filters.relation_type) qb.andWhere({ relation_type: filters.relation_type });
    if (filters.relation_status) qb.andWhere({ status: filters.relation_status });
    if (search !== undefined) {
      const condition = few ? fewMatchesCondition(search) : searchCondition(search, "c");
      qb.andWhere(condition.sql, condition.params);
    }
    return qb;
  }

  /** Counts over the tenant's live customers (customer status for active/inactive, CONTRACT §9), maintained. */
  async statistics(): Promise<TenantViewStatistics> {
    const query = talliesQuery(this.tenantId, [FACETS.tenantView.name], FACETS.tenantView.keys.length);
    const rows = await this.em
      .getConnection()
      .execute<{ facet: string; position: number; value: string; n: string }[]>(query.sql, query.params, "all", this.em.getTransactionContext());
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
