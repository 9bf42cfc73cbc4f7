import { TenantViewRepository, type CustomerTenantRelation, type TenantViewRow } from "@customer-hub/db";
import {
  tenantRelationSchema,
  tenantViewCustomerSchema,
  tenantViewListItemSchema,
  type TenantViewCustomer,
  type TenantViewListField,
  type TenantViewListInput,
  type TenantViewListItem,
  type TenantViewPageItem,
} from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { serializeSelected } from "../../lib/selection";
import { serializeAs } from "../../lib/serialize";
import { orNotFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";

export type TenantContext = AuthedContext & { tenantId: number };

const repository = (ctx: TenantContext) => new TenantViewRepository(ctx.em, ctx.tenantId);

// Seed 001's answers: some of the customer's fields, with the tenant's relation under `relation`.
const listShape = { customer: tenantViewListItemSchema.omit({ relation: true }), relation: tenantViewListItemSchema.shape.relation };
const detailShape = { customer: tenantViewCustomerSchema.omit({ relation: true }), relation: tenantViewCustomerSchema.shape.relation };

/** A list row: plain rows, as the repository reads a page (no entity hydrated). */
function toListItem(relation: TenantViewRow): TenantViewListItem {
  return { ...serializeAs(listShape.customer, relation.customer), relation: serializeAs(listShape.relation, relation) };
}

/** A list row cut down to `fields=`: the customer's selected properties, `relation` among them if named. */
function toSelectedItem(fields: readonly TenantViewListField[]) {
  return (row: TenantViewRow): TenantViewPageItem => serializeSelected(tenantViewListItemSchema, fields, { ...row.customer, relation: row });
}

/** The detail; financial fields only while the relation is active (CONTRACT §9). */
function toDetail(relation: CustomerTenantRelation): TenantViewCustomer {
  const hidden = relation.status === "active" ? {} : { bank_name: null, bank_account: null, credit_rating: null, payment_terms: null };
  return {
    ...serializeAs(detailShape.customer, relation.customer),
    ...hidden,
    relation: serializeAs(detailShape.relation, relation),
  };
}

/** A page of the tenant's customers: the list, and the search, which adds `q` (both procedures call this). */
export async function findTenantCustomers({ ctx, input }: HandlerOptions<TenantViewListInput & { q?: string }, TenantContext>) {
  const { page: _page, page_size: _size, ordering, q, fields, ...filters } = input;
  const { items, total, exact } = await repository(ctx).findPage({
    filters,
    search: q,
    ordering: ordering ?? [{ field: "created_at", desc: true }],
    page: pageWindow(input),
  });
  return toPage(ctx, input, total, items.map(fields ? toSelectedItem(fields) : toListItem), exact);
}


/** Another tenant's customer is 404, never 403: whether it exists must not leak (CONTRACT §9). */
export async function getTenantCustomer({ ctx, input }: HandlerOptions<{ id: number }, TenantContext>) {
  const relation = await repository(ctx).findByCustomer(input.id, orNotFound("tenant_view_customer_not_found"));
  return toDetail(relation);
}

export async function getTenantRelation({ ctx, input }: HandlerOptions<{ id: number }, TenantContext>) {
  const relation = await repository(ctx).findByCustomer(input.id, orNotFound("tenant_view_relation_not_found"));
  // The answer nests the tenant's name and code; the relation holds only its id.
  await ctx.em.populate(relation, ["tenant"]);
  return serializeAs(tenantRelationSchema, relation);
}

export const tenantStatistics = ({ ctx }: HandlerOptions<void, TenantContext>) => repository(ctx).statistics();
