import { describe, expect, it } from "vitest";

import { CUSTOMER_NOT_FOUND, CUSTOMERS, insertCustomers, invalidWith, storedRow } from "./customers-fixtures";
import { json, request, setupTestApp, type TestContext } from "./helpers";

const LEGACY = "/api/customer";
const NOT_FOUND = { success: false, code: 4004, message: "客户不存在" };

// Seed 004's request examples, as written. Two of them (§6 and the detail's log items) lack the
// comma after `"title": …` and after `"principal": …` in the detail; those commas are put back,
// nothing else is changed. `customer_id` / `id` name customers of this database.
const SEED_CREATE = `{
  "name": "John Doe",
  "landline": "59190000",
  "email": "johndoe@example.com",
  "mobile_phone": "0404730855",
  "customer_type": "A",
  "company_details": "quntas airways limited",
  "lead_source": "direct_traffic",
  "address": "",
  "customer_industry": "finance",
  "follow_up_status": "proposal",
  "principal": "Jane Smith"
}`;
const SEED_SEARCH =
  "/customers/?customer_type=A&lead_source=direct_traffic&customer_industry=information_technology&follow_up_status=negotiation";
const seedUpdate = (id: string) => `{
  "id": "${id}",
  "name": "John Doe",
  "landline": "59190000",
  "email": "johndoe@example.com",
  "mobile_phone": "0404730855",
  "customer_type": "A",
  "company_details": "quntas airways limited",
  "lead_source": "direct_traffic",
  "address": "",
  "customer_industry": "finance",
  "follow_up_status": "proposal",
  "principal": "Jane Smith"
}`;
/** The three log items of the seed's detail example, each sent as seed §6 sends one. */
const SEED_LOG = [
  {
    title: "Initial Contact",
    time: "2023-06-15T09:30:00Z",
    principal: "Jane Smith",
    customer: "John Doe",
    content: "Called the customer to greet and introduce company products.",
    next_time: "2023-06-20T14:00:00Z",
  },
  {
    title: "Product Demo",
    time: "2023-06-20T14:00:00Z",
    principal: "Jane Smith",
    customer: "John Doe",
    content: "Scheduled an online product demonstration meeting to showcase product features and advantages to the customer.",
    next_time: "2023-06-25T11:00:00Z",
  },
  {
    title: "Quote Response",
    time: "2023-06-25T11:00:00Z",
    principal: "Jane Smith",
    customer: "John Doe",
    content: "Replied to the customer's quote request, providing detailed pricing and commercial terms.",
    next_time: " 2023-06-28T15:30:00Z",
  },
];
const seedFollowUp = (item: (typeof SEED_LOG)[number], customerId: string) => `{
    "title": ${JSON.stringify(item.title)},
    "time": ${JSON.stringify(item.time)},
    "principal": ${JSON.stringify(item.principal)},
    "customer": ${JSON.stringify(item.customer)},
    "content": ${JSON.stringify(item.content)},
    "next_time": ${JSON.stringify(item.next_time)},
    "customer_id": "${customerId}"
}`;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** A legacy client: `Authorization: Token <API key>`, as seed 004 says. */
const legacy = (t: TestContext, method: Method, path: string, payload?: unknown) =>
  request(t, method, `${LEGACY}${path}`, { authorization: `Token ${t.adminApiKey}`, payload });

const idFromLocation = (location: unknown) => {
  const match = /^\/api\/customer\/detail\/(\d+)\/$/.exec(String(location));
  if (!match) throw new Error(`unexpected Location: ${String(location)}`);
  return match[1]!;
};

