import { CustomerTenantRelationSchema, type CustomerTenantRelation } from "../entities/customer-tenant-relation.entity";
import { CustomerRelationRepository } from "./customer-relation.repository";

/** Customer–tenant relations whose customer is live: a deleted customer's relations are gone. */
export class TenantRelationRepository extends CustomerRelationRepository<CustomerTenantRelation> {
  protected readonly entity = CustomerTenantRelationSchema;
  protected readonly party = "tenant";

  findBetween(customerId: number, tenantId: number): Promise<CustomerTenantRelation | null> {
    return this.findOneLive({ customer: { id: customerId }, tenant: tenantId });
  }
}
