import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { RELATION_STATUSES, RELATION_TYPES } from "@customer-hub/domain";

import { relationProperties, relationTable } from "./customer-relation";
import { TenantSchema } from "./tenant.entity";

export const CustomerTenantRelationSchema = defineEntity({
  name: "CustomerTenantRelation",
  properties: {
    ...relationProperties("tenant", TenantSchema),
    relation_type: p.enum([...RELATION_TYPES]),
    start_date: p.date().nullable(),
    end_date: p.date().nullable(),
    status: p.enum([...RELATION_STATUSES]),
  },
  // The pair starts with the tenant: the tenant view reads a tenant's customers through it.
  ...relationTable("customer_tenant_relation", ["tenant", "customer"]),
  indexes: [{ name: "customer_tenant_relation_customer_idx", properties: ["customer"] }],
});
export type CustomerTenantRelation = InferEntity<typeof CustomerTenantRelationSchema>;
