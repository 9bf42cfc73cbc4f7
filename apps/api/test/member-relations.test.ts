import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";

import { badRequest as invalidWith, CUSTOMER_NOT_FOUND, notFound, OK as ENVELOPE_OK, refused, RELATION_NOT_FOUND, TIMESTAMP as ISO } from "./envelopes";
import { json, request, setupTestApp, type TestContext } from "./helpers";

const RELATIONS = "/api/v1/customers/members/relations/";
const CUSTOMERS = "/api/v1/customers/";
const MEMBERS = "/api/v1/members/";

const PRIMARY_NOT_FOUND = notFound("未找到主要联系人");
const RELATION_EXISTS = refused(4090, "关系已存在", "该客户与联系人的关系已存在");
const PRIMARY_UNDELETABLE = refused(4000, "无法删除主要联系人关系", "无法删除主要联系人关系，请先设置其他联系人为主要联系人");

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
      invalidWith({ customer_id: [CUSTOMER_NOT_FOUND], member_id: ["联系人不存在"], role: ["此字段为必填项"] }),
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

    it("changes only the fields it is given; null clears position and notes", async () => {
      const relation = await relate(t, await newCustomer(t), (await newMember(t)).id, { position: "CFO", notes: "财务联系人" });

      const roleOnly = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "financial_contact" } });
      expect(json(roleOnly).data).toMatchObject({ role: "financial_contact", position: "CFO", notes: "财务联系人", is_primary: false });

      const cleared = await request(t, "PUT", `${RELATIONS}${relation.id}/`, { payload: { role: "other", position: null, notes: null } });
      expect(json(cleared).data).toMatchObject({ role: "other", position: null, notes: null });
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

  describe("bad input", () => {
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
      const customerId = await newCustomer(t);
      for (const [fields, errors] of cases) {
        // A fresh pair each time, so a 409 cannot hide a missing 400.
        const payload = { customer_id: customerId, member_id: (await newMember(t)).id, ...fields };
        const response = await request(t, "POST", RELATIONS, { payload });
        expect(response.statusCode, JSON.stringify(fields)).toBe(400);
        expect(json(response), JSON.stringify(fields)).toEqual(invalidWith(errors));
      }
    });
  });
});
