import { describe, expect, it } from "vitest";

import { CUSTOMERS, ENVELOPE_OK, insertCustomers, invalidWith } from "./customers-fixtures";
import { caller, refusal } from "./caller";
import { json, request, setupTestApp } from "./helpers";

const followUps = (customerId: number | string) => `${CUSTOMERS}${customerId}/follow-ups/`;
const NOT_FOUND = { success: false, code: 4004, message: "资源不存在" };

describe("GET|POST /api/v1/customers/{id}/follow-ups/", () => {
  const t = setupTestApp();
  const write = (customerId: number | string, payload: unknown) => request(t, "POST", followUps(customerId), { payload });

  it("writes an entry, answering 201 with it; the customer and author come from the server", async () => {
    const [id] = await insertCustomers(t, [{ name: "John Doe" }]);

    const response = await write(id!, {
      title: "Quote Response",
      time: "2023-06-25T11:00:00Z",
      principal: "Jane Smith",
      customer: "Someone Else",
      content: "Replied to the customer's quote request.",
      next_time: " 2023-06-28T15:30:00Z",
      created_by: "mallory",
      id: 12345,
    });

    expect(response.statusCode).toBe(201);
    expect(json(response)).toEqual({
      ...ENVELOPE_OK,
      data: {
        id: expect.any(Number),
        customer: { id, name: "John Doe" },
        title: "Quote Response",
        time: "2023-06-25T11:00:00.000Z",
        principal: "Jane Smith",
        content: "Replied to the customer's quote request.",
        next_time: "2023-06-28T15:30:00.000Z",
        created_by: "admin",
        created_at: expect.any(String),
      },
    });
  });

  it("reads offsets, and a time without one as UTC; an empty next_time is none", async () => {
    const [id] = await insertCustomers(t, [{ name: "offsets" }]);
    const response = await write(id!, { title: "t", time: "2023-06-25T19:00:00+08:00", next_time: "" });
    expect(json(response).data).toMatchObject({ time: "2023-06-25T11:00:00.000Z", next_time: null, principal: null, content: null });
    const local = await write(id!, { title: "t", time: "2023-06-25T11:00:00" });
    expect(json(local).data.time).toBe("2023-06-25T11:00:00.000Z");
  });

  it("lists a customer's entries oldest first by time, paginated like every list", async () => {
    const [id, other] = await insertCustomers(t, [{ name: "listed" }, { name: "other" }]);
    for (const time of ["2023-06-20T14:00:00Z", "2023-06-15T09:30:00Z", "2023-06-25T11:00:00Z"]) {
      expect((await write(id!, { title: time, time })).statusCode).toBe(201);
    }
    await write(other!, { title: "not mine", time: "2020-01-01T00:00:00Z" });

    const first = await request(t, "GET", `${followUps(id!)}?page_size=2`);
    expect(first.statusCode).toBe(200);
    const body = json(first);
    expect(body.data.results.map((log: { title: string }) => log.title)).toEqual(["2023-06-15T09:30:00Z", "2023-06-20T14:00:00Z"]);
    expect(body.data.pagination).toEqual({
      count: 3,
      next: `http://localhost${followUps(id!)}?page_size=2&page=2`,
      previous: null,
      page_size: 2,
      current_page: 1,
      total_pages: 2,
      count_exact: true,
    });
    const second = json(await request(t, "GET", `${followUps(id!)}?page_size=2&page=2`));
    expect(second.data.results.map((log: { title: string }) => log.title)).toEqual(["2023-06-25T11:00:00Z"]);

    const past = await request(t, "GET", `${followUps(id!)}?page=3&page_size=2`);
    expect(past.statusCode).toBe(404);
    expect(json(past)).toEqual({ success: false, code: 4004, message: "页码无效" });
  });

  it("is an empty page 1 of 1 for a customer with no entries", async () => {
    const [id] = await insertCustomers(t, [{ name: "quiet" }]);
    const body = json(await request(t, "GET", followUps(id!)));
    expect(body.data).toEqual({
      pagination: { count: 0, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true },
      results: [],
    });
  });

  it("is 404 客户不存在 for an unknown or deleted customer", async () => {
    const [gone] = await insertCustomers(t, [{ name: "gone", deleted_at: new Date() }]);
    for (const id of [999_999, gone!]) {
      const read = await request(t, "GET", followUps(id));
      expect(read.statusCode).toBe(404);
      expect(json(read)).toEqual(NOT_FOUND);
      const written = await write(id, { title: "x", time: "2023-06-15T09:30:00Z" });
      expect(written.statusCode).toBe(404);
      expect(json(written)).toEqual(NOT_FOUND);
    }
  });

  it("refuses missing and malformed fields with a 400 per field", async () => {
    const [id] = await insertCustomers(t, [{ name: "strict" }]);
    const missing = await write(id!, {});
    expect(missing.statusCode).toBe(400);
    expect(json(missing)).toEqual(invalidWith({ title: ["此字段为必填项"], time: ["此字段为必填项"] }));

    const malformed = await write(id!, { title: "   ", time: "yesterday", next_time: "2023-13-01T00:00:00Z" });
    expect(json(malformed)).toEqual(
      invalidWith({
        title: ["该字段不能为空。"],
        time: ["日期时间格式错误。请使用 ISO 8601 格式。"],
        next_time: ["日期时间格式错误。请使用 ISO 8601 格式。"],
      }),
    );

    const outOfRange = await write(id!, { title: "x", time: "0000-01-01T00:00:00Z" });
    expect(json(outOfRange)).toEqual(invalidWith({ time: ["日期时间格式错误。请使用 ISO 8601 格式。"] }));

    const badId = await request(t, "GET", followUps("abc"));
    expect(badId.statusCode).toBe(400);
    expect(json(badId)).toMatchObject({ success: false, code: 4000, errors: { id: ["请填写合法的数字。"] } });
  });

  it("through the router's caller: writes and lists entries with the customer nested, times as ISO strings", async () => {
    const [id] = await insertCustomers(t, [{ name: "via caller" }]);
    const api = caller(t);
    const later = await api.followUps.create({ id: id!, title: "later", time: "2023-06-25T19:00:00+08:00", next_time: "" });
    expect(later).toStrictEqual({
      id: expect.any(Number),
      customer: { id, name: "via caller" },
      title: "later",
      time: "2023-06-25T11:00:00.000Z",
      principal: null,
      content: null,
      next_time: null,
      created_by: "admin",
      created_at: expect.any(String),
    });
    await api.followUps.create({ id: id!, title: "earlier", time: "2023-06-20T00:00:00Z" });

    const page = await api.followUps.list({ id: id!, page: 1, page_size: 10 });
    expect(page.results.map((entry) => entry.title)).toEqual(["earlier", "later"]);
    expect(page.results[1]).toStrictEqual(later);
    expect(page.pagination).toMatchObject({ count: 2, current_page: 1, total_pages: 1 });
    expect(await refusal(api.followUps.list({ id: 2_000_000_000, page: 1, page_size: 10 }))).toEqual({ status: 404, ...NOT_FOUND });
  });
});
