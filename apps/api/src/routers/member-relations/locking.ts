import type { EntityManager } from "@mikro-orm/postgresql";
import { lockLiveCustomer, MemberRelationRepository } from "@customer-hub/db";

import { notFound } from "../../trpc/errors";

/**
 * Loads a relation for a change: its customer's row is locked first, then the relation is read
 * again, so what the change sees cannot move under it (see lockLiveCustomer).
 */
export async function loadRelationForUpdate(em: EntityManager, id: number) {
  const repository = new MemberRelationRepository(em);
  const found = await repository.findLive(id);
  if (!found || !(await lockLiveCustomer(em, found.customer.id))) throw notFound("relation_not_found");
  const relation = await em.refresh(found, { populate: ["customer", "member"] });
  if (!relation) throw notFound("relation_not_found");
  return { relation, repository };
}
