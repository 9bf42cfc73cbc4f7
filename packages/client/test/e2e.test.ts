import { describe, expect, expectTypeOf, inject, it } from "vitest";

import { createClient, errorEnvelope, isClientError, type Customer, type CustomerListItem, type FollowUp } from "../src/index";

// The API of test/global-setup.ts, reached the way a consumer reaches it: over HTTP.
const url = inject("apiUrl");

/** The rejection of a call that must fail. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

describe("createClient against the real API", () => {
  const client = createClient({ url, token: inject("adminToken") });

  it("creates, lists and gets a customer, with the domain's types", async () => {
    const created = await client.customers.create.mutate({ name: "上海普全公司", type: "company", value_level: "vip" });
    expectTypeOf(created).toEqualTypeOf<Customer>();
    expect(created).toMatchObject({ id: expect.any(Number), name: "上海普全公司", type: "company", value_level: "vip", status: "active", created_by: "admin" });

    const page = await client.customers.list.query({ page_size: 100 });
    expectTypeOf(page.results).toEqualTypeOf<CustomerListItem[]>();
    expect(page.results.map((customer) => customer.id)).toContain(created.id);
    expect(page.pagination).toMatchObject({ current_page: 1, page_size: 100 });

    const got = await client.customers.get.query({ id: created.id });
    expect(got).toEqual(created);

    // fields=: only the named properties, with id, whichever order they are named in.
    const lean = await client.customers.list.query({ page_size: 100, fields: "value_level,name" });
    expect(lean.results.find((customer) => customer.id === created.id)).toEqual({ id: created.id, name: "上海普全公司", value_level: "vip" });
    expect(lean.results.every((customer) => Object.keys(customer).join() === "id,name,value_level")).toBe(true);
    const bad = await failure(client.customers.list.query({ fields: "name,secret" }));
    expect(errorEnvelope(bad)).toEqual({ success: false, code: 4000, message: "请求参数错误", errors: { fields: ["无效的字段：secret"] } });
  });

  it("bulk-creates customers and keeps their follow-up log, typed end to end", async () => {
    const bulk = await client.customers.bulkCreate.mutate({
      customers: [
        { name: "批量一", type: "company" },
        { name: "批量二", type: "individual", grade: "A" },
      ],
    });
    expectTypeOf(bulk.results).toEqualTypeOf<Customer[]>();
    expect(bulk.created).toBe(2);
    expect(bulk.results.map((customer) => customer.name)).toEqual(["批量一", "批量二"]);

    const customerId = bulk.results[0]!.id;
    const entry = await client.followUps.create.mutate({ id: customerId, title: "Initial Contact", time: " 2023-06-15T09:30:00Z" });
    expectTypeOf(entry).toEqualTypeOf<FollowUp>();
    expect(entry).toMatchObject({ customer: { id: customerId, name: "批量一" }, time: "2023-06-15T09:30:00.000Z", created_by: "admin" });
    const log = await client.followUps.list.query({ id: customerId });
    expect(log.results).toEqual([entry]);

    const empty = await failure(client.customers.bulkDelete.mutate({ ids: [] }));
    expect(errorEnvelope(empty)).toMatchObject({ code: 4000, errors: { ids: [expect.any(String)] } });
  });

  it("batches calls made together", async () => {
    const [statistics, search] = await Promise.all([
      client.customers.statistics.query(),
      client.customers.search.query({ q: "普全" }),
    ]);
    expect(statistics.total_count).toBeGreaterThanOrEqual(1);
    expect(search.results.every((customer) => customer.name?.includes("普全"))).toBe(true);
  });

  it("rejects bad input with the API's error envelope", async () => {
    const error = await failure(client.customers.create.mutate({ name: "   ", type: "company" }));
    expect(isClientError(error)).toBe(true);
    const envelope = errorEnvelope(error);
    expect(envelope).toMatchObject({ success: false, code: 4000, message: "请求参数错误" });
    expect(envelope?.errors?.name).toEqual([expect.any(String)]);
    expect(isClientError(error) && error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
  });

  it("gives 404 / 4004 for a customer that does not exist", async () => {
    const envelope = errorEnvelope(await failure(client.customers.get.query({ id: 999_999 })));
    expect(envelope).toMatchObject({ success: false, code: 4004 });
    const error = await failure(client.customers.get.query({ id: 999_998 }));
    expect(isClientError(error) && error.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
  });

  it("speaks English when asked to", async () => {
    const english = createClient({ url, token: inject("adminToken"), language: "en" });
    const envelope = errorEnvelope(await failure(english.customers.create.mutate({ name: "", type: "company" })));
    expect(envelope).toMatchObject({ code: 4000, message: "Invalid request parameters" });
  });
});

describe("authentication", () => {
  it("is 401 / 4010 without a token", async () => {
    const anonymous = createClient({ url });
    const error = await failure(anonymous.customers.list.query({}));
    expect(errorEnvelope(error)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });
    expect(isClientError(error) && error.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
  });

  it("is 401 / 4010 with a bad token", async () => {
    const forged = createClient({ url, token: "not-a-jwt" });
    expect(errorEnvelope(await failure(forged.customers.statistics.query()))).toMatchObject({ code: 4010 });
  });

  it("is 403 / 4030 for a tenant admin on the admin API", async () => {
    const tenantAdmin = createClient({ url, token: inject("tenantAdminToken") });
    expect(errorEnvelope(await failure(tenantAdmin.customers.statistics.query()))).toEqual({
      success: false,
      code: 4030,
      message: "权限不足",
    });
  });

  it("asks a token function before every request, so a refreshed token is used", async () => {
    let current: string | null = null;
    const client = createClient({ url, token: async () => current });
    expect(errorEnvelope(await failure(client.customers.statistics.query()))).toMatchObject({ code: 4010 });
    current = inject("adminToken");
    await expect(client.customers.statistics.query()).resolves.toMatchObject({ total_count: expect.any(Number) });
  });

  it("logs in through the client and uses the token it gets", async () => {
    const anonymous = createClient({ url });
    const wrong = await failure(anonymous.auth.token.mutate({ username: "admin", password: "wrong" }));
    expect(errorEnvelope(wrong)).toMatchObject({ code: 4010 });
    const pair = await anonymous.auth.token.mutate({ username: "admin", password: "correct horse battery staple" });
    expect(pair.token_type).toBe("Bearer");
    const refreshed = await anonymous.auth.refresh.mutate({ refresh: pair.refresh });
    const client = createClient({ url, token: refreshed.access });
    await expect(client.customers.statistics.query()).resolves.toBeDefined();
  });
});
