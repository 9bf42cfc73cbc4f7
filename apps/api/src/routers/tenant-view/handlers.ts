import { TenantViewRepository } from "@customer-hub/db";
import type { TenantViewListInput, TenantViewSearchInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { orNotFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toTenantRelation } from "../relations/kinds";
import { toTenantViewCustomer, toTenantViewListItem } from "./serialize";

export type TenantContext = AuthedContext & { tenantId: number };

const repository = (ctx: TenantContext) => new TenantViewRepository(ctx.em, ctx.tenantId);

async function findCustomers(ctx: TenantContext, input: TenantViewListInput & { q?: string }) {
  const { page: _page, page_size: _size, ordering, q, ...filters } = input;
  const { items, total, exact } = await repository(ctx).findPage({
    filters,
    search: q,
    ordering: ordering ?? [{ field: "created_at", desc: true }],
    page: pageWindow(input),
  });
  return toPage(ctx, input, total, items.map(toTenantViewListItem), exact);
}

export const listTenantCustomers = ({ ctx, input }: HandlerOptions<TenantViewListInput, TenantContext>) =>
  findCustomers(ctx, input);

export const searchTenantCustomers = ({ ctx, input }: HandlerOptions<TenantViewSearchInput, TenantContext>) =>
  findCustomers(ctx, input);

/** Another tenant's customer is 404, never 403: whether it exists must not leak (CONTRACT §9). */
export async function getTenantCustomer({ ctx, input }: HandlerOptions<{ id: number }, TenantContext>) {
  const relation = await repository(ctx).findByCustomer(input.id, orNotFound("tenant_view_customer_not_found"));
  return toTenantViewCustomer(relation);
}

export async function getTenantRelation({ ctx, input }: HandlerOptions<{ id: number }, TenantContext>) {
  const relation = await repository(ctx).findByCustomer(input.id, orNotFound("tenant_view_relation_not_found"));
  // The answer nests the tenant's name and code; the relation holds only its id.
  await ctx.em.populate(relation, ["tenant"]);
  return toTenantRelation(relation);
}

export const tenantStatistics = ({ ctx }: HandlerOptions<void, TenantContext>) => repository(ctx).statistics();
