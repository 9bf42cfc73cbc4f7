import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";

import { json, request, setupTestApp, type TestContext } from "./helpers";

const RELATIONS = "/api/v1/customers/members/relations/";
const CUSTOMERS = "/api/v1/customers/";
const MEMBERS = "/api/v1/members/";

const ENVELOPE_OK = { success: true, code: 2000, message: "操作成功" } as const;
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
const RELATION_NOT_FOUND = { success: false, code: 4004, message: "关系不存在" } as const;
const PRIMARY_NOT_FOUND = { success: false, code: 4004, message: "未找到主要联系人" } as const;
const RELATION_EXISTS = {
  success: false,
  code: 4090,
  message: "关系已存在",
  errors: { non_field_errors: ["该客户与联系人的关系已存在"] },
} as const;
const PRIMARY_UNDELETABLE = {
  success: false,
  code: 4000,
  message: "无法删除主要联系人关系",
  errors: { non_field_errors: ["无法删除主要联系人关系，请先设置其他联系人为主要联系人"] },
} as const;

const invalidWith = (errors: Record<string, string[]>) => ({
  success: false,
  code: 4000,
  message: "请求参数错误",
  errors,
});

type MemberSummary = { id: number; username: string; name: string | null; phone: string | null; email: string | null };
type Relation = {
  id: number;
  customer: { id: number; name: string };
  member: MemberSummary;
  role: string;
  position: string | null;
  is_primary: boolean;
  notes: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
};

// Unique names across a file's tests, which share one database.
let sequence = 0;
const nextName = (prefix: string) => `${prefix}-${++sequence}`;

async function newCustomer(t: TestContext, name = nextName("客户")): Promise<number> {
  const response = await request(t, "POST", CUSTOMERS, { payload: { name, type: "company" } });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data.id;
}

async function newMember(t: TestContext, fields: Partial<Omit<MemberSummary, "id">> = {}): Promise<MemberSummary> {
  const response = await request(t, "POST", MEMBERS, { payload: { username: nextName("member"), ...fields } });
  expect(response.statusCode, response.body).toBe(201);
  const { id, username, name, phone, email } = json(response).data;
  return { id, username, name, phone, email };
}

