import type { CustomerRelation, RelationFilters } from "@customer-hub/db";
import type { OrderingTerm } from "@customer-hub/domain";

import { pageWindow, toPage, type PageQuery } from "../../lib/pagination";
import { orNotFound } from "../../trpc/errors";
import type { AuthedContext } from "../../trpc/types";
import type { RelationKind } from "./kind";

type ListQuery = PageQuery & RelationFilters & { ordering?: OrderingTerm<string>[] };

export async function listRelations<T extends CustomerRelation, D, R>(
  ctx: AuthedContext,
  kind: RelationKind<T, D, R>,
  input: ListQuery,
) {
  const { page: _page, page_size: _size, ordering, ...filters } = input;
  const { items, total } = await kind
    .repository(ctx.em)
    .findPage(filters, ordering ?? [{ field: "created_at", desc: true }], pageWindow(input));
  return toPage(ctx, input, total, items.map(kind.toListItem));
}

export async function getRelation<T extends CustomerRelation, D, R>(ctx: AuthedContext, kind: RelationKind<T, D, R>, id: number) {
  const relation = await kind.repository(ctx.em).findLive(id, orNotFound("relation_not_found"));
  return kind.toDetail(relation);
}

export async function getPrimaryRelation<T extends CustomerRelation, D, R>(
  ctx: AuthedContext,
  kind: RelationKind<T, D, R>,
  customerId: number,
) {
  const relation = await kind.repository(ctx.em).findPrimary(customerId, orNotFound(kind.messages.noPrimary));
  return kind.toDetail(relation);
}
