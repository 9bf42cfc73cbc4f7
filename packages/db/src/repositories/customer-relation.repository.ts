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
  notes?: string | null;
  created_at: Date;
  updated_at: Date;
  created_by?: string | null;
  updated_by?: string | null;
};

/** A relation whose other side (the party: a member, a tenant) is its property `P`. */
export type RelationWith<P extends string> = CustomerRelation & { [K in P]: { id: number } };

/** A live customer's condition: only relations whose customer is live are seen. */
const liveCustomer = (customerId?: number) => (customerId === undefined ? { deleted_at: null } : { id: customerId, deleted_at: null });

/**
 * Queries shared by the relations between a customer and another party (a member, a tenant):
 * `T` is the relation entity, `P` the property that names its party, `F` its list filters. A
 * deleted customer's relations are gone from every query here.
 */
export abstract class CustomerRelationRepository<T extends RelationWith<P>, P extends string, F> {
  protected abstract readonly entity: EntityName<T>;
  /** The property naming the other side of the relation, e.g. `member`. */
  protected abstract readonly party: P;

  /** The kind's list filters as a query on its own columns (the party, role, status, …). */
  protected abstract filter(filters: F): FilterQuery<T>;

  constructor(protected readonly em: EntityManager) {}

  protected get populate() {
    // Typed loosely on purpose: the populate hint is checked per entity, and T is generic here.
    return ["customer", this.party] as never[];
  }

  /**
   * The one relation matching `where` whose customer (`customerId`, when given) is live, failing
   * as `orFail` says when there is none.
   */
  protected async findOneLive(where: { id: number } | { is_primary: true } | { [K in P]: number }, orFail: OrFail, customerId?: number) {
    const query = { ...where, customer: liveCustomer(customerId) } as FilterQuery<T>;
    return (await this.em.findOneOrFail(this.entity, query, { populate: this.populate, ...orFail })) as T;
  }

  findLive(id: number, orFail: OrFail): Promise<T> {
    return this.findOneLive({ id }, orFail);
  }

  findPrimary(customerId: number, orFail: OrFail): Promise<T> {
    return this.findOneLive({ is_primary: true }, orFail, customerId);
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
    await this.lockParty(found[this.party].id);
    const locked = (await lockLiveCustomer(this.em, found.customer.id)) && (await this.em.refresh(found, { populate: this.populate }));
    if (!locked) throw orFail.failHandler(Utils.className(this.entity), { id });
    return locked as T;
  }

  async pairExists(customerId: number, partyId: number): Promise<boolean> {
    const where = { customer: customerId, [this.party]: partyId } as FilterQuery<T>;
    return (await this.em.count(this.entity, where)) > 0;
  }

  async findPage(filters: F, ordering: OrderingTerm<string>[], page: PageRequest) {
    const [items, total] = await this.em.findAndCount(this.entity, this.filter(filters), {
      populate: this.populate,
      orderBy: orderByWithTieBreak(ordering),
      limit: page.limit,
      offset: page.offset,
    });
    return { items: items as T[], total };
  }

  /**
   * The query of a list: `columns` without the filters left out, on relations of live customers
   * (of one, with `customer_id`). Kinds build `columns` from their own typed filters.
   */
  protected listQuery<Q extends object>(customerId: number | undefined, columns: Q) {
    const given = Object.entries(columns).filter(([, value]) => value !== undefined);
    return { ...(Object.fromEntries(given) as Partial<Q>), customer: liveCustomer(customerId) };
  }

  /** Clears `is_primary` on the customer's other relations (call with the customer locked). */
  unmarkOtherPrimaries(customerId: number, keepId?: number) {
    const where = { customer: customerId, is_primary: true, ...(keepId === undefined ? {} : { id: { $ne: keepId } }) };
    const change: Partial<CustomerRelation> = { is_primary: false, updated_at: new Date() };
    return this.em.nativeUpdate(this.entity, where as FilterQuery<T>, change as EntityData<T>);
  }
}