async function relate(t: TestContext, customerId: number, memberId: number, fields: Record<string, unknown> = {}): Promise<Relation> {
  const response = await request(t, "POST", RELATIONS, {
    payload: { customer_id: customerId, member_id: memberId, role: "other", ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data;
}

async function getRelation(t: TestContext, id: number): Promise<Relation> {
  const response = await request(t, "GET", `${RELATIONS}${id}/`);
  expect(response.statusCode, response.body).toBe(200);
  return json(response).data;
}

/** Counted in the database itself: the one-primary rule must hold there, not just in answers. */
async function primaryCount(t: TestContext, customerId: number): Promise<number> {
  const [row] = await t.db.orm.em
    .getConnection()
    .execute<{ count: string }[]>(
      "select count(*) as count from customer_member_relation where customer_id = ? and is_primary",
      [customerId],
    );
  return Number(row!.count);
}

async function customerContact(t: TestContext, customerId: number) {
  const response = await request(t, "GET", `${CUSTOMERS}${customerId}/`);
  expect(response.statusCode, response.body).toBe(200);
  const { primary_contact_name, primary_contact_phone, primary_contact_email } = json(response).data;
  return { primary_contact_name, primary_contact_phone, primary_contact_email };
}

const contactOf = (member: MemberSummary) => ({
  primary_contact_name: member.name,
  primary_contact_phone: member.phone,
  primary_contact_email: member.email,
});

const idsOf = (response: LightMyRequestResponse): number[] => json(response).data.results.map((row: { id: number }) => row.id);

describe("seed 003, example by example", () => {
  const t = setupTestApp();
  const CUSTOMER_NAME = "上海普全公司";
  let customerId: number;
  const members: Record<"member1" | "member2" | "member3", MemberSummary> = {} as never;
  const relations: Record<"first" | "second" | "third", Relation> = {} as never;

  const customer = () => ({ id: customerId, name: CUSTOMER_NAME });
  /** The detail shape of §2–§7: the list row plus updated_at, created_by, updated_by. */
  const detail = (member: MemberSummary, fields: Record<string, unknown>) => ({
    id: expect.any(Number),
    customer: customer(),
    member,
    created_at: ISO,
    updated_at: ISO,
    created_by: "admin",
    updated_by: null,
    ...fields,
  });

  beforeAll(async () => {
    customerId = await newCustomer(t, CUSTOMER_NAME);
    members.member1 = await newMember(t, { username: "member1", name: "张三", phone: "13800138000", email: "zhangsan@example.com" });
    members.member2 = await newMember(t, { username: "member2", name: "李四", phone: "13900139000", email: "lisi@example.com" });
    members.member3 = await newMember(t, { username: "member3", name: "王五", phone: "13700137000", email: "wangwu@example.com" });
  });

  it("§2 creates relations: 201 with the detail, created_by admin and updated_by null", async () => {
    const bodies = {
      first: { member_id: members.member1.id, role: "decision_maker", position: "CEO", is_primary: true, notes: "主要决策者" },
      second: { member_id: members.member2.id, role: "technical_contact", position: "CTO", is_primary: false, notes: "技术联系人" },
      // The seed's request body, word for word.
      third: { member_id: members.member3.id, role: "financial_contact", position: "CFO", is_primary: false, notes: "财务联系人" },
    };
    const memberOf = { first: members.member1, second: members.member2, third: members.member3 };

    for (const key of ["first", "second", "third"] as const) {
      const { member_id, ...fields } = bodies[key];
      const response = await request(t, "POST", RELATIONS, { payload: { customer_id: customerId, member_id, ...fields } });

      expect(response.statusCode).toBe(201);
      const body = json(response);
      expect(body).toEqual({ ...ENVELOPE_OK, data: detail(memberOf[key], fields) });
      expect(body.data.updated_at).toBe(body.data.created_at);
      relations[key] = body.data;
    }
  });

  it("§1 lists rows with customer and member nested, and no audit fields", async () => {
    const response = await request(t, "GET", `${RELATIONS}?customer_id=${customerId}&ordering=id`);

    expect(response.statusCode).toBe(200);
    const listRow = ({ updated_at: _u, created_by: _c, updated_by: _b, ...row }: Relation) => row;
    expect(json(response)).toEqual({
      ...ENVELOPE_OK,
      data: {
        pagination: { count: 3, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true },
        results: [listRow(relations.first), listRow(relations.second), listRow(relations.third)],
      },
    });
    for (const row of json(response).data.results) {
      expect(Object.keys(row).sort()).toEqual(
        ["created_at", "customer", "id", "is_primary", "member", "notes", "position", "role"],
      );
    }
    // Newest first when no ordering is given.
    expect(idsOf(await request(t, "GET", `${RELATIONS}?customer_id=${customerId}`))).toEqual([
      relations.third.id,
      relations.second.id,
      relations.first.id,
    ]);
  });

  it("§2 reports an unknown customer, an unknown member and a missing role in ONE 400", async () => {
    const response = await request(t, "POST", RELATIONS, { payload: { customer_id: 999999, member_id: 999999 } });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      invalidWith({ customer_id: ["客户不存在"], member_id: ["联系人不存在"], role: ["此字段为必填项"] }),
    );
  });

  it("§2 answers 409 关系已存在 for a pair that is already related", async () => {
    const response = await request(t, "POST", RELATIONS, {
      payload: { customer_id: customerId, member_id: members.member1.id, role: "other" },
    });

    expect(response.statusCode).toBe(409);
    expect(json(response)).toEqual(RELATION_EXISTS);
  });

  it("§3 gets the detail", async () => {
    const response = await request(t, "GET", `${RELATIONS}${relations.first.id}/`);

    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ ...ENVELOPE_OK, data: relations.first });
  });

  it("§4 PUT changes the relation; updated_by becomes admin, created_at stays", async () => {
    const payload = { role: "decision_maker", position: "董事长", is_primary: true, notes: "最终决策者" };

    const response = await request(t, "PUT", `${RELATIONS}${relations.first.id}/`, { payload });

    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(body).toEqual({
      ...ENVELOPE_OK,
      data: detail(members.member1, { ...payload, id: relations.first.id, created_at: relations.first.created_at, updated_by: "admin" }),
    });
    expect(Date.parse(body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(relations.first.updated_at));
    relations.first = body.data;
  });

  it("§5 refuses to delete the primary relation", async () => {
    const response = await request(t, "DELETE", `${RELATIONS}${relations.first.id}/`);

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(PRIMARY_UNDELETABLE);
    expect((await getRelation(t, relations.first.id)).is_primary).toBe(true);
  });

  it("§6 set-primary makes the relation primary and the previous one not", async () => {
    const response = await request(t, "POST", `${RELATIONS}${relations.second.id}/set-primary/`);

    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      ...ENVELOPE_OK,
      data: {
        ...relations.second,
        is_primary: true,
        updated_at: ISO,
        updated_by: "admin",
      },
    });
    relations.second = json(response).data;
    expect((await getRelation(t, relations.first.id)).is_primary).toBe(false);
    expect(await primaryCount(t, customerId)).toBe(1);
  });

  it("§7 primary/ answers the customer's primary relation", async () => {
    const response = await request(t, "GET", `${RELATIONS}primary/?customer_id=${customerId}`);

    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ ...ENVELOPE_OK, data: relations.second });
  });

  it("§5 deletes a relation that is not primary: 204, no body, then 404", async () => {
    const response = await request(t, "DELETE", `${RELATIONS}${relations.first.id}/`);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    const again = await request(t, "GET", `${RELATIONS}${relations.first.id}/`);
    expect(again.statusCode).toBe(404);
    expect(json(again)).toEqual(RELATION_NOT_FOUND);
  });

  it("§3–§6 answer 404 关系不存在 for unknown ids", async () => {
    const unknown = `${RELATIONS}999999/`;
    const answers = [
      await request(t, "GET", unknown),
      await request(t, "PUT", unknown, { payload: { role: "other" } }),
      await request(t, "DELETE", unknown),
      await request(t, "POST", `${unknown}set-primary/`),
    ];

    for (const response of answers) {
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(RELATION_NOT_FOUND);
    }
  });

  it("§7 primary/ needs customer_id (400) and answers 404 未找到主要联系人 when there is none", async () => {
    const missing = await request(t, "GET", `${RELATIONS}primary/`);
    expect(missing.statusCode).toBe(400);
    expect(json(missing)).toEqual(invalidWith({ customer_id: ["此字段为必填项"] }));

    const withoutRelations = await newCustomer(t);
    const none = await request(t, "GET", `${RELATIONS}primary/?customer_id=${withoutRelations}`);
    expect(none.statusCode).toBe(404);
    expect(json(none)).toEqual(PRIMARY_NOT_FOUND);

    // Related, but no relation is primary.
    await relate(t, withoutRelations, members.member3.id);
    const notPrimary = await request(t, "GET", `${RELATIONS}primary/?customer_id=${withoutRelations}`);
    expect(notPrimary.statusCode).toBe(404);
    expect(json(notPrimary)).toEqual(PRIMARY_NOT_FOUND);

    const unknownCustomer = await request(t, "GET", `${RELATIONS}primary/?customer_id=999999`);
    expect(unknownCustomer.statusCode).toBe(404);
    expect(json(unknownCustomer)).toEqual(PRIMARY_NOT_FOUND);
  });
});

