import { describe, expect, it } from "vitest";

import { CUSTOMERS, insertCustomers, storedRow } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

describe("customer endpoints: credentials, language, and odd input", () => {
  const t = setupTestApp();

  /** Every v1 customer operation, with a request that would succeed for the admin, on customer `id`. */
  async function operations(): Promise<{ id: number; ops: [string, Method, string, unknown][] }> {
    const [id] = await insertCustomers(t, [{ name: "guarded" }]);
    const ops: [string, Method, string, unknown][] = [
      ["list", "GET", CUSTOMERS, undefined],
      ["create", "POST", CUSTOMERS, { name: "intruder", type: "company" }],
      ["search", "GET", `${CUSTOMERS}search/?q=guarded`, undefined],
      ["statistics", "GET", `${CUSTOMERS}statistics/`, undefined],
      ["get", "GET", `${CUSTOMERS}${id}/`, undefined],
      ["put", "PUT", `${CUSTOMERS}${id}/`, { name: "intruder", type: "company" }],
      ["patch", "PATCH", `${CUSTOMERS}${id}/`, { name: "intruder" }],
      ["delete", "DELETE", `${CUSTOMERS}${id}/`, undefined],
      ["restore", "POST", `${CUSTOMERS}${id}/restore/`, undefined],
    ];
    return { id: id!, ops };
  }

  describe("authentication and role", () => {
    it("answers 401 without credentials or with bad ones, changing nothing", async () => {
      const denied = [
        { token: null },
        { authorization: "Bearer not-a-jwt" },
        { authorization: "Token not-a-key" },
        { authorization: `Basic ${Buffer.from("admin:x").toString("base64")}` },
      ];
      const { id, ops } = await operations();
      for (const [name, method, url, payload] of ops) {
        for (const credentials of denied) {
          const response = await request(t, method, url, { payload, ...credentials });
          expect(response.statusCode, `${name} ${JSON.stringify(credentials)}`).toBe(401);
          expect(json(response)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });
        }
      }
      expect(json(await request(t, "GET", `${CUSTOMERS}search/?q=intruder`)).data.pagination.count).toBe(0);
      expect(await storedRow(t, id)).toMatchObject({ name: "guarded", deleted_at: null });
    });

    it("answers 403 to a tenant admin, changing nothing", async () => {
      const { id, ops } = await operations();
      for (const [name, method, url, payload] of ops) {
        const response = await request(t, method, url, { payload, token: t.tenantAdminToken });
        expect(response.statusCode, name).toBe(403);
        expect(json(response)).toEqual({ success: false, code: 4030, message: "权限不足" });
      }
      expect(json(await request(t, "GET", `${CUSTOMERS}search/?q=intruder`)).data.pagination.count).toBe(0);
      expect(await storedRow(t, id)).toMatchObject({ name: "guarded", deleted_at: null });
    });

    it("checks credentials before input: 401 and 403 even for an invalid request", async () => {
      const anonymous = await request(t, "GET", `${CUSTOMERS}abc/`, { token: null });
      expect(anonymous.statusCode).toBe(401);
      const tenant = await request(t, "POST", CUSTOMERS, { payload: {}, token: t.tenantAdminToken });
      expect(tenant.statusCode).toBe(403);
    });

    it("accepts `Authorization: Token <api key>` on every operation", async () => {
      const expected: Record<string, number> = { create: 201, delete: 204 };
      const { ops } = await operations();
      for (const [name, method, url, payload] of ops) {
        const response = await request(t, method, url, { payload, authorization: `Token ${t.adminApiKey}` });
        expect(response.statusCode, `${name}: ${response.body}`).toBe(expected[name] ?? 200);
      }
      const created = await request(t, "POST", CUSTOMERS, {
        payload: { name: "by key", type: "company" },
        authorization: `Token ${t.adminApiKey}`,
      });
      expect(json(created).data).toMatchObject({ created_by: "admin", updated_by: "admin" });
    });
  });

  describe("Accept-Language: en", () => {
    const en = { headers: { "accept-language": "en-US,en;q=0.9,zh;q=0.5" } };

    it("gives English messages on a 400", async () => {
      const response = await request(t, "POST", CUSTOMERS, { ...en, payload: { type: "alien", email: "x", name: "  " } });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({
        success: false,
        code: 4000,
        message: "Invalid request parameters",
        errors: {
          name: ["This field may not be blank."],
          type: ['"alien" is not a valid choice.'],
          email: ["Enter a valid email address."],
        },
      });
      const missing = await request(t, "POST", CUSTOMERS, { ...en, payload: {} });
      expect(json(missing).errors).toEqual({ name: ["This field is required."], type: ["This field is required."] });
      const ordering = await request(t, "GET", `${CUSTOMERS}?ordering=colour`, en);
      expect(json(ordering).errors).toEqual({ ordering: ["Invalid ordering field: colour"] });
    });

    it("gives English messages on a 404", async () => {
      const customer = await request(t, "GET", `${CUSTOMERS}2000000000/`, en);
      expect(customer.statusCode).toBe(404);
      expect(json(customer)).toEqual({ success: false, code: 4004, message: "Resource not found" });

      const page = await request(t, "GET", `${CUSTOMERS}?page=999`, en);
      expect(page.statusCode).toBe(404);
      expect(json(page)).toEqual({ success: false, code: 4004, message: "Invalid page" });
    });

    it("gives English on 401 and success, and Chinese for any other language", async () => {
      const anonymous = await request(t, "GET", CUSTOMERS, { ...en, token: null });
      expect(json(anonymous).message).toBe("Authentication failed or not provided");
      expect(json(await request(t, "GET", `${CUSTOMERS}statistics/`, en)).message).toBe("Success");
      const french = await request(t, "GET", `${CUSTOMERS}2000000000/`, { headers: { "accept-language": "fr-FR" } });
      expect(json(french).message).toBe("资源不存在");
    });
  });

  describe("odd input never gets a 500", () => {
    const ODD_VALUES: unknown[] = [
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 64,
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "😀 emoji",
      "\ud800",
      "\u202eright-to-left",
      "line\nbreak\ttab",
      "x".repeat(10_000),
      "'; drop table customer; --",
      "<script>alert(1)</script>",
      "%",
      "_",
      "\\",
      "NaN",
      "Infinity",
      "null",
      "0000-01-01",
      "9999-12-31",
      "2021-02-30",
      [],
      ["company"],
      {},
      { $gt: "" },
      { a: { b: { c: [1, { d: null }] } } },
    ];
    // Each odd value goes alone into one field of each kind, so it gets past the other fields'
    // validation and as far towards the database as it can.
    const TEXT_FIELDS = ["name", "notes", "business_license_number", "industry_type", "primary_contact_phone", "principal"];
    const TYPED_FIELDS = ["type", "status", "email", "website", "establishment_date", "grade", "company_size"];

    /** Asserts a non-5xx answer in the envelope, reporting which input failed. */
    async function expectHandled(method: Method, url: string, payload?: unknown) {
      const response = await request(t, method, url, { payload });
      const label = `${method} ${url.slice(0, 120)} ${JSON.stringify(payload)?.slice(0, 120)}`;
      expect(response.statusCode, label).toBeLessThan(500);
      if (response.statusCode !== 204) expect(typeof json(response).success, label).toBe("boolean");
      return response;
    }

    it("on create and patch bodies", async () => {
      const [id] = await insertCustomers(t, [{ name: "fuzz target" }]);
      for (const [index, value] of ODD_VALUES.entries()) {
        const textField = TEXT_FIELDS[index % TEXT_FIELDS.length]!;
        const typedField = TYPED_FIELDS[index % TYPED_FIELDS.length]!;
        await expectHandled("POST", CUSTOMERS, { name: "fuzz", type: "company", [textField]: value });
        await expectHandled("PATCH", `${CUSTOMERS}${id}/`, { [textField]: value });
        await expectHandled("PATCH", `${CUSTOMERS}${id}/`, { [typedField]: value });
      }
      for (const raw of [
        "[]",
        "{}",
        "[[[[[[[[[[]]]]]]]]]]",
        `${"[".repeat(500)}${"]".repeat(500)}`,
        `{"name": "dup", "name": "licate", "type": "company"}`,
        `{"__proto__": {"type": "company"}, "name": "proto"}`,
        `{"constructor": {"prototype": {"polluted": true}}, "name": "c", "type": "company"}`,
        `{"name": "\\ud83d", "type": "company"}`,
        `{"name": 1e999, "type": "company"}`,
      ]) {
        await expectHandled("POST", CUSTOMERS, raw);
        await expectHandled("PUT", `${CUSTOMERS}${id}/`, raw);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await storedRow(t, id!)).toMatchObject({ deleted_at: null });
    });

    it("on list and search queries and path ids", async () => {
      const queries = [
        "page=1e2",
        "page=0x10",
        "page=Infinity",
        "page=NaN",
        "page=%20",
        "page=9007199254740991",
        "page_size=1e400",
        "page_size=-0",
        "ordering=-",
        "ordering=--name",
        "ordering=,,",
        "ordering=name%00",
        "ordering=name;drop%20table",
        "type[]=company",
        "type[0]=company",
        "type=%00",
        "industry_type=%00",
        "source=a%00b",
        "status=ACTIVE",
        "industry_type=%25",
        "industry_type=" + "x".repeat(2000),
        "created_after=%00",
        "created_after=2021-01-01T00:00:00%2B99:00",
        "created_after=99999-01-01",
        "created_before=-001000-01-01T00:00:00Z",
        "created_after=2021-01-01&created_after=2022-01-01",
        "%F0%9F%98%80=%F0%9F%98%80",
        "%ZZ=%ZZ",
      ];
      for (const query of queries) {
        await expectHandled("GET", `${CUSTOMERS}?${query}`);
        await expectHandled("GET", `${CUSTOMERS}search/?q=x&${query}`);
      }
      for (const q of ["%00", "%25%25", "%5C", "%5C%25", "%27", "%F0%9F%98%80", "%E2%80%AE", "%1F", "a%1Fb", "x".repeat(199)]) {
        await expectHandled("GET", `${CUSTOMERS}search/?q=${q}`);
      }
      for (const id of ["1e3", "0x10", "%20", "1%00", "9".repeat(300), "-0", "NaN", "%F0%9F%98%80"]) {
        await expectHandled("GET", `${CUSTOMERS}${id}/`);
        await expectHandled("PATCH", `${CUSTOMERS}${id}/`, {});
        await expectHandled("POST", `${CUSTOMERS}${id}/restore/`);
      }
    });
  });
});
