import { UniqueConstraintViolationException } from "@mikro-orm/core";
import {
  CustomerMemberRelationSchema,
  CustomerSchema,
  lockLiveCustomer,
  MemberRelationRepository,
  MemberSchema,
} from "@customer-hub/db";
import type { MemberRelationCreateInput } from "@customer-hub/domain";

import { ApiError, fieldError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toMemberRelation } from "./serialize";

const relationExists = () =>
  new ApiError(409, {
    message: { key: "relation_exists" },
    fields: { non_field_errors: [{ key: "member_relation_exists" }] },
  });

export async function createMemberRelation({ ctx, input }: HandlerOptions<MemberRelationCreateInput>) {
  try {
    return await ctx.em.transactional(async (em) => {
      // The customer's lock makes the pair check and the primary switch one step (CONTRACT §7).
      if (!(await lockLiveCustomer(em, input.customer_id))) throw fieldError("customer_id", "customer_not_found");
      const member = await em.findOne(MemberSchema, { id: input.member_id });
      if (!member) throw fieldError("member_id", "member_not_found");
      const repository = new MemberRelationRepository(em);
      if (await repository.pairExists(input.customer_id, input.member_id)) throw relationExists();

      const primary = input.is_primary ?? false;
      if (primary) await repository.unmarkOtherPrimaries(input.customer_id);
      const relation = em.create(CustomerMemberRelationSchema, {
        customer: em.getReference(CustomerSchema, input.customer_id),
        member,
        role: input.role,
        position: input.position ?? null,
        is_primary: primary,
        notes: input.notes ?? null,
        created_by: ctx.principal.username,
        updated_by: null,
      });
      await em.flush();
      if (primary) await repository.syncPrimaryContacts({ customerId: input.customer_id });
      await em.populate(relation, ["customer"]);
      return toMemberRelation(relation);
    });
  } catch (error) {
    // Only a pair inserted outside these rules (no lock) could get here; it is still a 409.
    if (error instanceof UniqueConstraintViolationException) throw relationExists();
    throw error;
  }
}