describe("GET /api/v1/customers/members/relations/ filters and ordering", () => {
  const t = setupTestApp();
  const rows: Record<string, Relation> = {};
  let customerA: number;
  let customerB: number;
  let member1: MemberSummary;
  let lonelyMember: MemberSummary;

  // created_at and updated_at orders that differ from the id order and from each other.
  const HOUR = 3600 * 1000;
  const BASE_TIME = Date.parse("2025-07-03T10:00:00.000Z");
  const CREATED_RANK = { a1: 3, a2: 0, a3: 5, b1: 1, b4: 4, b5: 2 } as const;
  const UPDATED_RANK = { a1: 2, a2: 4, a3: 0, b1: 5, b4: 1, b5: 3 } as const;
  type Key = keyof typeof CREATED_RANK;
  const KEYS = Object.keys(CREATED_RANK) as Key[];

  beforeAll(async () => {
    customerA = await newCustomer(t);
    customerB = await newCustomer(t);
    member1 = await newMember(t);
    const [member2, member3, member4, member5] = [await newMember(t), await newMember(t), await newMember(t), await newMember(t)];
    lonelyMember = await newMember(t);
    rows.a1 = await relate(t, customerA, member1.id, { role: "decision_maker", is_primary: true });
    rows.a2 = await relate(t, customerA, member2!.id, { role: "technical_contact" });
    rows.a3 = await relate(t, customerA, member3!.id, { role: "financial_contact" });
    rows.b1 = await relate(t, customerB, member1.id, { role: "technical_contact", is_primary: true });
    rows.b4 = await relate(t, customerB, member4!.id, { role: "other" });
    rows.b5 = await relate(t, customerB, member5!.id, { role: "technical_contact" });
    const connection = t.db.orm.em.getConnection();
    for (const key of KEYS) {
      await connection.execute("update customer_member_relation set created_at = ?, updated_at = ? where id = ?", [
        new Date(BASE_TIME + CREATED_RANK[key] * HOUR),
        new Date(BASE_TIME + UPDATED_RANK[key] * HOUR),
        rows[key]!.id,
      ]);
    }
  });

  const list = (query: string) => request(t, "GET", `${RELATIONS}?page_size=100&${query}`);
  const idsFor = (...keys: Key[]) => keys.map((key) => rows[key]!.id);
  const byRank = (rank: Record<Key, number>, desc: boolean) =>
    [...KEYS].sort((x, y) => (rank[x] - rank[y]) * (desc ? -1 : 1)).map((key) => rows[key]!.id);

  it("filters by customer_id, member_id and role", async () => {
    const cases: [string, number[]][] = [
      [`customer_id=${customerA}`, idsFor("a1", "a2", "a3")],
      [`customer_id=${customerB}`, idsFor("b1", "b4", "b5")],
      [`member_id=${member1.id}`, idsFor("a1", "b1")],
      [`member_id=${lonelyMember.id}`, []],
      ["role=technical_contact", idsFor("a2", "b1", "b5")],
      ["role=administrative_contact", []],
      [`customer_id=${customerB}&role=technical_contact`, idsFor("b1", "b5")],
    ];
    for (const [query, expected] of cases) {
      const response = await list(`${query}&ordering=id`);
      expect(response.statusCode, query).toBe(200);
      expect(idsOf(response), query).toEqual(expected);
    }
  });

  it("filters by is_primary with true/false/1/0, and never reads false as true", async () => {
    const primaries = idsFor("a1", "b1");
    const others = idsFor("a2", "a3", "b4", "b5");
    for (const [value, expected] of [
      ["true", primaries],
      ["1", primaries],
      ["false", others],
      ["0", others],
    ] as const) {
      const response = await list(`is_primary=${value}&ordering=id`);
      expect(response.statusCode, value).toBe(200);
      expect(idsOf(response), value).toEqual(expected);
      expect(json(response).data.pagination.count).toBe(expected.length);
    }
    const combined = await list(`customer_id=${customerB}&role=technical_contact&is_primary=false`);
    expect(idsOf(combined)).toEqual(idsFor("b5"));
  });

  it("orders by id, created_at and updated_at, both ways; -created_at by default", async () => {
    const all = [...KEYS].sort((x, y) => rows[x]!.id - rows[y]!.id).map((key) => rows[key]!.id);
    const cases: [string, number[]][] = [
      ["ordering=id", all],
      ["ordering=-id", [...all].reverse()],
      ["ordering=created_at", byRank(CREATED_RANK, false)],
      ["ordering=-created_at", byRank(CREATED_RANK, true)],
      ["ordering=updated_at", byRank(UPDATED_RANK, false)],
      ["ordering=-updated_at", byRank(UPDATED_RANK, true)],
      ["", byRank(CREATED_RANK, true)],
    ];
    for (const [query, expected] of cases) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(200);
      expect(idsOf(response), query).toEqual(expected);
    }
  });

  it("pages with links that keep the filters", async () => {
    const response = await request(t, "GET", `${RELATIONS}?role=technical_contact&page_size=2&ordering=id`);

    expect(response.statusCode).toBe(200);
    expect(json(response).data.pagination).toMatchObject({ count: 3, page_size: 2, current_page: 1, total_pages: 2, previous: null });
    expect(Object.fromEntries(new URL(json(response).data.pagination.next).searchParams)).toEqual({
      role: "technical_contact",
      page_size: "2",
      ordering: "id",
      page: "2",
    });
    const past = await request(t, "GET", `${RELATIONS}?role=technical_contact&page_size=2&page=3`);
    expect(past.statusCode).toBe(404);
    expect(json(past)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });

  it("refuses unknown ordering fields, enum values and ids, every one in one 400", async () => {
    const ordering = await list("ordering=name");
    expect(ordering.statusCode).toBe(400);
    expect(json(ordering)).toEqual(invalidWith({ ordering: ["无效的排序字段：name"] }));

    const role = await list("role=bogus");
    expect(role.statusCode).toBe(400);
    expect(json(role)).toEqual(invalidWith({ role: ["“bogus” 不是合法选项。"] }));

    const all = await list("customer_id=abc&member_id=0&is_primary=yes&role=ceo&ordering=-position");
    expect(all.statusCode).toBe(400);
    expect(Object.keys(json(all).errors).sort()).toEqual(["customer_id", "is_primary", "member_id", "ordering", "role"]);
  });
});

