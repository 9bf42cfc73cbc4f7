import { CustomerTenantRelationSchema, type CustomerTenantRelation } from "../entities/customer-tenant-relation.entity";
import { CustomerRelationRepository } from "./customer-relation.repository";
import type { OrFail } from "./or-fail";

/** Customer–tenant relations whose customer is live: a deleted customer's relations are gone. */
export class TenantRelationRepository extends CustomerRelationRepository<CustomerTenantRelation> {
  protected readonly entity = CustomerTenantRelationSchema;
  protected readonly party = "tenant";

  findBetween(customerId: number, tenantId: number, orFail: OrFail): Promise<CustomerTenantRelation> {
    return this.findOneLive({ customer: { id: customerId }, tenant: tenantId }, orFail);
  }
}