describe("the legacy CRM API (seed 004), replayed as written", () => {
  const t = setupTestApp();

  it("§1 creates a customer: 201, no body, Location of its detail; it is a company, visible in v1", async () => {
    const response = await legacy(t, "POST", "/customers/", SEED_CREATE);

    expect(response.statusCode).toBe(201);
    expect(response.body).toBe("");
    const id = idFromLocation(response.headers.location);

    const v1 = json(await request(t, "GET", `${CUSTOMERS}${id}/`));
    expect(v1.data).toMatchObject({
      id: Number(id),
      name: "John Doe",
      type: "company",
      grade: "A",
      landline: "59190000",
      email: "johndoe@example.com",
      mobile_phone: "0404730855",
      company_details: "quntas airways limited",
      lead_source: "direct_traffic",
      address: "",
      customer_industry: "finance",
      follow_up_status: "proposal",
      principal: "Jane Smith",
      created_by: "admin",
    });
  });

  it("§2 searches: 200 with a JSON array and X-Total-Count, for the seed's query and with `all`", async () => {
    const seedQuery = await legacy(t, "GET", SEED_SEARCH);
    expect(seedQuery.statusCode).toBe(200);
    expect(json(seedQuery)).toEqual([]);
    expect(seedQuery.headers["x-total-count"]).toBe("0");

    const all = await legacy(t, "GET", "/customers/?customer_type=all&lead_source=all&customer_industry=all&follow_up_status=all");
    expect(all.statusCode).toBe(200);
    expect(Array.isArray(json(all))).toBe(true);
    expect(json(all).length).toBeGreaterThan(0);
    expect(all.headers["x-total-count"]).toBe(String(json(all).length));
  });

  it("§3 and §6: writes the seed's three log entries (one time with a leading space) and answers the seed's detail", async () => {
    const id = idFromLocation((await legacy(t, "POST", "/customers/", SEED_CREATE)).headers.location);
    // Written newest first: the detail must still list them oldest first.
    for (const item of [...SEED_LOG].reverse()) {
      const response = await legacy(t, "POST", "/follow-up/", seedFollowUp(item, id));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.body).toBe("");
    }

    const detail = await legacy(t, "GET", `/detail/${id}/`);

    expect(detail.statusCode).toBe(200);
    expect(json(detail)).toEqual({
      id,
      name: "John Doe",
      landline: "59190000",
      email: "johndoe@example.com",
      mobile_phone: "0404730855",
      customer_type: "A",
      company_details: "quntas airways limited",
      lead_source: "direct_traffic",
      address: "",
      customer_industry: "finance",
      follow_up_status: "proposal",
      principal: "Jane Smith",
      follow_up_log: SEED_LOG.map((item) => ({ ...item, next_time: item.next_time.trim() })),
    });

    // The same entries through v1.
    const v1 = json(await request(t, "GET", `${CUSTOMERS}${id}/follow-ups/`));
    expect(v1.data.results.map((log: { title: string }) => log.title)).toEqual(SEED_LOG.map((item) => item.title));
  });

  it("§5 updates with the id in the body: 201, no body; only the given fields change", async () => {
    const [id] = await insertCustomers(t, [{ name: "old name", notes: "v1 only", grade: "D", business_license_number: "BL-LEGACY" }]);

    const response = await legacy(t, "PUT", "/customers/update/", seedUpdate(String(id)));

    expect(response.statusCode).toBe(201);
    expect(response.body).toBe("");
    const v1 = json(await request(t, "GET", `${CUSTOMERS}${id}/`)).data;
    expect(v1).toMatchObject({ name: "John Doe", grade: "A", notes: "v1 only", business_license_number: "BL-LEGACY", type: "company", updated_by: "admin" });
  });

  it("§4 deletes (the seed's path has no trailing slash): 200, no body; gone from both APIs", async () => {
    const id = idFromLocation((await legacy(t, "POST", "/customers/", SEED_CREATE)).headers.location);

    const response = await legacy(t, "DELETE", `/customers/${id}`);

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("");
    expect(await storedRow(t, Number(id))).toMatchObject({ deleted_at: expect.any(String) });
    expect(json(await legacy(t, "GET", `/detail/${id}/`))).toEqual(NOT_FOUND);
    expect(json(await request(t, "GET", `${CUSTOMERS}${id}/`))).toEqual(CUSTOMER_NOT_FOUND);
    const listed = json(await legacy(t, "GET", "/customers/?page_size=100")).map((customer: { id: string }) => customer.id);
    expect(listed).not.toContain(id);
    expect(json(await legacy(t, "DELETE", `/customers/${id}/`))).toEqual(NOT_FOUND);
  });
});

