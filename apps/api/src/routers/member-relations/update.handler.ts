import type { EntityManager } from "@mikro-orm/postgresql";
import type { MemberRelationUpdateInput } from "@customer-hub/domain";

import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { loadRelationForUpdate } from "./locking";
import { toMemberRelation } from "./serialize";

/** Applies a change under the customer's lock; making a relation primary unmarks the others first. */
async function changeRelation(
  ctx: AuthedContext,
  id: number,
  change: (relation: Awaited<ReturnType<typeof loadRelationForUpdate>>["relation"]) => { makePrimary: boolean },
) {
  return ctx.em.transactional(async (em: EntityManager) => {
    const { relation, repository } = await loadRelationForUpdate(em, id);
    const { makePrimary } = change(relation);
    if (makePrimary && !relation.is_primary) {
      await repository.unmarkOtherPrimaries(relation.customer.id, relation.id);
      relation.is_primary = true;
    }
    relation.updated_by = ctx.principal.username;
    await em.flush();
    if (relation.is_primary) await repository.syncPrimaryContacts({ customerId: relation.customer.id });
    return toMemberRelation(relation);
  });
}

/** PUT: `role` required, other fields changed only when given; customer and member never change. */
export function updateMemberRelation({ ctx, input }: HandlerOptions<MemberRelationUpdateInput>) {
  return changeRelation(ctx, input.id, (relation) => {
    relation.role = input.role;
    if (input.position !== undefined) relation.position = input.position;
    if (input.notes !== undefined) relation.notes = input.notes;
    if (input.is_primary === false) relation.is_primary = false;
    return { makePrimary: input.is_primary === true };
  });
}

export function setPrimaryMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  return changeRelation(ctx, input.id, () => ({ makePrimary: true }));
}
