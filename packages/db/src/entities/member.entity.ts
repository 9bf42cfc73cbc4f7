import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

import { timestamps } from "./timestamps";

/** A contact person (seed 003's "Member"), related to customers through CustomerMemberRelation. */
export const MemberSchema = defineEntity({
  name: "Member",
  tableName: "member",
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(150).unique("member_username_unique"),
    name: p.string().length(100).nullable(),
    phone: p.string().length(50).nullable(),
    email: p.string().length(254).nullable(),
    ...timestamps,
  },
});
export type Member = InferEntity<typeof MemberSchema>;
