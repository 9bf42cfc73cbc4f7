import { Utils } from "@mikro-orm/core";
import type { EntityData, EntityManager, EntityName, FilterQuery } from "@mikro-orm/postgresql";
import type { OrderingTerm } from "@customer-hub/domain";

import type { Customer } from "../entities/customer.entity";
import { lockLiveCustomer } from "./locks";
import type { OrFail } from "./or-fail";
import { orderByWithTieBreak } from "./ordering";
import type { PageRequest } from "./customer.repository";

/** What customer–member and customer–tenant relations have in common. */
export type CustomerRelation = {
  id: number;
  customer: Customer;
  is_primary: boolean;
  updated_at: Date;
  updated_by?: string | null;
};

/** List filters: `customer_id`, `<party>_id`, and columns filtered by equality (`is_primary`, `role`, …). */
export type RelationFilters = Record<string, unknown>;

/**
 * Queries shared by the relations between a customer and another party (a member, a tenant).
 * Only relations whose customer is live are seen: a deleted customer's relations are gone.
 */
export abstract class CustomerRelationRepository<T extends CustomerRelation> {
  protected abstract readonly entity: EntityName<T>;
  /** The property naming the other party, e.g. `member`. */
  protected abstract readonly party: string;

  constructor(protected readonly em: EntityManager) {}

  protected get populate() {
    // Typed loosely on purpose: the populate hint is checked per entity, and T is generic here.
    return ["customer", this.party] as never[];
  }

  /** The one live relation matching `where`, failing as `orFail` says when there is none. */
  protected async findOneLive(where: Record<string, unknown>, orFail: OrFail): Promise<T> {
    const customer = { ...(where.customer as object | undefined), deleted_at: null };
    const options = { populate: this.populate, ...orFail };
    return (await this.em.findOneOrFail(this.entity, { ...where, customer } as FilterQuery<T>, options)) as T;
  }

  findLive(id: number, orFail: OrFail): Promise<T> {
    return this.findOneLive({ id }, orFail);
  }

  findPrimary(customerId: number, orFail: OrFail): Promise<T> {
    return this.findOneLive({ customer: { id: customerId }, is_primary: true }, orFail);
  }

  /**
   * Locks what a write of a relation with `partyId` depends on besides the customer, before the
   * customer (the lock order, see locks.ts). Nothing for most parties.
   */
  async lockParty(_partyId: number): Promise<void> {}

  /**
   * The live relation with its party and customer locked in the lock order (see locks.ts), read
   * again after the locks so what a change sees cannot move under it; failing as `orFail` says
   * when there is none (or its customer was deleted meanwhile). A relation's customer and party
   * never change, so the ones read before locking are its own.
   */
  async findLiveForUpdate(id: number, orFail: OrFail): Promise<T> {
    const found = await this.findLive(id, orFail);
    await this.lockParty(this.partyIdOf(found));
    const locked = (await lockLiveCustomer(this.em, found.customer.id)) && (await this.em.refresh(found, { populate: this.populate }));
    if (!locked) throw orFail.failHandler(Utils.className(this.entity), { id });
    return locked as T;
  }

  private partyIdOf(relation: T): number {
    return (relation as unknown as Record<string, { id: number }>)[this.party]!.id;
  }

  async pairExists(customerId: number, partyId: number): Promise<boolean> {
    const where = { customer: customerId, [this.party]: partyId } as FilterQuery<T>;
    return (await this.em.count(this.entity, where)) > 0;
  }

  async findPage(filters: RelationFilters, ordering: OrderingTerm<string>[], page: PageRequest) {
    const where: Record<string, unknown> = { customer: { deleted_at: null } };
    for (const [name, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      if (name === "customer_id") where.customer = { id: value, deleted_at: null };
      else if (name === `${this.party}_id`) where[this.party] = value;
      else where[name] = value;
    }
    const [items, total] = await this.em.findAndCount(this.entity, where as FilterQuery<T>, {
      populate: this.populate,
      orderBy: orderByWithTieBreak(ordering),
      limit: page.limit,
      offset: page.offset,
    });
    return { items: items as T[], total };
  }

  /** Clears `is_primary` on the customer's other relations (call with the customer locked). */
  unmarkOtherPrimaries(customerId: number, keepId?: number) {
    const where = { customer: customerId, is_primary: true, ...(keepId === undefined ? {} : { id: { $ne: keepId } }) };
    const change: Partial<CustomerRelation> = { is_primary: false, updated_at: new Date() };
    return this.em.nativeUpdate(this.entity, where as FilterQuery<T>, change as EntityData<T>);
  }
}
