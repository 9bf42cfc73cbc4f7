import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerSchema, lockLiveCustomer, type Customer, type CustomerRelation } from "@customer-hub/db";

import { ApiError, fieldError, orNotFound } from "../../trpc/errors";
import type { AuthedContext } from "../../trpc/types";
import type { RelationKind } from "./kind";

type AnyKind<T extends CustomerRelation, D> = RelationKind<T, D, unknown>;

async function loadForUpdate<T extends CustomerRelation, D>(em: EntityManager, kind: AnyKind<T, D>, id: number) {
  const repository = kind.repository(em);
  const relation = await repository.findLiveForUpdate(id, orNotFound("relation_not_found"));
  return { relation, repository };
}

async function afterWrite<T extends CustomerRelation, D>(em: EntityManager, kind: AnyKind<T, D>, relation: T): Promise<D> {
  if (relation.is_primary) await kind.onPrimary?.(em, relation.customer.id);
  return kind.toDetail(relation);
}

/**
 * Every write here runs in the mutation's transaction and locks in the lock order of locks.ts:
 * the party (a member, shared), then the customer, then the customer's relations.
 */

/**
 * Creates a relation under its customer's row lock, so the pair check and the primary switch are
 * one step (CONTRACT §7, §8): a second relation of the pair is 409, and a new primary unmarks the
 * others before it is inserted. `build` makes the entity (and refuses a missing party).
 */
export async function createRelation<T extends CustomerRelation, D>(
  ctx: AuthedContext,
  kind: AnyKind<T, D>,
  target: { customerId: number; partyId: number; isPrimary: boolean },
  build: (em: EntityManager, customer: Customer) => Promise<T>,
): Promise<D> {
  const relationExists = () =>
    new ApiError(409, { message: { key: "relation_exists" }, fields: { non_field_errors: [{ key: kind.messages.exists }] } });
  const { em } = ctx;
  const repository = kind.repository(em);
  await repository.lockParty(target.partyId);
  const customer = (await lockLiveCustomer(em, target.customerId)) ? await em.findOne(CustomerSchema, target.customerId) : null;
  if (!customer) throw fieldError("customer_id", "customer_not_found");
  if (await repository.pairExists(target.customerId, target.partyId)) throw relationExists();
  if (target.isPrimary) await repository.unmarkOtherPrimaries(target.customerId);
  const relation = await build(em, customer);
  await em.flush();
  return afterWrite(em, kind, relation);
}

/**
 * Applies `change` under the customer's lock (PUT, set-primary); making a relation primary unmarks
 * the others first, in the same transaction.
 */
export async function changeRelation<T extends CustomerRelation, D>(
  ctx: AuthedContext,
  kind: AnyKind<T, D>,
  id: number,
  change: (relation: T) => { makePrimary: boolean },
): Promise<D> {
  const { relation, repository } = await loadForUpdate(ctx.em, kind, id);
  const { makePrimary } = change(relation);
  if (makePrimary && !relation.is_primary) {
    await repository.unmarkOtherPrimaries(relation.customer.id, relation.id);
    relation.is_primary = true;
  }
  relation.updated_by = ctx.principal.username;
  await ctx.em.flush();
  return afterWrite(ctx.em, kind, relation);
}

/** The primary relation cannot be deleted: another must be made primary first (seeds 002, 003). */
export async function deleteRelation<T extends CustomerRelation, D>(ctx: AuthedContext, kind: AnyKind<T, D>, id: number) {
  const { relation } = await loadForUpdate(ctx.em, kind, id);
  if (relation.is_primary) {
    throw new ApiError(400, {
      message: { key: kind.messages.undeletable },
      fields: { non_field_errors: [{ key: kind.messages.undeletableDetail }] },
    });
  }
  ctx.em.remove(relation);
  await ctx.em.flush();
}
