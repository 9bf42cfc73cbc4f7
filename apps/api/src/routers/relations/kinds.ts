import type { EntityManager, EntityName } from "@mikro-orm/postgresql";
import type { z } from "zod";
import {
  CustomerMemberRelationSchema,
  CustomerTenantRelationSchema,
  MemberRelationRepository,
  MemberSchema,
  TenantRelationRepository,
  TenantSchema,
  type Customer,
  type CustomerRelation,
  type CustomerRelationRepository,
  type CustomerTenantRelation,
  type RelationWith,
} from "@customer-hub/db";
import {
  memberRelationSchemas,
  memberSummarySchema,
  tenantRelationSchemas,
  tenantSummarySchema,
  type MessageKey,
  type OrderingTerm,
  type TenantRelation,
  type TenantViewRelationSummary,
} from "@customer-hub/domain";

import type { PageQuery } from "../../lib/pagination";
import { fieldError } from "../../trpc/errors";
import type { ReferenceCheck } from "../../trpc/references";
import { serializeAs } from "../../lib/serialize";
import { existingMember, existingTenant } from "../reference-checks";

/** The schemas of a kind, as the domain makes them (`relationSchemas`). */
export type RelationSchemas = {
  create: z.ZodType<{ customer_id: number; is_primary?: boolean; notes?: string | null }>;
  update: z.ZodType<{ id: number; is_primary?: boolean; notes?: string | null }>;
  list: z.ZodType<PageQuery & { customer_id?: number; ordering?: OrderingTerm<string>[] }>;
  listItem: z.ZodType;
  detail: z.ZodType;
  page: z.ZodType;
};

/** A list's filters: its query without the page and the ordering. */
export type ListFilters<S extends RelationSchemas> = Omit<z.infer<S["list"]>, "page" | "page_size" | "ordering">;

/** What a row shows besides what every relation shows (id, customer, notes, created_at). */
type OwnRow<S extends RelationSchemas> = Omit<z.infer<S["listItem"]>, "id" | "customer" | "notes" | "created_at">;

/** The fields every new relation starts with, whatever its kind. */
export type NewRelation = { customer: Customer; is_primary: boolean; notes: string | null; created_by: string; updated_by: null };

/**
 * What tells one kind of customer relation (with members, with tenants) from another: `T` is its
 * entity, `P` the property naming its party (of entity `Party`), `S` its schemas. The rules they
 * share (one per pair, one primary per customer, the primary cannot be deleted) live once, in
 * handlers.ts.
 */
