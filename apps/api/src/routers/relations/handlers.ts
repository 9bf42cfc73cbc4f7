import type { EntityManager, FilterQuery } from "@mikro-orm/postgresql";
import type { z } from "zod";
import { CustomerSchema, lockLiveCustomer, TenantRelationRepository, type RelationWith } from "@customer-hub/db";
import type { BetweenQuery } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { ApiError, fieldError, orNotFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toDetail, toListItem, toTenantRelation, type RelationKind, type RelationSchemas } from "./kinds";

/**
 * The handlers of one kind of relation, `{ ctx, input }` each. Every write runs in the mutation's
 * transaction and locks in the lock order of locks.ts: the party (a member, shared), then the
 * customer, then the customer's relations.
 */
export function relationHandlers<T extends RelationWith<P>, P extends string, Party extends { id: number }, S extends RelationSchemas>(
  kind: RelationKind<T, P, Party, S>,
) {
  async function loadForUpdate(em: EntityManager, id: number) {
    const repository = kind.repository(em);
    const relation = await repository.findLiveForUpdate(id, orNotFound("relation_not_found"));
    return { relation, repository };
  }

  async function afterWrite(em: EntityManager, relation: T): Promise<z.infer<S["detail"]>> {
    if (relation.is_primary) await kind.onPrimary?.(em, relation.customer.id);
    return toDetail(kind, relation);
  }

  /**
   * Applies `change` under the customer's lock (PUT, set-primary); making a relation primary
   * unmarks the others first, in the same transaction.
   */
  async function changeRelation(ctx: AuthedContext, id: number, change: (relation: T) => { makePrimary: boolean }) {
    const { relation, repository } = await loadForUpdate(ctx.em, id);
    const { makePrimary } = change(relation);
    if (makePrimary && !relation.is_primary) {
      await repository.unmarkOtherPrimaries(relation.customer.id, relation.id);
      relation.is_primary = true;
    }
    relation.updated_by = ctx.principal.username;
    await ctx.em.flush();
    return afterWrite(ctx.em, relation);
  }

  return {
    async list({ ctx, input }: HandlerOptions<z.infer<S["list"]>>) {
      const { page: _page, page_size: _size, ordering, ...filters } = input;
      const { items, total } = await kind
        .repository(ctx.em)
        .findPage(filters, ordering ?? [{ field: "created_at", desc: true }], pageWindow(input));
      return toPage(ctx, input, total, items.map((relation) => toListItem(kind, relation)));
    },

    async get({ ctx, input }: HandlerOptions<{ id: number }>) {
      const relation = await kind.repository(ctx.em).findLive(input.id, orNotFound("relation_not_found"));
      return toDetail(kind, relation);
    },

    async primary({ ctx, input }: HandlerOptions<{ customer_id: number }>) {
      const relation = await kind.repository(ctx.em).findPrimary(input.customer_id, orNotFound(kind.messages.noPrimary));
      return toDetail(kind, relation);
    },

    /**
     * Creates a relation under its customer's row lock, so the pair check and the primary switch
     * are one step (CONTRACT §7, §8): a second relation of the pair is 409, and a new primary
     * unmarks the others before it is inserted. A party that is gone is a field error.
     */
    async create({ ctx, input }: HandlerOptions<z.infer<S["create"]>>): Promise<z.infer<S["detail"]>> {
      const relationExists = () =>
        new ApiError(409, { message: { key: "relation_exists" }, fields: { non_field_errors: [{ key: kind.messages.exists }] } });
      const { em } = ctx;
      const isPrimary = input.is_primary ?? false;
      const partyId = input[kind.party.field] as number;
      const repository = kind.repository(em);
      await repository.lockParty(partyId);
      const customer = (await lockLiveCustomer(em, input.customer_id)) ? await em.findOne(CustomerSchema, input.customer_id) : null;
      if (!customer) throw fieldError("customer_id", "customer_not_found");
      if (await repository.pairExists(input.customer_id, partyId)) throw relationExists();
      if (isPrimary) await repository.unmarkOtherPrimaries(input.customer_id);
      // referencesExist checked it before the transaction: it is gone only if deleted since.
      const party = await em.findOne(kind.party.entity, { id: partyId } as FilterQuery<Party>);
      if (!party) throw fieldError(kind.party.field, kind.party.reference.message);
      const base = { customer, is_primary: isPrimary, notes: input.notes ?? null, created_by: ctx.principal.username, updated_by: null };
      const relation = kind.create(em, base, party, input);
      await em.flush();
      return afterWrite(em, relation);
    },

    /** PUT: the kind's required fields, others changed only when given; customer and party never change. */
    update({ ctx, input }: HandlerOptions<z.infer<S["update"]>>) {
      return changeRelation(ctx, input.id, (relation) => {
        kind.update(relation, input);
        if (input.notes !== undefined) relation.notes = input.notes;
        if (input.is_primary === false) relation.is_primary = false;
        return { makePrimary: input.is_primary === true };
      });
    },

    setPrimary({ ctx, input }: HandlerOptions<{ id: number }>) {
      return changeRelation(ctx, input.id, () => ({ makePrimary: true }));
    },

    /** The primary relation cannot be deleted: another must be made primary first (seeds 002, 003). */
    async delete({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
      const { relation } = await loadForUpdate(ctx.em, input.id);
      if (relation.is_primary) {
        throw new ApiError(400, {
          message: { key: kind.messages.undeletable },
          fields: { non_field_errors: [{ key: kind.messages.undeletableDetail }] },
        });
      }
      ctx.em.remove(relation);
      await ctx.em.flush();
    },
  };
}

/** Seed 002 §8: the relation between one customer and one tenant. */
export async function tenantRelationBetween({ ctx, input }: HandlerOptions<BetweenQuery>) {
  const between = orNotFound("between_relation_not_found");
  const relation = await new TenantRelationRepository(ctx.em).findBetween(input.customer_id, input.tenant_id, between);
  return toTenantRelation(relation);
}
