import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";

import {
  badRequest,
  CUSTOMER_NOT_FOUND,
  FORBIDDEN,
  NOT_A_BOOLEAN,
  notFound,
  refused,
  RELATION_NOT_FOUND,
  UNAUTHENTICATED,
} from "./envelopes";
import { json, request, setupTestApp, type TestContext } from "./helpers";

/**
 * The rules that customer–member (seed 003) and customer–tenant (seed 002) relations share, run
 * once for each kind. What only one kind has (its seed, its filters, dates, the primary contact
 * sync) stays in member-relations.test.ts and tenant-relations.test.ts.
 */

type Relation = {
  id: number;
  customer: { id: number; name: string };
  is_primary: boolean;
  updated_by: string | null;
  [field: string]: unknown;
};

type Kind = {
  name: string;
  base: string;
  table: string;
  /** The other side: `member` or `tenant`, as rows nest it; `<party>_id` in bodies and filters. */
  party: "member" | "tenant";
  newParty: (t: TestContext) => Promise<{ id: number }>;
  /** The fields create and PUT require. */
  required: Record<string, string>;
  /** A value of a required field that is not one of its choices. */
  badChoice: Record<string, string>;
  /** Optional fields that a new relation leaves null. */
  nullByDefault: string[];
  /** Optional fields set on create that a PUT without them keeps. */
  kept: Record<string, string>;
  /** A PUT's required fields with other values than `required`. */
  changed: Record<string, string>;
  /** Every body field besides customer_id and `<party>_id`. */
  bodyFields: string[];
  listParameters: string[];
  /** GETs of the kind's own that take `value` as a query parameter. */
  extraQueries: (value: string) => string[];
  messages: { exists: object; undeletable: object; noPrimary: object };
  /** What else must hold once `primary` is the customer's primary relation. */
  primaryEffect?: (t: TestContext, customerId: number, primary: Relation) => Promise<void>;
};

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${++sequence}`;

async function newCustomer(t: TestContext): Promise<{ id: number; name: string }> {
  const name = unique("客户");
  const response = await request(t, "POST", "/api/v1/customers/", { payload: { name, type: "company" } });
  expect(response.statusCode, response.body).toBe(201);
  return { id: json(response).data.id, name };
}

async function created(t: TestContext, path: string, payload: object): Promise<{ id: number }> {
  const response = await request(t, "POST", path, { payload });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data;
}

async function customerContact(t: TestContext, customerId: number) {
  const { primary_contact_name, primary_contact_phone, primary_contact_email } = json(
    await request(t, "GET", `/api/v1/customers/${customerId}/`),
  ).data;
  return { primary_contact_name, primary_contact_phone, primary_contact_email };
}

const KINDS: Kind[] = [
  {
    name: "customer–member relations",
    base: "/api/v1/customers/members/relations/",
    table: "customer_member_relation",
    party: "member",
    // A name and a phone of its own, so the primary contact copied from it is told from any other.
    newParty: (t) => created(t, "/api/v1/members/", { username: unique("member"), name: unique("联系人"), phone: `${1000 + sequence}` }),
    required: { role: "other" },
    badChoice: { role: "ceo" },
    nullByDefault: ["position", "notes"],
    kept: { position: "CFO", notes: "保留" },
    changed: { role: "technical_contact" },
    bodyFields: ["role", "position", "is_primary", "notes"],
    listParameters: ["customer_id", "member_id", "is_primary", "role", "ordering", "page", "page_size"],
    extraQueries: () => [],
    messages: {
      exists: refused(4090, "关系已存在", "该客户与联系人的关系已存在"),
      undeletable: refused(4000, "无法删除主要联系人关系", "无法删除主要联系人关系，请先设置其他联系人为主要联系人"),
      noPrimary: notFound("未找到主要联系人"),
    },
    // The customer's contact is the member that ended up primary (CONTRACT §7).
    primaryEffect: async (t, customerId, primary) => {
      const member = primary.member as { name: string | null; phone: string | null; email: string | null };
      expect(await customerContact(t, customerId)).toEqual({
        primary_contact_name: member.name,
        primary_contact_phone: member.phone,
        primary_contact_email: member.email,
      });
    },
  },
  {
    name: "customer–tenant relations",
    base: "/api/v1/customers/tenants/relations/",
    table: "customer_tenant_relation",
    party: "tenant",
    newParty: (t) => created(t, "/api/v1/tenants/", { name: unique("租户"), code: unique("t") }),
    required: { relation_type: "client", status: "active" },
    badChoice: { relation_type: "friend" },
    nullByDefault: ["start_date", "end_date", "notes"],
    kept: { notes: "保留", start_date: "2025-01-01" },
    changed: { relation_type: "partner", status: "terminated" },
    bodyFields: ["relation_type", "status", "is_primary", "start_date", "end_date", "notes"],
    listParameters: ["customer_id", "tenant_id", "is_primary", "relation_type", "status", "ordering", "page", "page_size"],
    extraQueries: (value) => [`between/?customer_id=${value}&tenant_id=${value}`],
    messages: {
      exists: refused(4090, "关系已存在", "该客户与租户的关系已存在"),
      undeletable: refused(4000, "无法删除主要租户关系", "无法删除主要租户关系，请先设置其他租户为主要租户"),
      noPrimary: notFound("未找到主要租户关系"),
    },
  },
];

describe.each(KINDS)("$name: the rules both kinds share", (kind) => {
  const t = setupTestApp();
  const partyId = `${kind.party}_id`;
  const BASE = kind.base;

  const body = (customerId: unknown, party: unknown, fields: object = {}) => ({
    customer_id: customerId,
    [partyId]: party,
    ...kind.required,
    ...fields,
  });
  const relate = async (customerId: number, party: number, fields: object = {}): Promise<Relation> =>
    (await created(t, BASE, body(customerId, party, fields))) as Relation;
  /** A relation of a new customer and a new party. */
  const fresh = async (fields: object = {}) => relate((await newCustomer(t)).id, (await kind.newParty(t)).id, fields);
  const getRelation = async (id: number): Promise<Relation> => {
    const response = await request(t, "GET", `${BASE}${id}/`);
    expect(response.statusCode, response.body).toBe(200);
    return json(response).data;
  };
  /** Counted in the database itself: the rules must hold there, not just in answers. */
  const countRows = async (where: string, params: number[]) => {
    const sql = `select count(*)::int as n from ${kind.table} where ${where}`;
    const [row] = await t.db.orm.em.fork().getConnection().execute<{ n: number }[]>(sql, params);
    return row!.n;
  };
  const primaryCount = (customerId: number) => countRows("customer_id = ? and is_primary", [customerId]);
  const idsOf = (response: LightMyRequestResponse): number[] => json(response).data.results.map((row: { id: number }) => row.id);

  describe("create", () => {
    it("defaults is_primary to false and the optional fields to null; ignores read-only fields", async () => {
      const payload = body((await newCustomer(t)).id, (await kind.newParty(t)).id, {
        id: 424242,
        created_by: "mallory",
        updated_by: "mallory",
        created_at: "2000-01-01T00:00:00Z",
      });

      const response = await request(t, "POST", BASE, { payload });

      expect(response.statusCode).toBe(201);
      const { data } = json(response);
      const nulls = Object.fromEntries(kind.nullByDefault.map((field) => [field, null]));
      expect(data).toMatchObject({ ...nulls, is_primary: false, created_by: "admin", updated_by: null });
      expect(data.id).not.toBe(424242);
      expect(data.created_at.startsWith("2000")).toBe(false);
    });
  });

  describe("PUT", () => {
    it("never moves the relation to another customer or party, and keeps the fields it is not given", async () => {
      const relation = await fresh(kind.kept);
      const otherCustomer = await newCustomer(t);
      const otherParty = await kind.newParty(t);

      const response = await request(t, "PUT", `${BASE}${relation.id}/`, {
        payload: { customer_id: otherCustomer.id, [partyId]: otherParty.id, ...kind.changed },
      });

      expect(response.statusCode).toBe(200);
      const unmoved = { customer: relation.customer, [kind.party]: relation[kind.party] };
      expect(json(response).data).toMatchObject({ ...unmoved, ...kind.changed, ...kind.kept });
      expect(await getRelation(relation.id)).toMatchObject(unmoved);
      expect(idsOf(await request(t, "GET", `${BASE}?customer_id=${otherCustomer.id}`))).toEqual([]);
    });

    it("is_primary false on the primary relation lets it be deleted (注意事项 2)", async () => {
      const relation = await fresh({ is_primary: true });

      const response = await request(t, "PUT", `${BASE}${relation.id}/`, { payload: { ...kind.required, is_primary: false } });

      expect(json(response).data.is_primary).toBe(false);
      expect(await primaryCount(relation.customer.id)).toBe(0);
      expect((await request(t, "DELETE", `${BASE}${relation.id}/`)).statusCode).toBe(204);
    });
  });

  describe("one primary per customer", () => {
    it("creating a primary relation unmarks the previous one, and only for that customer", async () => {
      const customerId = (await newCustomer(t)).id;
      const first = await relate(customerId, (await kind.newParty(t)).id, { is_primary: true });
      const elsewhere = await fresh({ is_primary: true });

      const second = await relate(customerId, (await kind.newParty(t)).id, { is_primary: true });

      expect(second.is_primary).toBe(true);
      expect((await getRelation(first.id)).is_primary).toBe(false);
      expect((await getRelation(elsewhere.id)).is_primary).toBe(true);
      expect(await primaryCount(customerId)).toBe(1);
      expect(idsOf(await request(t, "GET", `${BASE}?customer_id=${customerId}&is_primary=true`))).toEqual([second.id]);
    });

    it("set-primary switches the primary, and is idempotent", async () => {
      const customerId = (await newCustomer(t)).id;
      const first = await relate(customerId, (await kind.newParty(t)).id, { is_primary: true });
      const second = await relate(customerId, (await kind.newParty(t)).id);

      for (let i = 0; i < 2; i++) {
        const response = await request(t, "POST", `${BASE}${second.id}/set-primary/`);
        expect(response.statusCode).toBe(200);
        expect(json(response).data).toMatchObject({ id: second.id, is_primary: true, updated_by: "admin" });
        expect((await getRelation(first.id)).is_primary).toBe(false);
      }
      expect(await primaryCount(customerId)).toBe(1);
      await kind.primaryEffect?.(t, customerId, await getRelation(second.id));
    });

    it("PUT with is_primary true switches the primary", async () => {
      const customerId = (await newCustomer(t)).id;
      const first = await relate(customerId, (await kind.newParty(t)).id, { is_primary: true });
      const second = await relate(customerId, (await kind.newParty(t)).id);

      const response = await request(t, "PUT", `${BASE}${second.id}/`, { payload: { ...kind.changed, is_primary: true } });

      expect(response.statusCode).toBe(200);
      expect(json(response).data).toMatchObject({ is_primary: true, updated_by: "admin" });
      expect((await getRelation(first.id)).is_primary).toBe(false);
      expect(await primaryCount(customerId)).toBe(1);
    });

    it("accepts a bare set-primary POST: no body, no content-type", async () => {
      const relation = await fresh();

      const response = await t.app.inject({
        method: "POST",
        url: `${BASE}${relation.id}/set-primary/`,
        headers: { authorization: `Bearer ${t.adminToken}` },
      });

      expect(response.statusCode, response.body).toBe(200);
      expect(json(response).data).toMatchObject({ id: relation.id, is_primary: true });
      // An empty JSON object and the path without its trailing slash are the same call.
      const withBody = await request(t, "POST", `${BASE}${relation.id}/set-primary`, { payload: {} });
      expect(withBody.statusCode).toBe(200);
    });
  });

  describe("under concurrent requests", () => {
    it("20 parallel set-primary calls on one customer's 20 relations all succeed and leave exactly one primary", async () => {
      const customerId = (await newCustomer(t)).id;
      const relations: Relation[] = [];
      for (let i = 0; i < 20; i++) relations.push(await relate(customerId, (await kind.newParty(t)).id));

      const answers = await Promise.all(relations.map((relation) => request(t, "POST", `${BASE}${relation.id}/set-primary/`)));

      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(200));
      expect(await primaryCount(customerId)).toBe(1);
      const primary = await request(t, "GET", `${BASE}primary/?customer_id=${customerId}`);
      expect(primary.statusCode).toBe(200);
      await kind.primaryEffect?.(t, customerId, json(primary).data);
    });

    it("10 parallel primary creates for one customer leave exactly one primary", async () => {
      const customerId = (await newCustomer(t)).id;
      const parties: { id: number }[] = [];
      for (let i = 0; i < 10; i++) parties.push(await kind.newParty(t));

      const answers = await Promise.all(
        parties.map((party) => request(t, "POST", BASE, { payload: body(customerId, party.id, { is_primary: true }) })),
      );

      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(10).fill(201));
      expect(await primaryCount(customerId)).toBe(1);
    });

    it("10 parallel identical creates, primary or not: one 201, nine 409, one row", async () => {
      for (const isPrimary of [false, true]) {
        const customerId = (await newCustomer(t)).id;
        const party = await kind.newParty(t);
        const payload = body(customerId, party.id, { is_primary: isPrimary });

        const answers = await Promise.all(Array.from({ length: 10 }, () => request(t, "POST", BASE, { payload })));

        expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
        for (const conflict of answers.filter((answer) => answer.statusCode === 409)) expect(json(conflict)).toEqual(kind.messages.exists);
        expect(await countRows(`customer_id = ? and ${partyId} = ?`, [customerId, party.id])).toBe(1);
      }
    });
  });

  describe("a soft-deleted customer", () => {
    it("hides its relations everywhere and takes no new ones; restoring brings them back", async () => {
      const customerId = (await newCustomer(t)).id;
      const party = await kind.newParty(t);
      const primary = await relate(customerId, party.id, { is_primary: true });
      const other = await relate(customerId, (await kind.newParty(t)).id);
      const live = await relate((await newCustomer(t)).id, party.id);
      expect((await request(t, "DELETE", `/api/v1/customers/${customerId}/`)).statusCode).toBe(204);

      const ofCustomer = json(await request(t, "GET", `${BASE}?customer_id=${customerId}`)).data;
      expect(ofCustomer.pagination.count).toBe(0);
      expect(ofCustomer.results).toEqual([]);
      expect(idsOf(await request(t, "GET", `${BASE}?${partyId}=${party.id}`))).toEqual([live.id]);
      const everything = idsOf(await request(t, "GET", `${BASE}?page_size=100`));
      expect(everything).not.toContain(primary.id);
      expect(everything).not.toContain(other.id);

      const hidden = [
        await request(t, "GET", `${BASE}${primary.id}/`),
        await request(t, "PUT", `${BASE}${other.id}/`, { payload: kind.required }),
        await request(t, "DELETE", `${BASE}${other.id}/`),
        await request(t, "POST", `${BASE}${other.id}/set-primary/`),
      ];
      for (const response of hidden) {
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(RELATION_NOT_FOUND);
      }
      const primaryOf = await request(t, "GET", `${BASE}primary/?customer_id=${customerId}`);
      expect(primaryOf.statusCode).toBe(404);
      expect(json(primaryOf)).toEqual(kind.messages.noPrimary);

      const create = await request(t, "POST", BASE, { payload: body(customerId, (await kind.newParty(t)).id) });
      expect(create.statusCode).toBe(400);
      expect(json(create)).toEqual(badRequest({ customer_id: [CUSTOMER_NOT_FOUND] }));

      expect((await request(t, "POST", `/api/v1/customers/${customerId}/restore/`)).statusCode).toBe(200);
      expect(await getRelation(primary.id)).toEqual(primary);
      expect(await getRelation(other.id)).toEqual(other);
    });
  });

  describe("bad input", () => {
    let customerId: number;
    let party: number;
    let relationId: number;

    beforeAll(async () => {
      customerId = (await newCustomer(t)).id;
      party = (await kind.newParty(t)).id;
      relationId = (await relate(customerId, party)).id;
    });

    it("refuses ids that are not positive integers, naming each field", async () => {
      const cases: [object, string[]][] = [
        [body("abc", party), ["customer_id"]],
        [body(customerId, "abc"), [partyId]],
        [body(0, -1), ["customer_id", partyId]],
        [body(1.5, 2 ** 31), ["customer_id", partyId]],
        [body({}, ""), ["customer_id", partyId]],
        [body("abc", "xyz", kind.badChoice), ["customer_id", partyId, ...Object.keys(kind.badChoice)].sort()],
      ];
      for (const [payload, fields] of cases) {
        const response = await request(t, "POST", BASE, { payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(json(response)).toMatchObject({ success: false, code: 4000, message: "请求参数错误" });
        expect(Object.keys(json(response).errors).sort(), JSON.stringify(payload)).toEqual(fields);
      }
    });

    it("never reads the JSON string \"false\" as true", async () => {
      // DRF reads "false" as false; refusing it would do too. Making the relation primary would not.
      const created = await request(t, "POST", BASE, { payload: body(customerId, (await kind.newParty(t)).id, { is_primary: "false" }) });
      if (created.statusCode === 201) expect(json(created).data.is_primary).toBe(false);
      else expect(json(created)).toEqual(badRequest({ is_primary: [NOT_A_BOOLEAN] }));

      const put = await request(t, "PUT", `${BASE}${relationId}/`, { payload: { ...kind.required, is_primary: "false" } });
      if (put.statusCode === 200) expect(json(put).data.is_primary).toBe(false);
      else expect(json(put)).toEqual(badRequest({ is_primary: [NOT_A_BOOLEAN] }));
      expect(await primaryCount(customerId)).toBe(0);
    });

    it("does not read true, [id] or an empty string as an id", async () => {
      const other = (await kind.newParty(t)).id;
      for (const payload of [body(true, other), body([customerId], other), body(customerId, [other]), body(customerId, "")]) {
        const response = await request(t, "POST", BASE, { payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      }
    });

    it("refuses bodies that are not JSON objects", async () => {
      const cases: [string, string][] = [
        ["[]", "无效数据。期待为字典类型，得到的是 array。"],
        ["null", "无效数据。期待为字典类型，得到的是 null。"],
        ['{"customer_id": 1,', "JSON 格式错误"],
      ];
      for (const [text, message] of cases) {
        const create = await request(t, "POST", BASE, { payload: text });
        expect(create.statusCode, text).toBe(400);
        expect(json(create)).toEqual(badRequest({ non_field_errors: [message] }));
        const put = await request(t, "PUT", `${BASE}${relationId}/`, { payload: text });
        expect(put.statusCode, text).toBe(400);
      }
    });

    it("refuses path ids that are not ids on every operation", async () => {
      for (const id of ["abc", "0", "1.5"]) {
        const answers = [
          await request(t, "GET", `${BASE}${id}/`),
          await request(t, "PUT", `${BASE}${id}/`, { payload: kind.required }),
          await request(t, "DELETE", `${BASE}${id}/`),
          await request(t, "POST", `${BASE}${id}/set-primary/`),
        ];
        for (const response of answers) {
          expect(response.statusCode, id).toBe(400);
          expect(Object.keys(json(response).errors), id).toEqual(["id"]);
        }
      }
      const primary = await request(t, "GET", `${BASE}primary/?customer_id=abc`);
      expect(primary.statusCode).toBe(400);
      expect(Object.keys(json(primary).errors)).toEqual(["customer_id"]);
    });

    it("never answers 500 to a barrage of odd values", async () => {
      const odd: unknown[] = [null, true, false, "", " ", "1e3", "0x10", -0, -1, 1e308, "١", [], {}, "\u0000", "'; drop table member; --"];
      for (const value of odd) {
        for (const field of ["customer_id", partyId, ...kind.bodyFields]) {
          const payload = { ...body(customerId, party), [field]: value };
          const create = await request(t, "POST", BASE, { payload });
          expect(create.statusCode, `POST ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
          const put = await request(t, "PUT", `${BASE}${relationId}/`, { payload });
          expect(put.statusCode, `PUT ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
        }
      }
      const queryValues = new Set([...odd.map(String), "'; --", "[]"]);
      for (const query of [...queryValues].map(encodeURIComponent)) {
        const paths = [
          ...kind.listParameters.map((parameter) => `?${parameter}=${query}`),
          `primary/?customer_id=${query}`,
          ...kind.extraQueries(query),
        ];
        for (const path of paths) {
          const response = await request(t, "GET", `${BASE}${path}`);
          expect(response.statusCode, path).toBeLessThan(500);
        }
      }
      // PUT never moves the relation, whatever customer_id or party it was sent.
      expect((await getRelation(relationId)).customer.id).toBe(customerId);
      // Several hundred requests, each checked against the document: more than the default 30 s on a busy machine.
    }, 180_000);
  });

  describe("access", () => {
    it("needs credentials (401) and the admin role (403); an API key works", async () => {
      const anonymous = await request(t, "GET", BASE, { token: null });
      expect(anonymous.statusCode).toBe(401);
      expect(json(anonymous)).toEqual(UNAUTHENTICATED);

      for (const [method, path] of [["GET", `${BASE}primary/?customer_id=1`], ["POST", BASE]] as const) {
        const tenantAdmin = await request(t, method, path, { token: t.tenantAdminToken, ...(method === "POST" ? { payload: {} } : {}) });
        expect(tenantAdmin.statusCode, method).toBe(403);
        expect(json(tenantAdmin)).toEqual(FORBIDDEN);
      }

      const withKey = await request(t, "GET", BASE, { authorization: `Token ${t.adminApiKey}` });
      expect(withKey.statusCode).toBe(200);
    });

    it("speaks English on Accept-Language: en", async () => {
      const response = await request(t, "GET", `${BASE}primary/`, { headers: { "accept-language": "en" } });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({ ...badRequest({ customer_id: ["This field is required."] }), message: "Invalid request parameters" });
    });
  });
});
