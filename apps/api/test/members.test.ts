import { beforeAll, describe, expect, it } from "vitest";

import { json, request, setupTestApp, type TestContext } from "./helpers";

const MEMBERS = "/api/v1/members/";
const RELATIONS = "/api/v1/customers/members/relations/";
const ENVELOPE_OK = { success: true, code: 2000, message: "操作成功" } as const;
const MEMBER_NOT_FOUND = { success: false, code: 4004, message: "联系人不存在" } as const;
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

const invalidWith = (errors: Record<string, string[]>) => ({
  success: false,
  code: 4000,
  message: "请求参数错误",
  errors,
});

type MemberBody = {
  id: number;
  username: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
};

async function createMember(t: TestContext, payload: Record<string, unknown>): Promise<MemberBody> {
  const response = await request(t, "POST", MEMBERS, { payload });
  expect(response.statusCode, response.body).toBe(201);
  return json(response).data;
}

describe("members CRUD (/api/v1/members/)", () => {
  const t = setupTestApp();

  describe("create", () => {
    it("answers 201 with the whole member, and nothing else", async () => {
      const response = await request(t, "POST", MEMBERS, {
        payload: { username: "member1", name: "张三", phone: "13800138000", email: "zhangsan@example.com" },
      });

      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({
        ...ENVELOPE_OK,
        data: {
          id: expect.any(Number),
          username: "member1",
          name: "张三",
          phone: "13800138000",
          email: "zhangsan@example.com",
          created_at: ISO,
          updated_at: ISO,
        },
      });
    });

    it("needs only a username; the other fields default to null and an empty email is null", async () => {
      const response = await request(t, "POST", MEMBERS, { payload: { username: "only-username", email: "" } });

      expect(response.statusCode).toBe(201);
      expect(json(response).data).toMatchObject({ username: "only-username", name: null, phone: null, email: null });
    });

    it("ignores read-only and unknown fields", async () => {
      const response = await request(t, "POST", MEMBERS, {
        payload: { username: "read-only", id: 987654, created_at: "2000-01-01T00:00:00Z", is_admin: true },
      });

      expect(response.statusCode).toBe(201);
      const { data } = json(response);
      expect(data.id).not.toBe(987654);
      expect(data.created_at.startsWith("2000")).toBe(false);
      expect(data).not.toHaveProperty("is_admin");
    });

    it("refuses a missing, null or blank username", async () => {
      for (const [payload, message] of [
        [{ name: "无名" }, "此字段为必填项"],
        [{ username: null }, "该字段不能为 null。"],
        [{ username: "   " }, "该字段不能为空。"],
      ] as const) {
        const response = await request(t, "POST", MEMBERS, { payload });
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ username: [message] }));
      }
    });

    it("refuses a username that is taken (also once trimmed) with 400 on username", async () => {
      await createMember(t, { username: "taken" });

      for (const username of ["taken", "  taken  "]) {
        const response = await request(t, "POST", MEMBERS, { payload: { username } });
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ username: ["具有该用户名的联系人已存在。"] }));
      }
    });

    it("refuses a bad email, and reports every bad field in one answer", async () => {
      const badEmail = await request(t, "POST", MEMBERS, { payload: { username: "bad-email", email: "not-an-email" } });
      expect(badEmail.statusCode).toBe(400);
      expect(json(badEmail)).toEqual(invalidWith({ email: ["请输入合法的邮件地址。"] }));

      const several = await request(t, "POST", MEMBERS, { payload: { email: "x@", name: "x".repeat(101) } });
      expect(several.statusCode).toBe(400);
      expect(json(several)).toEqual(
        invalidWith({
          username: ["此字段为必填项"],
          name: ["请确保这个字段不超过 100 个字符。"],
          email: ["请输入合法的邮件地址。"],
        }),
      );
    });

    it("refuses NUL characters, which PostgreSQL text cannot hold, instead of failing with 500", async () => {
      const response = await request(t, "POST", MEMBERS, { payload: { username: "nul\u0000", name: "a\u0000b", phone: "\u0000" } });

      expect(response.statusCode).toBe(400);
      const nul = ["不允许包含空字符。"];
      expect(json(response)).toEqual(invalidWith({ username: nul, name: nul, phone: nul }));
    });

    it("refuses a body that is not an object", async () => {
      const response = await request(t, "POST", MEMBERS, { payload: "[1, 2]" });

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ non_field_errors: ["无效数据。期待为字典类型，得到的是 array。"] }));
    });
  });

  describe("get", () => {
    it("answers the member as created", async () => {
      const member = await createMember(t, { username: "to-read", name: "李四", phone: "13900139000" });

      const response = await request(t, "GET", `${MEMBERS}${member.id}/`);

      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ ...ENVELOPE_OK, data: member });
    });

    it("answers 404 联系人不存在 for an unknown id and 400 for an id that is not one", async () => {
      const unknown = await request(t, "GET", `${MEMBERS}999999/`);
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toEqual(MEMBER_NOT_FOUND);

      for (const id of ["abc", "0", "-3", "1.5"]) {
        const response = await request(t, "GET", `${MEMBERS}${id}/`);
        expect(response.statusCode, id).toBe(400);
        expect(Object.keys(json(response).errors)).toEqual(["id"]);
      }
    });

    it("answers without the trailing slash too", async () => {
      const member = await createMember(t, { username: "no-slash" });

      const response = await request(t, "GET", `${MEMBERS}${member.id}`);

      expect(response.statusCode).toBe(200);
      expect(json(response).data.username).toBe("no-slash");
    });
  });

  describe("PUT", () => {
    it("needs username, and changes only the fields it is given", async () => {
      const member = await createMember(t, { username: "put-me", name: "王五", phone: "13700137000", email: "w@example.com" });

      const missing = await request(t, "PUT", `${MEMBERS}${member.id}/`, { payload: { name: "王六" } });
      expect(missing.statusCode).toBe(400);
      expect(json(missing)).toEqual(invalidWith({ username: ["此字段为必填项"] }));

      const response = await request(t, "PUT", `${MEMBERS}${member.id}/`, { payload: { username: "put-me-2", name: "王六" } });
      expect(response.statusCode).toBe(200);
      expect(json(response).data).toEqual({ ...member, username: "put-me-2", name: "王六", updated_at: ISO });
      expect(Date.parse(json(response).data.updated_at)).toBeGreaterThanOrEqual(Date.parse(member.updated_at));
    });

    it("keeps its own username, refuses another member's", async () => {
      const member = await createMember(t, { username: "keeps-own" });
      await createMember(t, { username: "someone-else" });

      const same = await request(t, "PUT", `${MEMBERS}${member.id}/`, { payload: { username: "keeps-own", phone: "1" } });
      expect(same.statusCode).toBe(200);

      const clash = await request(t, "PUT", `${MEMBERS}${member.id}/`, { payload: { username: "someone-else" } });
      expect(clash.statusCode).toBe(400);
      expect(json(clash)).toEqual(invalidWith({ username: ["具有该用户名的联系人已存在。"] }));
    });

    it("answers 404 for an unknown id", async () => {
      const response = await request(t, "PUT", `${MEMBERS}999999/`, { payload: { username: "ghost" } });

      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(MEMBER_NOT_FOUND);
    });
  });

  describe("PATCH", () => {
    it("changes only the given fields; null clears an optional one", async () => {
      const member = await createMember(t, { username: "patch-me", name: "赵六", phone: "123", email: "z@example.com" });

      const phone = await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload: { phone: "456" } });
      expect(phone.statusCode).toBe(200);
      expect(json(phone).data).toMatchObject({ username: "patch-me", name: "赵六", phone: "456", email: "z@example.com" });

      const cleared = await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload: { email: null } });
      expect(cleared.statusCode).toBe(200);
      expect(json(cleared).data).toMatchObject({ phone: "456", email: null });

      const nothing = await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload: {} });
      expect(nothing.statusCode).toBe(200);
      expect(json(nothing).data).toMatchObject({ username: "patch-me", name: "赵六", phone: "456", email: null });
    });

    it("refuses a null or taken username and a bad email", async () => {
      const member = await createMember(t, { username: "patch-bad" });
      await createMember(t, { username: "patch-taken" });

      const cases = [
        [{ username: null }, { username: ["该字段不能为 null。"] }],
        [{ username: "patch-taken" }, { username: ["具有该用户名的联系人已存在。"] }],
        [{ email: "nope" }, { email: ["请输入合法的邮件地址。"] }],
      ] as const;
      for (const [payload, errors] of cases) {
        const response = await request(t, "PATCH", `${MEMBERS}${member.id}/`, { payload });
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith(errors as unknown as Record<string, string[]>));
      }
    });

    it("answers 404 for an unknown id", async () => {
      const response = await request(t, "PATCH", `${MEMBERS}999999/`, { payload: { name: "x" } });

      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(MEMBER_NOT_FOUND);
    });
  });

  describe("DELETE", () => {
    it("answers 204 with no body; the member is gone", async () => {
      const member = await createMember(t, { username: "delete-me" });

      const response = await request(t, "DELETE", `${MEMBERS}${member.id}/`);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe("");

      const again = await request(t, "GET", `${MEMBERS}${member.id}/`);
      expect(again.statusCode).toBe(404);
      const twice = await request(t, "DELETE", `${MEMBERS}${member.id}/`);
      expect(twice.statusCode).toBe(404);
      expect(json(twice)).toEqual(MEMBER_NOT_FOUND);
    });

    it("refuses (400, non_field_errors) while the member still has a relation, and allows it after", async () => {
      const customer = await request(t, "POST", "/api/v1/customers/", { payload: { name: "有联系人的客户", type: "company" } });
      const member = await createMember(t, { username: "related" });
      const relation = await request(t, "POST", RELATIONS, {
        payload: { customer_id: json(customer).data.id, member_id: member.id, role: "other" },
      });
      expect(relation.statusCode).toBe(201);

      const refused = await request(t, "DELETE", `${MEMBERS}${member.id}/`);
      expect(refused.statusCode).toBe(400);
      expect(json(refused)).toEqual(invalidWith({ non_field_errors: ["该联系人仍与客户有关联，无法删除"] }));
      expect((await request(t, "GET", `${MEMBERS}${member.id}/`)).statusCode).toBe(200);

      expect((await request(t, "DELETE", `${RELATIONS}${json(relation).data.id}/`)).statusCode).toBe(204);
      expect((await request(t, "DELETE", `${MEMBERS}${member.id}/`)).statusCode).toBe(204);
    });
  });

  describe("access", () => {
    it("needs authentication (401) and the admin role (403)", async () => {
      const anonymous = await request(t, "GET", MEMBERS, { token: null });
      expect(anonymous.statusCode).toBe(401);
      expect(json(anonymous)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });

      const tenantAdmin = await request(t, "POST", MEMBERS, { token: t.tenantAdminToken, payload: { username: "x" } });
      expect(tenantAdmin.statusCode).toBe(403);
      expect(json(tenantAdmin)).toEqual({ success: false, code: 4030, message: "权限不足" });

      const apiKey = await request(t, "GET", MEMBERS, { authorization: `Token ${t.adminApiKey}` });
      expect(apiKey.statusCode).toBe(200);
    });
  });
});

