import { describe, expect, it } from "vitest";

import { json, request, setupTestApp } from "./helpers";

describe("smoke", () => {
  const t = setupTestApp();

  it("creates and reads a customer", async () => {
    const created = await request(t, "POST", "/api/v1/customers/", { payload: { name: "上海普全公司", type: "company" } });
    expect(created.statusCode).toBe(201);
    const id = json(created).data.id;
    const got = await request(t, "GET", `/api/v1/customers/${id}/`);
    expect(got.statusCode).toBe(200);
    expect(json(got)).toMatchObject({ success: true, code: 2000, message: "操作成功", data: { id, name: "上海普全公司" } });
    const list = await request(t, "GET", "/api/v1/customers/?page_size=5");
    console.log(list.body);
    const bad = await request(t, "POST", "/api/v1/customers/", { payload: { type: "bogus", email: "x" } });
    console.log(bad.statusCode, bad.body);
    const stats = await request(t, "GET", "/api/v1/customers/statistics/");
    console.log(stats.statusCode, stats.body);
    const del = await request(t, "DELETE", `/api/v1/customers/${id}/`);
    console.log(del.statusCode, JSON.stringify(del.body), del.headers);
  });
});