describe("the legacy API and v1 share customers", () => {
  const t = setupTestApp();

  it("shows a v1 customer in the legacy list and detail, under the legacy names", async () => {
    const created = json(
      await request(t, "POST", CUSTOMERS, { payload: { name: "v1 made", type: "government", grade: "B", lead_source: "referral" } }),
    ).data;

    const detail = json(await legacy(t, "GET", `/detail/${created.id}/`));
    expect(detail).toEqual({
      id: String(created.id),
      name: "v1 made",
      landline: null,
      email: null,
      mobile_phone: null,
      customer_type: "B",
      company_details: null,
      lead_source: "referral",
      address: null,
      customer_industry: null,
      follow_up_status: null,
      principal: null,
      follow_up_log: [],
    });
    const filtered = json(await legacy(t, "GET", "/customers/?customer_type=B&lead_source=referral"));
    expect(filtered).toEqual([expect.objectContaining({ id: String(created.id), name: "v1 made" })]);

    await request(t, "DELETE", `${CUSTOMERS}${created.id}/`);
    expect(json(await legacy(t, "GET", `/detail/${created.id}/`))).toEqual(NOT_FOUND);
    expect(json(await legacy(t, "GET", "/customers/?customer_type=B&lead_source=referral"))).toEqual([]);
  });

  it("lists newest first, page by page, with the total in X-Total-Count", async () => {
    const ids = await insertCustomers(t, [
      { name: "oldest", follow_up_status: "won", created_at: new Date("2024-01-01T00:00:00Z") },
      { name: "middle", follow_up_status: "won", created_at: new Date("2024-02-01T00:00:00Z") },
      { name: "newest", follow_up_status: "won", created_at: new Date("2024-03-01T00:00:00Z") },
    ]);

    const first = await legacy(t, "GET", "/customers/?follow_up_status=won&page_size=2");
    expect(json(first).map((customer: { name: string }) => customer.name)).toEqual(["newest", "middle"]);
    expect(first.headers["x-total-count"]).toBe("3");
    const second = await legacy(t, "GET", "/customers/?follow_up_status=won&page_size=2&page=2");
    expect(json(second)).toEqual([expect.objectContaining({ id: String(ids[0]), name: "oldest" })]);

    const past = await legacy(t, "GET", "/customers/?follow_up_status=won&page_size=2&page=3");
    expect(past.statusCode).toBe(404);
    expect(json(past)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });
});

describe("the legacy API refuses bad input with the error envelope", () => {
  const t = setupTestApp();

  it("keys field errors by the legacy names", async () => {
    const response = await legacy(t, "POST", "/customers/", { customer_type: "Z", email: "not an email", lead_source: "tv" });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      invalidWith({
        name: ["此字段为必填项"],
        customer_type: ["“Z” 不是合法选项。"],
        email: ["请输入合法的邮件地址。"],
        lead_source: ["“tv” 不是合法选项。"],
      }),
    );
  });

  it("refuses an unknown value of each search parameter", async () => {
    for (const parameter of ["customer_type", "lead_source", "customer_industry", "follow_up_status"]) {
      const response = await legacy(t, "GET", `/customers/?${parameter}=nonsense`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ [parameter]: ["“nonsense” 不是合法选项。"] }));
    }
    const page = await legacy(t, "GET", "/customers/?page=0");
    expect(json(page)).toMatchObject({ code: 4000, errors: { page: [expect.any(String)] } });
  });

  it("needs an existing customer_id for a follow-up, and well-formed times", async () => {
    const entry = { title: "t", time: "2023-06-15T09:30:00Z" };
    const missing = await legacy(t, "POST", "/follow-up/", entry);
    expect(missing.statusCode).toBe(400);
    expect(json(missing)).toEqual(invalidWith({ customer_id: ["此字段为必填项"] }));

    const [gone] = await insertCustomers(t, [{ name: "gone", deleted_at: new Date() }]);
    for (const customerId of ["23413", gone]) {
      const unknown = await legacy(t, "POST", "/follow-up/", { ...entry, customer_id: customerId });
      expect(unknown.statusCode).toBe(400);
      expect(json(unknown)).toEqual(invalidWith({ customer_id: ["客户不存在"] }));
    }

    const [id] = await insertCustomers(t, [{ name: "live" }]);
    const badTime = await legacy(t, "POST", "/follow-up/", { customer_id: id, title: "t", time: "15/06/2023", next_time: "soon" });
    expect(json(badTime)).toEqual(
      invalidWith({ time: ["日期时间格式错误。请使用 ISO 8601 格式。"], next_time: ["日期时间格式错误。请使用 ISO 8601 格式。"] }),
    );
    const notAnId = await legacy(t, "POST", "/follow-up/", { ...entry, customer_id: true });
    expect(notAnId.statusCode).toBe(400);
    expect(Object.keys(json(notAnId).errors)).toEqual(["customer_id"]);
  });

  it("is 404 客户不存在 for unknown ids, 400 for ids that are not integers", async () => {
    expect(json(await legacy(t, "GET", "/detail/999999/"))).toEqual(NOT_FOUND);
    expect(json(await legacy(t, "DELETE", "/customers/999999/"))).toEqual(NOT_FOUND);
    const update = await legacy(t, "PUT", "/customers/update/", { id: "999999", name: "x" });
    expect(update.statusCode).toBe(404);
    expect(json(update)).toEqual(NOT_FOUND);

    const badId = await legacy(t, "GET", "/detail/abc/");
    expect(badId.statusCode).toBe(400);
    expect(json(badId)).toMatchObject({ success: false, code: 4000, errors: { id: [expect.any(String)] } });
    const noId = await legacy(t, "PUT", "/customers/update/", { name: "x" });
    expect(json(noId)).toEqual(invalidWith({ id: ["此字段为必填项"] }));
  });

  it("answers malformed JSON, a non-object body and a wrong method with the envelope, never a 500", async () => {
    const malformed = await legacy(t, "POST", "/customers/", '{ "name": "John Doe" "landline": "1" }');
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed)).toMatchObject({ success: false, code: 4000, message: "请求参数错误" });

    const array = await legacy(t, "POST", "/follow-up/", "[]");
    expect(array.statusCode).toBe(400);
    expect(json(array)).toMatchObject({ success: false, code: 4000 });

    const wrongMethod = await legacy(t, "PATCH", "/customers/update/", {});
    expect(wrongMethod.statusCode).toBe(405);
    expect(json(wrongMethod)).toMatchObject({ success: false, code: 4050 });
  });

  it("needs credentials (Token or Bearer) of an admin", async () => {
    const anonymous = await request(t, "GET", `${LEGACY}/customers/`, { token: null });
    expect(anonymous.statusCode).toBe(401);
    expect(json(anonymous)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });
    const tenantAdmin = await request(t, "GET", `${LEGACY}/customers/`, { token: t.tenantAdminToken });
    expect(tenantAdmin.statusCode).toBe(403);
    expect(json(tenantAdmin)).toEqual({ success: false, code: 4030, message: "权限不足" });
    const bearer = await request(t, "GET", `${LEGACY}/customers/`);
    expect(bearer.statusCode).toBe(200);
  });
});
