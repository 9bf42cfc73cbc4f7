import type { EntityManager } from "@mikro-orm/postgresql";
import type { CustomerRelation, CustomerRelationRepository } from "@customer-hub/db";
import type { MessageKey } from "@customer-hub/domain";

/**
 * What tells one kind of customer relation (with members, with tenants) from another; the rules
 * they share (one per pair, one primary per customer, the primary cannot be deleted) live once,
 * in reads.ts and writes.ts.
 */
export type RelationKind<T extends CustomerRelation, Detail, Row> = {
  repository: (em: EntityManager) => CustomerRelationRepository<T>;
  toDetail: (relation: T) => Detail;
  toListItem: (relation: T) => Row;
  messages: {
    /** The 409's `non_field_errors` when the pair is already related. */
    exists: MessageKey;
    noPrimary: MessageKey;
    undeletable: MessageKey;
    undeletableDetail: MessageKey;
  };
  /** Runs inside the write's transaction whenever the written relation is (still) primary. */
  onPrimary?: (em: EntityManager, customerId: number) => Promise<void>;
};
