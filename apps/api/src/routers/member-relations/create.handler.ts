import { CustomerMemberRelationSchema, MemberSchema } from "@customer-hub/db";
import type { MemberRelationCreateInput } from "@customer-hub/domain";

import { fieldError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { createRelation } from "../customer-relations/writes";
import { memberRelationKind } from "./kind";

export function createMemberRelation({ ctx, input }: HandlerOptions<MemberRelationCreateInput>) {
  const isPrimary = input.is_primary ?? false;
  const target = { customerId: input.customer_id, partyId: input.member_id, isPrimary };
  return createRelation(ctx, memberRelationKind, target, async (em, customer) => {
    const member = await em.findOne(MemberSchema, { id: input.member_id });
    if (!member) throw fieldError("member_id", "member_not_found");
    return em.create(CustomerMemberRelationSchema, {
      customer,
      member,
      role: input.role,
      position: input.position ?? null,
      is_primary: isPrimary,
      notes: input.notes ?? null,
      created_by: ctx.principal.username,
      updated_by: null,
    });
  });
}
