import type { EntityManager } from "@mikro-orm/postgresql";
import type { OrderingTerm, TenantViewFilters, TenantViewOrderingField, TenantViewStatistics } from "@customer-hub/domain";

import { customerSearchDocument } from "../entities/customer.entity";
import { CustomerTenantRelationSchema } from "../entities/customer-tenant-relation.entity";
import { orderByWithTieBreak } from "./ordering";
import { countByColumns } from "./statistics";
import { likePattern, type PageRequest } from "./customer.repository";

const STATISTIC_DIMENSIONS = {
  by_type: "c.type",
  by_value_level: "c.value_level",
  by_relation_type: "r.relation_type",
  by_relation_status: "r.status",
} as const;

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

  /** The tenant's relation to a live customer, with the customer; null when there is none. */
  async findByCustomer(customerId: number) {
    return this.customerQuery(customerId).getSingleResult();
  }

  /** The statement behind findByCustomer, apart so that a test can EXPLAIN it. */
  customerQuery(customerId: number) {
    return this.scoped().andWhere({ customer: customerId });
  }

  async findPage(options: PageOptions) {
    const [items, total] = await this.pageQuery(options).getResultAndCount();
    return { items, total };
  }

  /** The statement behind findPage, apart so that a test can EXPLAIN it. */
  pageQuery(options: PageOptions) {
    const { filters, search, ordering, page } = options;
    const qb = this.scoped();
    if (filters.type) qb.andWhere({ customer: { type: filters.type } });
    if (filters.value_level) qb.andWhere({ customer: { value_level: filters.value_level } });
    if (filters.status) qb.andWhere({ customer: { status: filters.status } });
    if (filters.relation_type) qb.andWhere({ relation_type: filters.relation_type });
    if (filters.relation_status) qb.andWhere({ status: filters.relation_status });
    if (search !== undefined) {
      qb.andWhere(`${customerSearchDocument("c")} ilike ?`, [likePattern(search)]);
    }
    return qb.orderBy(orderByWithTieBreak(ordering, "c.")).limit(page.limit).offset(page.offset);
  }

  /** Counts over the tenant's live customers: customer status for active/inactive (CONTRACT §9). */
  async statistics(): Promise<TenantViewStatistics> {
    const connection = this.em.getConnection();
    const from = `from customer_tenant_relation r join customer c on c.id = r.customer_id
                  where r.tenant_id = ? and c.deleted_at is null`;
    const [totals] = await connection.execute<{ total: string; active: string; inactive: string }[]>(
      `select count(*) as total,
              count(*) filter (where c.status = 'active') as active,
              count(*) filter (where c.status = 'inactive') as inactive ${from}`,
      [this.tenantId],
    );
    const by = await countByColumns(this.em, STATISTIC_DIMENSIONS, from, [this.tenantId]);
    return {
      total_count: Number(totals?.total ?? 0),
      active_count: Number(totals?.active ?? 0),
      inactive_count: Number(totals?.inactive ?? 0),
      by_type: by.by_type,
      by_value_level: by.by_value_level,
      by_relation_type: by.by_relation_type,
      by_relation_status: by.by_relation_status,
    };
  }
}
