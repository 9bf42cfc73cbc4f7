import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { RELATION_STATUSES, RELATION_TYPES } from "@customer-hub/domain";

import { CustomerSchema } from "./customer.entity";
import { TenantSchema } from "./tenant.entity";
import { timestamps } from "./timestamps";

export const CustomerTenantRelationSchema = defineEntity({
  name: "CustomerTenantRelation",
  tableName: "customer_tenant_relation",
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: p.manyToOne(CustomerSchema).deleteRule("cascade"),
    tenant: p.manyToOne(TenantSchema).deleteRule("restrict"),
    relation_type: p.enum([...RELATION_TYPES]),
    is_primary: p.boolean().default(false),
    start_date: p.date().nullable(),
    end_date: p.date().nullable(),
    status: p.enum([...RELATION_STATUSES]),
    notes: p.text().nullable(),
    created_by: p.string().length(150).nullable(),
    updated_by: p.string().length(150).nullable(),
    ...timestamps,
  },
  uniques: [
    // Starts with the tenant: the tenant view reads a tenant's customers through it.
    { name: "customer_tenant_relation_pair_unique", properties: ["tenant", "customer"] },
    {
      name: "customer_tenant_relation_one_primary",
      expression:
        'create unique index "customer_tenant_relation_one_primary" on "customer_tenant_relation" ("customer_id") where "is_primary"',
    },
  ],
  indexes: [{ name: "customer_tenant_relation_customer_idx", properties: ["customer"] }],
});
export type CustomerTenantRelation = InferEntity<typeof CustomerTenantRelationSchema>;
