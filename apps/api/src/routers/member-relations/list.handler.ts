import { MemberRelationRepository } from "@customer-hub/db";
import type { MemberRelationListInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { notFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toMemberRelation, toMemberRelationListItem } from "./serialize";

export async function listMemberRelations({ ctx, input }: HandlerOptions<MemberRelationListInput>) {
  const { page: _page, page_size: _size, ordering, ...filters } = input;
  const { items, total } = await new MemberRelationRepository(ctx.em).findPage(
    filters,
    ordering ?? [{ field: "created_at", desc: true }],
    pageWindow(input),
  );
  return toPage(ctx, "/customers/members/relations/", input, total, items.map(toMemberRelationListItem));
}

export async function getMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>) {
  const relation = await new MemberRelationRepository(ctx.em).findLive(input.id);
  if (!relation) throw notFound("relation_not_found");
  return toMemberRelation(relation);
}

export async function getPrimaryMemberRelation({ ctx, input }: HandlerOptions<{ customer_id: number }>) {
  const relation = await new MemberRelationRepository(ctx.em).findPrimary(input.customer_id);
  if (!relation) throw notFound("primary_member_not_found");
  return toMemberRelation(relation);
}
