import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerMemberRelationSchema, MemberRelationRepository, MemberSchema, orderByWithTieBreak } from "@customer-hub/db";
import type { MemberCreateInput, MemberListInput, MemberPatchInput, MemberUpdateInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { fieldError, invalid, notFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { toMember } from "./serialize";

const usernameTaken = () => fieldError("username", "username_taken");

async function loadMember(em: EntityManager, id: number) {
  const member = await em.findOne(MemberSchema, { id });
  if (!member) throw notFound("member_not_found");
  return member;
}

/** Flushes; a username taken by a concurrent request is the same 400 as one taken before. */
async function flushMember(em: EntityManager) {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw usernameTaken();
    throw error;
  }
}

export async function listMembers({ ctx, input }: HandlerOptions<MemberListInput>) {
  const window = pageWindow(input);
  const [items, total] = await ctx.em.findAndCount(
    MemberSchema,
    {},
    { orderBy: orderByWithTieBreak(input.ordering ?? [{ field: "created_at", desc: true }]), ...window },
  );
  return toPage(ctx, "/members/", input, total, items.map(toMember));
}

export async function getMember({ ctx, input }: HandlerOptions<{ id: number }>) {
  return toMember(await loadMember(ctx.em, input.id));
}

export async function createMember({ ctx, input }: HandlerOptions<MemberCreateInput>) {
  if ((await ctx.em.count(MemberSchema, { username: input.username })) > 0) throw usernameTaken();
  const member = ctx.em.create(MemberSchema, {
    username: input.username,
    name: input.name ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  });
  await flushMember(ctx.em);
  return toMember(member);
}

/** PUT and PATCH; a change of name, phone or email reaches the customers it is primary for (CONTRACT §7). */
export async function updateMember({ ctx, input }: HandlerOptions<MemberUpdateInput | MemberPatchInput>) {
  return ctx.em.transactional(async (em) => {
    const member = await loadMember(em, input.id);
    if (input.username !== undefined && input.username !== member.username) {
      if ((await em.count(MemberSchema, { username: input.username })) > 0) throw usernameTaken();
      member.username = input.username;
    }
    if (input.name !== undefined) member.name = input.name;
    if (input.phone !== undefined) member.phone = input.phone;
    if (input.email !== undefined) member.email = input.email;
    await flushMember(em);
    await new MemberRelationRepository(em).syncPrimaryContacts({ memberId: member.id });
    return toMember(member);
  });
}

/** A member still related to customers stays (CONTRACT §6). */
export async function deleteMember({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  const member = await loadMember(ctx.em, input.id);
  const hasRelations = () => invalid({ non_field_errors: [{ key: "member_has_relations" }] });
  if ((await ctx.em.count(CustomerMemberRelationSchema, { member: member.id })) > 0) throw hasRelations();
  ctx.em.remove(member);
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) throw hasRelations();
    throw error;
  }
}
