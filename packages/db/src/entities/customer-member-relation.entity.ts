import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { MEMBER_ROLES } from "@customer-hub/domain";

import { relationProperties, relationTable } from "./customer-relation";
import { MemberSchema } from "./member.entity";

export const CustomerMemberRelationSchema = defineEntity({
  name: "CustomerMemberRelation",
  properties: {
    ...relationProperties("member", MemberSchema),
    role: p.enum([...MEMBER_ROLES]),
    position: p.string().length(100).nullable(),
  },
  indexes: [{ name: "customer_member_relation_member_idx", properties: ["member"] }],
  ...relationTable("customer_member_relation", ["customer", "member"]),
});
export type CustomerMemberRelation = InferEntity<typeof CustomerMemberRelationSchema>;
