import type { Member as MemberEntity } from "@customer-hub/db";
import type { Member, MemberSummary } from "@customer-hub/domain";

export function toMemberSummary(member: MemberEntity): MemberSummary {
  return {
    id: member.id,
    username: member.username,
    name: member.name ?? null,
    phone: member.phone ?? null,
    email: member.email ?? null,
  };
}

export function toMember(member: MemberEntity): Member {
  return {
    ...toMemberSummary(member),
    created_at: member.created_at.toISOString(),
    updated_at: member.updated_at.toISOString(),
  };
}
