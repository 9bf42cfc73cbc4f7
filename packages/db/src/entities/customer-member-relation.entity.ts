import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { MEMBER_ROLES } from "@customer-hub/domain";

import { CustomerSchema } from "./customer.entity";
import { MemberSchema } from "./member.entity";
import { timestamps } from "./timestamps";

export const CustomerMemberRelationSchema = defineEntity({
  name: "CustomerMemberRelation",
  tableName: "customer_member_relation",
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: p.manyToOne(CustomerSchema).deleteRule("cascade"),
    member: p.manyToOne(MemberSchema).deleteRule("restrict"),
    role: p.enum([...MEMBER_ROLES]),
    position: p.string().length(100).nullable(),
    is_primary: p.boolean().default(false),
    notes: p.text().nullable(),
    created_by: p.string().length(150).nullable(),
    updated_by: p.string().length(150).nullable(),
    ...timestamps,
  },
  indexes: [{ name: "customer_member_relation_member_idx", properties: ["member"] }],
  uniques: [
    { name: "customer_member_relation_pair_unique", properties: ["customer", "member"] },
    {
      // At most one primary per customer, whatever the application does.
      name: "customer_member_relation_one_primary",
      expression:
        'create unique index "customer_member_relation_one_primary" on "customer_member_relation" ("customer_id") where "is_primary"',
    },
  ],
});
export type CustomerMemberRelation = InferEntity<typeof CustomerMemberRelationSchema>;
