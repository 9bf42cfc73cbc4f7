import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerMemberRelationSchema, MemberRelationRepository, MemberSchema, orderByWithTieBreak } from "@customer-hub/db";
import { memberSchema, type MemberCreateInput, type MemberListInput, type MemberPatchInput, type MemberUpdateInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { serializeAs } from "../../lib/serialize";
import { fieldError, invalid, orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { removeUnlessReferenced } from "../admin-records";

const usernameTaken = () => fieldError("username", "username_taken");
const loadMember = (em: EntityManager, id: number) => em.findOneOrFail(MemberSchema, id, orNotFound("member_not_found"));
const isUsernameTaken = async (em: EntityManager, username: string) => (await em.count(MemberSchema, { username })) > 0;

export async function listMembers({ ctx, input }: HandlerOptions<MemberListInput>) {
  const [items, total] = await ctx.em.findAndCount(
    MemberSchema,
    {},
    { orderBy: orderByWithTieBreak(input.ordering ?? [{ field: "created_at", desc: true }]), ...pageWindow(input) },
  );
  return toPage(ctx, input, total, items.map((member) => serializeAs(memberSchema, member)));
}

export async function getMember({ ctx, input }: HandlerOptions<{ id: number }>) {
  return serializeAs(memberSchema, await loadMember(ctx.em, input.id));
}

export async function createMember({ ctx, input }: HandlerOptions<MemberCreateInput>) {
  if (await isUsernameTaken(ctx.em, input.username)) throw usernameTaken();
  const member = ctx.em.create(MemberSchema, {
    username: input.username,
    name: input.name ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  });
  await ctx.em.flush();
  return serializeAs(memberSchema, member);
}

/**
 * PUT and PATCH, in the mutation's transaction; a change of name, phone or email reaches the
 * customers it is primary for (CONTRACT §7).
 */
export async function updateMember({ ctx, input }: HandlerOptions<MemberUpdateInput | MemberPatchInput>) {
  const { em } = ctx;
  const member = await loadMember(em, input.id);
  if (input.username !== undefined && input.username !== member.username) {
    if (await isUsernameTaken(em, input.username)) throw usernameTaken();
    member.username = input.username;
  }
  if (input.name !== undefined) member.name = input.name;
  if (input.phone !== undefined) member.phone = input.phone;
  if (input.email !== undefined) member.email = input.email;
  // The member's row is locked by this update before its customers are (the lock order, locks.ts).
  await em.flush();
  const contactChanged = [input.name, input.phone, input.email].some((value) => value !== undefined);
  if (contactChanged) await new MemberRelationRepository(em).syncPrimaryContacts({ memberId: member.id });
  return serializeAs(memberSchema, member);
}

/** A member still related to customers stays (CONTRACT §6). */
export async function deleteMember({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  const member = await loadMember(ctx.em, input.id);
  const referenced = (await ctx.em.count(CustomerMemberRelationSchema, { member: member.id })) > 0;
  const inUse = () => invalid({ non_field_errors: [{ key: "member_has_relations" }] });
  await removeUnlessReferenced(ctx.em, member, referenced, inUse);
}
