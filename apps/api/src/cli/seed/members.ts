import { MEMBER_ROLES, type MemberRole } from "@customer-hub/domain";

import type { DemoCustomer } from "./customers";
import { mobile, person, personalEmail, seededFaker, shuffledCounts, type Person } from "./faker";

/**
 * Demo members (contact people) and their relations with the demo customers. Relations name
 * customers and members by their index in the demo lists; the seed turns indexes into ids.
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
/** How many customers have 1, 2 and 3 contact people (45 customers, 85 relations). */
const MEMBERS_PER_CUSTOMER = { 1: 15, 2: 20, 3: 10 };

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
  const faker = seededFaker(seed);
  // Names and phones never repeat; usernames are the names' pinyin.
  const people: Person[] = [];
  while (people.length < MEMBER_COUNT) {
    const someone = person(faker);
    if (!people.some((other) => other.name === someone.name)) people.push(someone);
  }
  const phones = faker.helpers.uniqueArray(() => mobile(faker), MEMBER_COUNT);
  const usernames = new Set<string>();
  return people.map((someone, index) => {
    let username = someone.pinyin;
    // Different names may share a pinyin: number the later one.
    for (let n = 2; usernames.has(username); n++) username = `${someone.pinyin}${n}`;
    usernames.add(username);
    return { username, name: someone.name, phone: phones[index]!, email: personalEmail(faker, someone) };
  });
}

/**
 * 1–3 members for most companies and institutions, each with a role and a position that go
 * together, and exactly one of them primary.
 */
export function demoMemberRelations(customers: readonly DemoCustomer[], memberCount = MEMBER_COUNT, seed = 20250705): DemoMemberRelation[] {
  const faker = seededFaker(seed);
  const counts = shuffledCounts(faker, MEMBERS_PER_CUSTOMER);
  const candidates = customers.flatMap((customer, index) => (customer.type === "individual" ? [] : [index]));
  const related = faker.helpers.arrayElements(candidates, counts.length).sort((a, b) => a - b);
  return related.flatMap((customer, c) => {
    const count = counts[c]!;
    const members = faker.helpers.arrayElements(Array.from({ length: memberCount }, (_, i) => i), count);
    const roles: MemberRole[] = [faker.helpers.arrayElement(PRIMARY_ROLES)];
    while (roles.length < count) {
      const role = faker.helpers.arrayElement(MEMBER_ROLES);
      if (!roles.includes(role)) roles.push(role);
    }
    return members.map((member, i) => {
      const role = roles[i]!;
      return {
        customer,
        member,
        role,
        position: role === "other" && faker.datatype.boolean(0.3) ? null : faker.helpers.arrayElement(POSITIONS[role]),
        is_primary: i === 0,
        notes: faker.helpers.arrayElement(NOTES[role]),
      };
    });
  });
}
