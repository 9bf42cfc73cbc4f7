import type { FilterQuery } from "@mikro-orm/postgresql";
import type { TenantRelationListInput } from "@customer-hub/domain";

import { CustomerTenantRelationSchema, type CustomerTenantRelation } from "../entities/customer-tenant-relation.entity";
import { CustomerRelationRepository } from "./customer-relation.repository";
import type { OrFail } from "./or-fail";

/** The filters of the list of customer–tenant relations, as the contract names them. */
export type TenantRelationFilters = Pick<TenantRelationListInput, "customer_id" | "tenant_id" | "is_primary" | "relation_type" | "status">;

/** Customer–tenant relations whose customer is live: a deleted customer's relations are gone. */
export class TenantRelationRepository extends CustomerRelationRepository<CustomerTenantRelation, "tenant", TenantRelationFilters> {
  protected readonly entity = CustomerTenantRelationSchema;
  protected readonly party = "tenant";

  protected filter({ customer_id, tenant_id, ...columns }: TenantRelationFilters): FilterQuery<CustomerTenantRelation> {
    return this.listQuery(customer_id, { tenant: tenant_id, ...columns });
  }

  findBetween(customerId: number, tenantId: number, orFail: OrFail): Promise<CustomerTenantRelation> {
    return this.findOneLive({ tenant: tenantId }, orFail, customerId);
  }
}
