import { MEMBER_ROLES, type MemberRole } from "@customer-hub/domain";

import type { DemoCustomer } from "./seed-data";
import { GIVEN_NAMES, mobile, PERSONAL_MAIL, personOf, SURNAMES } from "./seed-people";
import { createRng, digits, pick, shuffle } from "./seed-random";

/**
 * Demo members (contact people) and their relations with the demo customers. Relations name
 * customers and members by their index in the demo lists; the seed turns indexes into rows.
 */

export type DemoMember = { username: string; name: string; phone: string; email: string };

export type DemoMemberRelation = {
  customer: number;
  member: number;
  role: MemberRole;
  position: string | null;
  is_primary: boolean;
  notes: string | null;
};

export const MEMBER_COUNT = 25;
/** Customers with contact people; individuals are their own contact and get none. */
const RELATED_CUSTOMER_COUNT = 45;

const POSITIONS: Record<MemberRole, readonly string[]> = {
  decision_maker: ["总经理", "董事长", "CEO", "副总经理"],
  technical_contact: ["CTO", "技术总监", "IT经理", "研发主管"],
  financial_contact: ["CFO", "财务总监", "财务经理", "会计主管"],
  business_contact: ["采购经理", "商务经理", "销售总监", "市场部经理"],
  administrative_contact: ["行政经理", "办公室主任", "行政专员"],
  other: ["法务顾问", "项目经理", "外部顾问"],
};

const NOTES: Record<MemberRole, readonly (string | null)[]> = {
  decision_maker: ["主要决策者", "最终决策者", null],
  technical_contact: ["技术联系人", "负责系统对接", null],
  financial_contact: ["财务联系人", "负责付款审批", null],
  business_contact: ["商务联系人", "负责采购询价", null],
  administrative_contact: ["行政联系人", "负责合同盖章与寄送", null],
  other: ["参与项目评审", null],
};

/** Whom a customer names as its primary contact: the person who decides or who buys. */
const PRIMARY_ROLES = ["decision_maker", "decision_maker", "business_contact"] as const satisfies readonly MemberRole[];

export function demoMembers(seed = 20250704): DemoMember[] {
  const rng = createRng(seed);
  // Every surname–given name pair once, so names (and the usernames made of them) never repeat.
  const people = shuffle(rng, SURNAMES.flatMap((surname) => GIVEN_NAMES.map((given) => personOf(surname, given))));
  const usernames = new Set<string>();
  const phones = new Set<string>();
  return people.slice(0, MEMBER_COUNT).map((person) => {
    let username = person.pinyin;
    // Different names may share a pinyin: number the later one.
    for (let n = 2; usernames.has(username); n++) username = `${person.pinyin}${n}`;
    usernames.add(username);
    let phone = mobile(rng);
    while (phones.has(phone)) phone = mobile(rng);
    phones.add(phone);
    const domain = pick(rng, PERSONAL_MAIL);
    const email = domain === "qq.com" ? `${1 + Math.floor(rng() * 9)}${digits(rng, 8)}@qq.com` : `${person.pinyin}${digits(rng, 2)}@${domain}`;
    return { username, name: person.name, phone, email };
  });
}

/**
 * 1–3 members for most companies and institutions, each with a role and a position that go
 * together, and exactly one of them primary.
 */
export function demoMemberRelations(customers: readonly DemoCustomer[], memberCount = MEMBER_COUNT, seed = 20250705): DemoMemberRelation[] {
  const rng = createRng(seed);
  const candidates = customers.flatMap((customer, index) => (customer.type === "individual" ? [] : [index]));
  const related = shuffle(rng, candidates).slice(0, RELATED_CUSTOMER_COUNT).sort((a, b) => a - b);
  const relations: DemoMemberRelation[] = [];
  for (const customer of related) {
    const count = pick(rng, [1, 1, 2, 2, 2, 3, 3]);
    const members = shuffle(rng, Array.from({ length: memberCount }, (_, i) => i)).slice(0, count);
    const roles: MemberRole[] = [pick(rng, PRIMARY_ROLES)];
    while (roles.length < count) {
      const role = pick(rng, MEMBER_ROLES);
      if (!roles.includes(role)) roles.push(role);
    }
    members.forEach((member, i) => {
      const role = roles[i]!;
      relations.push({
        customer,
        member,
        role,
        position: role === "other" && rng() < 0.3 ? null : pick(rng, POSITIONS[role]),
        is_primary: i === 0,
        notes: pick(rng, NOTES[role]),
      });
    });
  }
  return relations;
}