describe("GET /api/v1/members/ (pagination and ordering)", () => {
  const t = setupTestApp();
  const ROWS = 12;
  // Usernames and names in orders that differ from the id order and from each other.
  const members: MemberBody[] = [];

  beforeAll(async () => {
    for (let i = 0; i < ROWS; i++) {
      members.push(
        await createMember(t, {
          username: `user-${String((i * 5) % ROWS).padStart(2, "0")}`,
          name: `name-${String((i * 7) % ROWS).padStart(2, "0")}`,
        }),
      );
    }
  });

  const ids = (response: Awaited<ReturnType<typeof request>>) => json(response).data.results.map((m: MemberBody) => m.id);
  const sortedIds = (compare: (a: MemberBody, b: MemberBody) => number) => [...members].sort(compare).map((m) => m.id);

  it("defaults to 10 a page, newest first, with absolute links that keep the query", async () => {
    const first = await request(t, "GET", MEMBERS);
    expect(first.statusCode).toBe(200);
    expect(json(first).data.pagination).toEqual({
      count: ROWS,
      next: "http://localhost/api/v1/members/?page=2",
      previous: null,
      page_size: 10,
      current_page: 1,
      total_pages: 2,
      count_exact: true,
    });
    const newestFirst = sortedIds((a, b) => b.id - a.id);
    expect(ids(first)).toEqual(newestFirst.slice(0, 10));
    expect(Object.keys(json(first).data.results[0]).sort()).toEqual(
      ["created_at", "email", "id", "name", "phone", "updated_at", "username"],
    );

    const page = await request(t, "GET", `${MEMBERS}?page_size=5&page=2&ordering=username`);
    expect(json(page).data.pagination).toMatchObject({ count: ROWS, page_size: 5, current_page: 2, total_pages: 3, count_exact: true });
    const next = new URL(json(page).data.pagination.next);
    expect(`${next.origin}${next.pathname}`).toBe("http://localhost/api/v1/members/");
    expect(Object.fromEntries(next.searchParams)).toEqual({ page_size: "5", ordering: "username", page: "3" });
    expect(Object.fromEntries(new URL(json(page).data.pagination.previous).searchParams)).toEqual({
      page_size: "5",
      ordering: "username",
    });
  });

  it("walks every page without overlap", async () => {
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const response = await request(t, "GET", `${MEMBERS}?page_size=5&page=${page}`);
      expect(response.statusCode).toBe(200);
      seen.push(...ids(response));
    }
    expect(seen).toEqual(sortedIds((a, b) => b.id - a.id));
  });

  it("orders by id, username and name, ascending and descending", async () => {
    const cases: [string, number[]][] = [
      ["id", sortedIds((a, b) => a.id - b.id)],
      ["-id", sortedIds((a, b) => b.id - a.id)],
      ["username", sortedIds((a, b) => a.username.localeCompare(b.username))],
      ["-username", sortedIds((a, b) => b.username.localeCompare(a.username))],
      ["name", sortedIds((a, b) => a.name!.localeCompare(b.name!))],
      ["-name", sortedIds((a, b) => b.name!.localeCompare(a.name!))],
      ["created_at", sortedIds((a, b) => a.id - b.id)],
    ];
    for (const [ordering, expected] of cases) {
      const response = await request(t, "GET", `${MEMBERS}?page_size=100&ordering=${ordering}`);
      expect(response.statusCode, ordering).toBe(200);
      expect(ids(response), ordering).toEqual(expected);
    }
  });

  it("refuses an unknown ordering field and bad page numbers; a page past the end is 404", async () => {
    const ordering = await request(t, "GET", `${MEMBERS}?ordering=password`);
    expect(ordering.statusCode).toBe(400);
    expect(json(ordering)).toEqual(invalidWith({ ordering: ["无效的排序字段：password"] }));

    const page = await request(t, "GET", `${MEMBERS}?page=0&page_size=x`);
    expect(page.statusCode).toBe(400);
    expect(Object.keys(json(page).errors).sort()).toEqual(["page", "page_size"]);

    const past = await request(t, "GET", `${MEMBERS}?page=3`);
    expect(past.statusCode).toBe(404);
    expect(json(past)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });

  it("clamps page_size above 100", async () => {
    const response = await request(t, "GET", `${MEMBERS}?page_size=1000`);

    expect(response.statusCode).toBe(200);
    expect(json(response).data.pagination).toMatchObject({ page_size: 100, total_pages: 1, count: ROWS });
  });
});