describe("customer–member relation rules", () => {
  const t = setupTestApp();

  describe("create", () => {
    it("defaults position and notes to null and is_primary to false; ignores read-only fields", async () => {
      const customerId = await newCustomer(t);
      const member = await newMember(t);

      const response = await request(t, "POST", RELATIONS, {
        payload: {
          customer_id: customerId,
          member_id: member.id,
          role: "business_contact",
          id: 424242,
          created_by: "mallory",
          updated_by: "mallory",
          created_at: "2000-01-01T00:00:00Z",
        },
      });

      expect(response.statusCode).toBe(201);
      const { data } = json(response);
      expect(data).toMatchObject({ position: null, notes: null, is_primary: false, created_by: "admin", updated_by: null });
      expect(data.id).not.toBe(424242);
      expect(data.created_at.startsWith("2000")).toBe(false);
    });

    it("reports a known customer with an unknown member and a bad role together", async () => {
      const customerId = await newCustomer(t);

      const response = await request(t, "POST", RELATIONS, { payload: { customer_id: customerId, member_id: 999999, role: "ceo" } });

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ member_id: ["联系人不存在"], role: ["“ceo” 不是合法选项。"] }));
    });
  });

  describe("PUT", () => {
    it("requires role and refuses an unknown one", async () => {
      const relation = await relate(t, await newCustomer(t), (await newMember(t)).id);

      const missing = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { position: "CEO" } });
      expect(missing.statusCode).toBe(400);
      expect(json(missing)).toEqual(invalidWith({ role: ["此字段为必填项"] }));

      const unknown = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "boss" } });
      expect(unknown.statusCode).toBe(400);
      expect(json(unknown)).toEqual(invalidWith({ role: ["“boss” 不是合法选项。"] }));

      expect(await getRelation(t, relation.id)).toEqual(relation);
    });

    it("ignores customer_id and member_id: the relation keeps its customer and member", async () => {
      const customerId = await newCustomer(t);
      const member = await newMember(t);
      const relation = await relate(t, customerId, member.id);
      const otherCustomer = await newCustomer(t);
      const otherMember = await newMember(t);

      const response = await request(t, "PUT", `${RELATIONS}${relation.id}/`, {
        payload: { role: "technical_contact", customer_id: otherCustomer, member_id: otherMember.id },
      });

      expect(response.statusCode).toBe(200);
      expect(json(response).data).toMatchObject({ customer: relation.customer, member: member, role: "technical_contact" });
      expect(await getRelation(t, relation.id)).toMatchObject({ customer: relation.customer, member });
      expect(idsOf(await request(t, "GET", `${RELATIONS}?customer_id=${otherCustomer}`))).toEqual([]);
    });

    it("changes only the fields it is given; null clears position and notes", async () => {
      const relation = await relate(t, await newCustomer(t), (await newMember(t)).id, { position: "CFO", notes: "财务联系人" });

      const roleOnly = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "financial_contact" } });
      expect(json(roleOnly).data).toMatchObject({ role: "financial_contact", position: "CFO", notes: "财务联系人", is_primary: false });

      const cleared = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "other", position: null, notes: null } });
      expect(json(cleared).data).toMatchObject({ role: "other", position: null, notes: null });
    });

    it("is_primary false on the primary relation lets it be deleted (seed 003 注意事项 2)", async () => {
      const customerId = await newCustomer(t);
      const relation = await relate(t, customerId, (await newMember(t)).id, { is_primary: true });

      const response = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "other", is_primary: false } });

      expect(json(response).data.is_primary).toBe(false);
      expect(await primaryCount(t, customerId)).toBe(0);
      expect((await request(t, "DELETE", `${RELATIONS}${relation.id}/`)).statusCode).toBe(204);
    });
  });

  describe("one primary per customer", () => {
    it("creating a primary relation unmarks the previous one, and only for that customer", async () => {
      const customerId = await newCustomer(t);
      const otherCustomer = await newCustomer(t);
      const first = await relate(t, customerId, (await newMember(t)).id, { is_primary: true });
      const elsewhere = await relate(t, otherCustomer, (await newMember(t)).id, { is_primary: true });

      const second = await relate(t, customerId, (await newMember(t)).id, { is_primary: true });

      expect(second.is_primary).toBe(true);
      expect((await getRelation(t, first.id)).is_primary).toBe(false);
      expect((await getRelation(t, elsewhere.id)).is_primary).toBe(true);
      expect(await primaryCount(t, customerId)).toBe(1);
      expect(idsOf(await request(t, "GET", `${RELATIONS}?customer_id=${customerId}&is_primary=true`))).toEqual([second.id]);
    });

    it("set-primary switches the primary, and is idempotent", async () => {
      const customerId = await newCustomer(t);
      const first = await relate(t, customerId, (await newMember(t)).id, { is_primary: true });
      const second = await relate(t, customerId, (await newMember(t)).id);

      const switched = await request(t, "POST", `${RELATIONS}${second.id}/set-primary/`);
      expect(switched.statusCode).toBe(200);
      expect((await getRelation(t, first.id)).is_primary).toBe(false);

      const again = await request(t, "POST", `${RELATIONS}${second.id}/set-primary/`);
      expect(again.statusCode).toBe(200);
      expect(json(again).data.is_primary).toBe(true);
      expect(await primaryCount(t, customerId)).toBe(1);
    });

    it("PUT with is_primary true switches the primary", async () => {
      const customerId = await newCustomer(t);
      const first = await relate(t, customerId, (await newMember(t)).id, { is_primary: true });
      const second = await relate(t, customerId, (await newMember(t)).id);

      const response = await request(t, "PUT", `${RELATIONS}${second.id}/`, { payload: { role: "decision_maker", is_primary: true } });

      expect(response.statusCode).toBe(200);
      expect(json(response).data).toMatchObject({ is_primary: true, updated_by: "admin" });
      expect((await getRelation(t, first.id)).is_primary).toBe(false);
      expect(await primaryCount(t, customerId)).toBe(1);
    });

    it("accepts a bare set-primary POST: no body, no content-type", async () => {
      const relation = await relate(t, await newCustomer(t), (await newMember(t)).id);

      const response = await t.app.inject({
        method: "POST",
        url: `${RELATIONS}${relation.id}/set-primary/`,
        headers: { authorization: `Bearer ${t.adminToken}` },
      });

      expect(response.statusCode, response.body).toBe(200);
      expect(json(response).data).toMatchObject({ id: relation.id, is_primary: true });
      // An empty JSON object and the path without its trailing slash are the same call.
      const withBody = await request(t, "POST", `${RELATIONS}${relation.id}/set-primary`, { payload: {} });
      expect(withBody.statusCode).toBe(200);
    });
  });

  describe("under concurrent requests", () => {
    it("20 parallel set-primary calls on one customer's 20 relations leave exactly one primary", async () => {
      const customerId = await newCustomer(t);
      const relations: Relation[] = [];
      for (let i = 0; i < 20; i++) {
        relations.push(await relate(t, customerId, (await newMember(t, { name: `并发-${i}`, phone: `${1000 + i}` })).id));
      }

      const answers = await Promise.all(
        relations.map((relation) => request(t, "POST", `${RELATIONS}${relation.id}/set-primary/`)),
      );

      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(200));
      expect(await primaryCount(t, customerId)).toBe(1);
      const primary = await request(t, "GET", `${RELATIONS}primary/?customer_id=${customerId}`);
      expect(primary.statusCode).toBe(200);
      // The customer's contact is the member that ended up primary, not one overwritten later.
      expect(await customerContact(t, customerId)).toEqual(contactOf(json(primary).data.member));
    });

    it("10 parallel primary creates for one customer leave exactly one primary", async () => {
      const customerId = await newCustomer(t);
      const members: MemberSummary[] = [];
      for (let i = 0; i < 10; i++) members.push(await newMember(t));

      const answers = await Promise.all(
        members.map((member) =>
          request(t, "POST", RELATIONS, { payload: { customer_id: customerId, member_id: member.id, role: "other", is_primary: true } }),
        ),
      );

      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(10).fill(201));
      expect(await primaryCount(t, customerId)).toBe(1);
    });

    it("10 parallel identical creates: one 201, nine 409, one row", async () => {
      const customerId = await newCustomer(t);
      const member = await newMember(t);

      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          request(t, "POST", RELATIONS, { payload: { customer_id: customerId, member_id: member.id, role: "other" } }),
        ),
      );

      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      for (const conflict of answers.filter((answer) => answer.statusCode === 409)) {
        expect(json(conflict)).toEqual(RELATION_EXISTS);
      }
      const [row] = await t.db.orm.em
        .getConnection()
        .execute<{ count: string }[]>(
          "select count(*) as count from customer_member_relation where customer_id = ? and member_id = ?",
          [customerId, member.id],
        );
      expect(Number(row!.count)).toBe(1);
    });
  });

  describe("primary contact sync (CONTRACT §7)", () => {
    it("set-primary copies the member's name, phone and email onto the customer", async () => {
      const customerId = await newCustomer(t);
      const member = await newMember(t, { name: "李四", phone: "13900139000", email: "lisi@example.com" });
      const relation = await relate(t, customerId, member.id);
      const nobody = { primary_contact_name: null, primary_contact_phone: null, primary_contact_email: null };
      expect(await customerContact(t, customerId)).toEqual(nobody);

      await request(t, "POST", `${RELATIONS}${relation.id}/set-primary/`);

      expect(await customerContact(t, customerId)).toEqual(contactOf(member));
    });

    it("creating a primary relation and PUT with is_primary true sync too", async () => {
      const customerId = await newCustomer(t);
      const first = await newMember(t, { name: "张三", phone: "13800138000", email: "zhangsan@example.com" });
      const second = await newMember(t, { name: "王五", phone: "13700137000", email: "wangwu@example.com" });

      await relate(t, customerId, first.id, { is_primary: true });
      expect(await customerContact(t, customerId)).toEqual(contactOf(first));

      const relation = await relate(t, customerId, second.id);
      expect(await customerContact(t, customerId)).toEqual(contactOf(first));
      await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "other", is_primary: true } });
      expect(await customerContact(t, customerId)).toEqual(contactOf(second));
    });

    it("PUT and PATCH of the primary member reach every customer it is primary for", async () => {
      const [customerA, customerB] = [await newCustomer(t), await newCustomer(t)];
      const member = await newMember(t, { name: "赵六", phone: "111", email: "zhao@example.com" });
      await relate(t, customerA, member.id, { is_primary: true });
      await relate(t, customerB, member.id, { is_primary: true });

      const put = await request(t, "PUT", `${MEMBERS}${member.id}/`, {
        payload: { username: member.username, name: "赵七", phone: "222", email: "zhao7@example.com" },
      });
      expect(put.statusCode).toBe(200);
      const afterPut = { primary_contact_name: "赵七", primary_contact_phone: "222", primary_contact_email: "zhao7@example.com" };
      expect(await customerContact(t, customerA)).toEqual(afterPut);
      expect(await customerContact(t, customerB)).toEqual(afterPut);

      const patch = await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload: { phone: "333", email: null } });
      expect(patch.statusCode).toBe(200);
      const afterPatch = { ...afterPut, primary_contact_phone: "333", primary_contact_email: null };
      expect(await customerContact(t, customerA)).toEqual(afterPatch);
      expect(await customerContact(t, customerB)).toEqual(afterPatch);
    });

    it("editing a member that is not primary leaves the customer as it was", async () => {
      const customerId = await newCustomer(t);
      const primary = await newMember(t, { name: "主要", phone: "1", email: "p@example.com" });
      const other = await newMember(t, { name: "次要", phone: "2", email: "o@example.com" });
      await relate(t, customerId, primary.id, { is_primary: true });
      await relate(t, customerId, other.id);
      const before = json(await request(t, "GET", `${CUSTOMERS}${customerId}/`)).data;

      await request(t, "PATCH", `${MEMBERS}${other.id}/`, { payload: { name: "改名", phone: "9", email: "x@example.com" } });
      await request(t, "PUT", `${MEMBERS}${other.id}/`, { payload: { username: other.username, name: "再改" } });

      expect(json(await request(t, "GET", `${CUSTOMERS}${customerId}/`)).data).toEqual(before);
    });

    it("the nested member of a relation shows the member's current fields", async () => {
      const member = await newMember(t, { name: "旧名" });
      const relation = await relate(t, await newCustomer(t), member.id);

      await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload: { name: "新名" } });

      expect((await getRelation(t, relation.id)).member.name).toBe("新名");
    });
  });

  describe("a soft-deleted customer", () => {
    it("hides its relations everywhere and takes no new ones; restoring brings them back", async () => {
      const customerId = await newCustomer(t);
      const liveCustomer = await newCustomer(t);
      const member = await newMember(t);
      const primary = await relate(t, customerId, member.id, { is_primary: true });
      const other = await relate(t, customerId, (await newMember(t)).id);
      const live = await relate(t, liveCustomer, member.id);
      expect((await request(t, "DELETE", `${CUSTOMERS}${customerId}/`)).statusCode).toBe(204);

      expect(json(await request(t, "GET", `${RELATIONS}?customer_id=${customerId}`)).data.pagination.count).toBe(0);
      expect(idsOf(await request(t, "GET", `${RELATIONS}?member_id=${member.id}`))).toEqual([live.id]);
      const everything = idsOf(await request(t, "GET", `${RELATIONS}?page_size=100`));
      expect(everything).not.toContain(primary.id);
      expect(everything).not.toContain(other.id);

      const hidden = [
        await request(t, "GET", `${RELATIONS}${primary.id}/`),
        await request(t, "PUT", `${RELATIONS}${other.id}/`, { payload: { role: "other" } }),
        await request(t, "DELETE", `${RELATIONS}${other.id}/`),
        await request(t, "POST", `${RELATIONS}${other.id}/set-primary/`),
      ];
      for (const response of hidden) {
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(RELATION_NOT_FOUND);
      }
      const primaryOf = await request(t, "GET", `${RELATIONS}primary/?customer_id=${customerId}`);
      expect(primaryOf.statusCode).toBe(404);
      expect(json(primaryOf)).toEqual(PRIMARY_NOT_FOUND);

      const create = await request(t, "POST", RELATIONS, {
        payload: { customer_id: customerId, member_id: (await newMember(t)).id, role: "other" },
      });
      expect(create.statusCode).toBe(400);
      expect(json(create)).toEqual(invalidWith({ customer_id: ["客户不存在"] }));

      expect((await request(t, "POST", `${CUSTOMERS}${customerId}/restore/`)).statusCode).toBe(200);
      expect(await getRelation(t, primary.id)).toEqual(primary);
      expect(await getRelation(t, other.id)).toEqual(other);
    });
  });

  describe("bad input", () => {
    let customerId: number;
    let memberId: number;
    let relationId: number;

    beforeAll(async () => {
      customerId = await newCustomer(t);
      memberId = (await newMember(t)).id;
      relationId = (await relate(t, customerId, memberId)).id;
    });

    it("refuses ids that are not positive integers, naming each field", async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ customer_id: "abc", member_id: memberId, role: "other" }, ["customer_id"]],
        [{ customer_id: customerId, member_id: "abc", role: "other" }, ["member_id"]],
        [{ customer_id: 0, member_id: -1, role: "other" }, ["customer_id", "member_id"]],
        [{ customer_id: 1.5, member_id: 2 ** 31, role: "other" }, ["customer_id", "member_id"]],
        [{ customer_id: {}, member_id: "", role: "other" }, ["customer_id", "member_id"]],
        [{ customer_id: "abc", member_id: "xyz", role: "ceo" }, ["customer_id", "member_id", "role"]],
      ];
      for (const [payload, fields] of cases) {
        const response = await request(t, "POST", RELATIONS, { payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(json(response)).toMatchObject({ success: false, code: 4000, message: "请求参数错误" });
        expect(Object.keys(json(response).errors).sort(), JSON.stringify(payload)).toEqual(fields);
      }
    });

    it("refuses wrong types and lengths with DRF's messages", async () => {
      const cases: [Record<string, unknown>, Record<string, string[]>][] = [
        [{ role: null }, { role: ["该字段不能为 null。"] }],
        [{ role: "ceo" }, { role: ["“ceo” 不是合法选项。"] }],
        [{ role: "other", position: "p".repeat(101) }, { position: ["请确保这个字段不超过 100 个字符。"] }],
        [{ role: "other", is_primary: "maybe" }, { is_primary: ["必须是有效的布尔值。"] }],
        [{ role: "other", is_primary: 2 }, { is_primary: ["必须是有效的布尔值。"] }],
        [{ role: "other", position: 7 }, { position: ["请填写合法的字符串。"] }],
        [{ role: "other", notes: "a\u0000b" }, { notes: ["不允许包含空字符。"] }],
        [{ role: "other", position: "\u0000" }, { position: ["不允许包含空字符。"] }],
      ];
      for (const [fields, errors] of cases) {
        // A fresh pair each time, so a 409 cannot hide a missing 400.
        const payload = { customer_id: customerId, member_id: (await newMember(t)).id, ...fields };
        const response = await request(t, "POST", RELATIONS, { payload });
        expect(response.statusCode, JSON.stringify(fields)).toBe(400);
        expect(json(response), JSON.stringify(fields)).toEqual(invalidWith(errors));
      }
    });

    it("never reads the JSON string \"false\" as true", async () => {
      const created = await request(t, "POST", RELATIONS, {
        payload: { customer_id: customerId, member_id: (await newMember(t)).id, role: "other", is_primary: "false" },
      });
      // DRF reads "false" as false; refusing it would do too. Making the relation primary would not.
      if (created.statusCode === 201) expect(json(created).data.is_primary).toBe(false);
      else expect(created.statusCode).toBe(400);

      const put = await request(t, "PUT", `${RELATIONS}${relationId}/`, { payload: { role: "other", is_primary: "false" } });
      if (put.statusCode === 200) expect(json(put).data.is_primary).toBe(false);
      else expect(put.statusCode).toBe(400);
      expect(await primaryCount(t, customerId)).toBe(0);
    });

    it("does not read true, [id] or an empty string as an id", async () => {
      const member = await newMember(t);
      const cases: Record<string, unknown>[] = [
        { customer_id: true, member_id: member.id },
        { customer_id: [customerId], member_id: member.id },
        { customer_id: customerId, member_id: [member.id] },
        { customer_id: customerId, member_id: "" },
      ];
      for (const ids of cases) {
        const response = await request(t, "POST", RELATIONS, { payload: { ...ids, role: "other" } });
        expect(response.statusCode, JSON.stringify(ids)).toBe(400);
      }
    });

    it("refuses bodies that are not JSON objects", async () => {
      const cases: [string, string][] = [
        ["[]", "无效数据。期待为字典类型，得到的是 array。"],
        ["null", "无效数据。期待为字典类型，得到的是 null。"],
        ['{"customer_id": 1,', "JSON 格式错误"],
      ];
      for (const [body, message] of cases) {
        const create = await request(t, "POST", RELATIONS, { payload: body });
        expect(create.statusCode, body).toBe(400);
        expect(json(create)).toEqual(invalidWith({ non_field_errors: [message] }));
        const put = await request(t, "PUT", `${RELATIONS}${relationId}/`, { payload: body });
        expect(put.statusCode, body).toBe(400);
      }
    });

    it("refuses path ids that are not ids on every operation", async () => {
      for (const id of ["abc", "0", "1.5"]) {
        const answers = [
          await request(t, "GET", `${RELATIONS}${id}/`),
          await request(t, "PUT", `${RELATIONS}${id}/`, { payload: { role: "other" } }),
          await request(t, "DELETE", `${RELATIONS}${id}/`),
          await request(t, "POST", `${RELATIONS}${id}/set-primary/`),
        ];
        for (const response of answers) {
          expect(response.statusCode, id).toBe(400);
          expect(Object.keys(json(response).errors), id).toEqual(["id"]);
        }
      }
      const primary = await request(t, "GET", `${RELATIONS}primary/?customer_id=abc`);
      expect(primary.statusCode).toBe(400);
      expect(Object.keys(json(primary).errors)).toEqual(["customer_id"]);
    });

    it("never answers 500 to a barrage of odd values", async () => {
      // Straight through app.inject: a 500 must fail here with the value that caused it.
      const send = (method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
        t.app.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}` }, ...(payload ? { payload } : {}) });
      const odd: unknown[] = [null, true, false, "", " ", "1e3", "0x10", -0, 1e308, "١", [], {}, "\u0000", "'; drop table member; --"];
      for (const value of odd) {
        for (const field of ["customer_id", "member_id", "role", "position", "is_primary", "notes"]) {
          const payload = { customer_id: customerId, member_id: memberId, role: "other", [field]: value };
          const create = await send("POST", RELATIONS, payload);
          expect(create.statusCode, `POST ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
          const put = await send("PUT", `${RELATIONS}${relationId}/`, payload);
          expect(put.statusCode, `PUT ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
        }
        const query = encodeURIComponent(String(value));
        for (const parameter of ["customer_id", "member_id", "is_primary", "role", "ordering", "page", "page_size"]) {
          const response = await send("GET", `${RELATIONS}?${parameter}=${query}`);
          expect(response.statusCode, `?${parameter}=${query}`).toBeLessThan(500);
        }
      }
      // PUT never moves the relation, whatever customer_id or member_id it was sent.
      expect((await getRelation(t, relationId)).customer.id).toBe(customerId);
    });
  });

  describe("access", () => {
    it("needs authentication (401) and the admin role (403)", async () => {
      const anonymous = await request(t, "GET", RELATIONS, { token: null });
      expect(anonymous.statusCode).toBe(401);
      expect(json(anonymous)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });

      const tenantAdmin = await request(t, "GET", `${RELATIONS}primary/?customer_id=1`, { token: t.tenantAdminToken });
      expect(tenantAdmin.statusCode).toBe(403);
      expect(json(tenantAdmin)).toEqual({ success: false, code: 4030, message: "权限不足" });
    });
  });
});