export type RelationKind<T extends RelationWith<P>, P extends string, Party extends object, S extends RelationSchemas> = {
  schemas: S;
  repository: (em: EntityManager) => CustomerRelationRepository<T, P, ListFilters<S>>;
  /** The other side: its entity, the create input's field that names it, the check (and field error) that it exists. */
  party: { entity: EntityName<Party>; field: keyof z.infer<S["create"]> & string; reference: ReferenceCheck };
  /** The new entity from what every relation starts with, its party and the kind's own fields. */
  create: (em: EntityManager, base: NewRelation, party: Party, input: z.infer<S["create"]>) => T;
  /** PUT of the kind's own fields (`notes` and `is_primary` are every kind's). */
  update: (relation: T, input: z.infer<S["update"]>) => void;
  row: (relation: T) => OwnRow<S>;
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

/** What serializing needs of a kind. */
type Serialized<T extends CustomerRelation, S extends RelationSchemas> = { row: (relation: T) => OwnRow<S> };

/** The list row of seeds 002 and 003: no audit fields. */
export function toListItem<T extends CustomerRelation, S extends RelationSchemas>(
  kind: Serialized<T, S>,
  relation: T,
): z.infer<S["listItem"]> {
  const { id, customer, notes, created_at } = relation;
  const row = { id, customer: { id: customer.id, name: customer.name }, ...kind.row(relation), notes: notes ?? null, created_at: created_at.toISOString() };
  // The kind's part is checked against its schema (OwnRow); TypeScript cannot add the rest back to a generic type.
  return row as z.infer<S["listItem"]>;
}

/** The detail: the list row plus the audit fields. */
export function toDetail<T extends CustomerRelation, S extends RelationSchemas>(
  kind: Serialized<T, S>,
  relation: T,
): z.infer<S["detail"]> {
  const audit = { updated_at: relation.updated_at.toISOString(), created_by: relation.created_by ?? null, updated_by: relation.updated_by ?? null };
  return { ...(toListItem(kind, relation) as object), ...audit } as z.infer<S["detail"]>;
}

export const memberRelationKind = defineKind({
  schemas: memberRelationSchemas,
  repository: (em) => new MemberRelationRepository(em),
  party: { entity: MemberSchema, field: "member_id", reference: existingMember },
  create: (em, base, member, input) => em.create(CustomerMemberRelationSchema, { ...base, member, role: input.role, position: input.position ?? null }),
  /** PUT: `role` required, `position` changed only when given. */
  update: (relation, input) => {
    relation.role = input.role;
    if (input.position !== undefined) relation.position = input.position;
  },
  row: (relation) => ({ member: serializeAs(memberSummarySchema, relation.member), role: relation.role, position: relation.position ?? null, is_primary: relation.is_primary }),
  messages: {
    exists: "member_relation_exists",
    noPrimary: "primary_member_not_found",
    undeletable: "primary_member_relation_undeletable",
    undeletableDetail: "primary_member_relation_undeletable_detail",
  },
  // The customer's primary contact fields follow its primary member (CONTRACT §7).
  onPrimary: (em, customerId) => new MemberRelationRepository(em).syncPrimaryContacts({ customerId }),
});

/** The tenant relation's own fields, as the tenant view nests them under `relation` (seed 001); entity or plain row. */
export function toTenantRelationFields(
  relation: Pick<CustomerTenantRelation, "id" | "relation_type" | "is_primary" | "start_date" | "end_date" | "status" | "notes" | "created_at">,
): TenantViewRelationSummary {
  const { id, relation_type, is_primary, status, notes, created_at } = relation;
  const dates = { start_date: relation.start_date ?? null, end_date: relation.end_date ?? null };
  return { id, relation_type, is_primary, ...dates, status, notes: notes ?? null, created_at: created_at.toISOString() };
}

export const tenantRelationKind = defineKind({
  schemas: tenantRelationSchemas,
  repository: (em) => new TenantRelationRepository(em),
  party: { entity: TenantSchema, field: "tenant_id", reference: existingTenant },
  create: (em, base, tenant, input) => {
    const { relation_type, status, start_date, end_date } = input;
    return em.create(CustomerTenantRelationSchema, { ...base, tenant, relation_type, status, start_date: start_date ?? null, end_date: end_date ?? null });
  },
  /**
   * PUT: `relation_type` and `status` required, the dates changed only when given. The dates are
   * checked as they will be stored: a new start date against the stored end date counts too.
   */
  update: (relation, input) => {
    const startDate = input.start_date === undefined ? relation.start_date : input.start_date;
    const endDate = input.end_date === undefined ? relation.end_date : input.end_date;
    // ISO dates compare as strings.
    if (startDate && endDate && startDate > endDate) throw fieldError("end_date", "end_before_start");
    relation.relation_type = input.relation_type;
    relation.status = input.status;
    relation.start_date = startDate ?? null;
    relation.end_date = endDate ?? null;
  },
  row: (relation) => {
    const { id: _id, notes: _notes, created_at: _created, ...fields } = toTenantRelationFields(relation);
    return { tenant: serializeAs(tenantSummarySchema, relation.tenant), ...fields };
  },
  messages: {
    exists: "tenant_relation_exists",
    noPrimary: "primary_tenant_relation_not_found",
    undeletable: "primary_tenant_relation_undeletable",
    undeletableDetail: "primary_tenant_relation_undeletable_detail",
  },
});

/** The detail of a customer–tenant relation, as the tenant view answers it too. */
export const toTenantRelation = (relation: CustomerTenantRelation): TenantRelation => toDetail(tenantRelationKind, relation);

/** Infers a kind's types from its value, and checks them against each other. */
function defineKind<T extends RelationWith<P>, P extends string, Party extends object, S extends RelationSchemas>(
  kind: RelationKind<T, P, Party, S>,
) {
  return kind;
}
