import { describe, expect, it } from "vitest";

import {
  CUSTOMERS,
  ENVELOPE_OK,
  countAllRows,
  insertCustomers,
  invalidWith,
  storedRow,
} from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

const FULL_CUSTOMER = {
  name: "上海普全公司",
  type: "company",
  value_level: "vip",
  status: "potential",
  business_license_number: "91110000123456789X",
  tax_identification_number: "91110000123456789T",
  registered_capital: "1000万元",
  legal_representative: "张三",
  registered_address: "上海市浦东新区张江高科技园区",
  business_address: "上海市浦东新区张江高科技园区",
  business_scope: "软件开发、技术咨询、技术服务",
  industry_type: "信息技术",
  company_size: "medium",
  establishment_date: "2010-01-01",
  website: "http://www.example.com",
  primary_contact_name: "张三",
  primary_contact_phone: "13800138000",
  primary_contact_email: "zhangsan@example.com",
  bank_name: "中国银行",
  bank_account: "6222020000123456789",
  credit_rating: "A",
  payment_terms: "月结30天",
  special_requirements: "需要定期技术支持",
  notes: "重要客户",
  source: "展会",
  landline: "021-12345678",
  mobile_phone: "13900139000",
  email: "contact@example.com",
  grade: "B",
  company_details: "details",
  lead_source: "referral",
  address: "上海",
  customer_industry: "information_technology",
  follow_up_status: "proposal",
  principal: "李四",
} as const;

describe("POST /api/v1/customers/", () => {
  const t = setupTestApp();

  const create = (payload: unknown) => request(t, "POST", CUSTOMERS, { payload });

  it("creates a customer with the defaults, answering 201 with it", async () => {
    const response = await create({ name: "北京科技有限公司", type: "company" });

    expect(response.statusCode).toBe(201);
    const body = json(response);
    expect(body).toMatchObject(ENVELOPE_OK);
    expect(body.data).toMatchObject({
      name: "北京科技有限公司",
      type: "company",
      value_level: "normal",
      status: "active",
      business_license_number: null,
      company_size: null,
      grade: null,
      created_by: "admin",
      updated_by: "admin",
    });
    expect(typeof body.data.id).toBe("number");
    expect(new Date(body.data.created_at).toISOString()).toBe(body.data.created_at);

    const got = json(await request(t, "GET", `${CUSTOMERS}${body.data.id}/`));
    expect(got.data).toEqual(body.data);
  });

  it("stores and returns every writable field", async () => {
    const response = await create(FULL_CUSTOMER);

    expect(response.statusCode).toBe(201);
    expect(json(response).data).toMatchObject({ ...FULL_CUSTOMER, created_by: "admin", updated_by: "admin" });
  });

  it("trims text and turns an empty email, URL or date into null", async () => {
    const response = await create({
      name: "  spaced  ",
      type: "individual",
      notes: "  note ",
      email: "",
      website: "",
      establishment_date: "",
      company_size: null,
    });

    expect(response.statusCode).toBe(201);
    expect(json(response).data).toMatchObject({
      name: "spaced",
      notes: "note",
      email: null,
      website: null,
      establishment_date: null,
      company_size: null,
    });
  });

  it("ignores unknown and read-only fields and stores none of them", async () => {
    const [existing] = await insertCustomers(t, [{ name: "holder of id" }]);
    const response = await create({
      name: "read-only test",
      type: "company",
      id: existing,
      created_at: "2000-01-01T00:00:00Z",
      updated_at: "2000-01-01T00:00:00Z",
      created_by: "mallory",
      updated_by: "mallory",
      deleted_at: "2000-01-01T00:00:00Z",
      favourite_colour: "blue",
    });

    expect(response.statusCode).toBe(201);
    const { data } = json(response);
    expect(data.id).not.toBe(existing);
    expect(data.created_by).toBe("admin");
    expect(data.updated_by).toBe("admin");
    expect(data).not.toHaveProperty("favourite_colour");
    expect(new Date(data.created_at).getUTCFullYear()).toBeGreaterThan(2000);

    const row = await storedRow(t, data.id);
    expect(row).toMatchObject({ name: "read-only test", created_by: "admin", updated_by: "admin", deleted_at: null });
    expect(new Date(String(row!.created_at)).getUTCFullYear()).toBeGreaterThan(2000);
    expect(row).not.toHaveProperty("favourite_colour");
    expect(await storedRow(t, existing!)).toMatchObject({ name: "holder of id" });
  });

  describe("refuses invalid input with 400 and stores nothing", () => {
    const cases: [string, unknown, Record<string, string[]>][] = [
      ["an empty object", {}, { name: ["此字段为必填项"], type: ["此字段为必填项"] }],
      ["a missing name", { type: "company" }, { name: ["此字段为必填项"] }],
      ["a missing type", { name: "x" }, { type: ["此字段为必填项"] }],
      ["an empty name", { name: "", type: "company" }, { name: ["该字段不能为空。"] }],
      ["a blank name", { name: "   ", type: "company" }, { name: ["该字段不能为空。"] }],
      ["a null name", { name: null, type: "company" }, { name: ["该字段不能为 null。"] }],
      ["a name that is a number", { name: 42, type: "company" }, { name: ["请填写合法的字符串。"] }],
      ["a name over 200 characters", { name: "名".repeat(201), type: "company" }, { name: ["请确保这个字段不超过 200 个字符。"] }],
      ["an unknown type", { name: "x", type: "alien" }, { type: ["“alien” 不是合法选项。"] }],
      ["a null type", { name: "x", type: null }, { type: ["该字段不能为 null。"] }],
      ["an unknown value_level", { name: "x", type: "company", value_level: "gold" }, { value_level: ["“gold” 不是合法选项。"] }],
      ["a null value_level", { name: "x", type: "company", value_level: null }, { value_level: ["该字段不能为 null。"] }],
      ["an unknown status", { name: "x", type: "company", status: "dead" }, { status: ["“dead” 不是合法选项。"] }],
      ["an unknown company_size", { name: "x", type: "company", company_size: "huge" }, { company_size: ["“huge” 不是合法选项。"] }],
      ["an unknown grade", { name: "x", type: "company", grade: "E" }, { grade: ["“E” 不是合法选项。"] }],
      ["a lowercase grade", { name: "x", type: "company", grade: "a" }, { grade: ["“a” 不是合法选项。"] }],
      ["an unknown lead_source", { name: "x", type: "company", lead_source: "tv" }, { lead_source: ["“tv” 不是合法选项。"] }],
      [
        "an unknown customer_industry",
        { name: "x", type: "company", customer_industry: "mining" },
        { customer_industry: ["“mining” 不是合法选项。"] },
      ],
      [
        "an unknown follow_up_status",
        { name: "x", type: "company", follow_up_status: "done" },
        { follow_up_status: ["“done” 不是合法选项。"] },
      ],
      ["a bad email", { name: "x", type: "company", email: "not-an-email" }, { email: ["请输入合法的邮件地址。"] }],
      [
        "a bad primary contact email",
        { name: "x", type: "company", primary_contact_email: "a@" },
        { primary_contact_email: ["请输入合法的邮件地址。"] },
      ],
      ["a website without scheme", { name: "x", type: "company", website: "www.example.com" }, { website: ["请输入合法的URL。"] }],
      ["a website of another scheme", { name: "x", type: "company", website: "ftp://example.com" }, { website: ["请输入合法的URL。"] }],
      [
        "an establishment_date in another format",
        { name: "x", type: "company", establishment_date: "01/02/2010" },
        { establishment_date: ["日期格式错误。请使用这种格式：YYYY-MM-DD。"] },
      ],
      [
        "an establishment_date that does not exist",
        { name: "x", type: "company", establishment_date: "2021-02-30" },
        { establishment_date: ["日期格式错误。请使用这种格式：YYYY-MM-DD。"] },
      ],
      [
        "an establishment_date in year 0",
        { name: "x", type: "company", establishment_date: "0000-01-01" },
        { establishment_date: ["日期格式错误。请使用这种格式：YYYY-MM-DD。"] },
      ],
      [
        "text over its column's length",
        { name: "x", type: "company", bank_account: "1".repeat(51) },
        { bank_account: ["请确保这个字段不超过 50 个字符。"] },
      ],
      ["a NUL character", { name: "a\u0000b", type: "company" }, { name: ["不允许包含空字符。"] }],
      [
        "several bad fields at once",
        { type: "alien", email: "x", status: "dead" },
        { name: ["此字段为必填项"], type: ["“alien” 不是合法选项。"], status: ["“dead” 不是合法选项。"], email: ["请输入合法的邮件地址。"] },
      ],
    ];

    it.each(cases)("%s", async (_label, payload, errors) => {
      const before = await countAllRows(t);
      const response = await create(payload);

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith(errors));
      expect(await countAllRows(t)).toBe(before);
    });
  });

  it("answers malformed JSON with the 400 envelope and no stack", async () => {
    const before = await countAllRows(t);
    const response = await create('{"name": "x", "type": ');

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidWith({ non_field_errors: ["JSON 格式错误"] }));
    expect(response.body).not.toMatch(/at .*\.(ts|js)|stack|SyntaxError/);
    expect(await countAllRows(t)).toBe(before);
  });

  it.each([
    ["an array", '[{"name": "x", "type": "company"}]', "array"],
    ["a string", '"name"', "string"],
    ["a number", "42", "number"],
    ["null", "null", "null"],
  ])("refuses %s as the body", async (_label, payload, type) => {
    const before = await countAllRows(t);
    const response = await create(payload);

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidWith({ non_field_errors: [`无效数据。期待为字典类型，得到的是 ${type}。`] }));
    expect(await countAllRows(t)).toBe(before);
  });

  describe("business_license_number", () => {
    it("is unique among live customers: a clash is 400 on that field", async () => {
      const first = await create({ name: "licence holder", type: "company", business_license_number: "LIC-001" });
      expect(first.statusCode).toBe(201);
      const before = await countAllRows(t);

      const clash = await create({ name: "second", type: "company", business_license_number: "LIC-001" });

      expect(clash.statusCode).toBe(400);
      expect(json(clash)).toEqual(invalidWith({ business_license_number: ["具有该营业执照号码的客户已存在。"] }));
      expect(await countAllRows(t)).toBe(before);
    });

    it("may be shared by any number of customers without one", async () => {
      for (const license of [null, "", undefined]) {
        const response = await create({ name: "no licence", type: "company", business_license_number: license });
        expect(response.statusCode).toBe(201);
      }
    });

    it("is free again once its holder is soft-deleted, and blocks the holder's restore", async () => {
      const holder = json(await create({ name: "old holder", type: "company", business_license_number: "LIC-002" })).data;
      expect((await request(t, "DELETE", `${CUSTOMERS}${holder.id}/`)).statusCode).toBe(204);

      const reuse = await create({ name: "new holder", type: "company", business_license_number: "LIC-002" });
      expect(reuse.statusCode).toBe(201);

      const restore = await request(t, "POST", `${CUSTOMERS}${holder.id}/restore/`);
      expect(restore.statusCode).toBe(400);
      expect(json(restore)).toEqual(invalidWith({ business_license_number: ["具有该营业执照号码的客户已存在。"] }));
      expect((await request(t, "GET", `${CUSTOMERS}${holder.id}/`)).statusCode).toBe(404);
    });

    it("clashes on PATCH and PUT too, but not with the customer's own number", async () => {
      const [a, b] = await insertCustomers(t, [
        { name: "a", business_license_number: "LIC-A" },
        { name: "b", business_license_number: "LIC-B" },
      ]);
      const own = await request(t, "PATCH", `${CUSTOMERS}${a}/`, { payload: { business_license_number: "LIC-A" } });
      expect(own.statusCode).toBe(200);

      const patch = await request(t, "PATCH", `${CUSTOMERS}${a}/`, { payload: { business_license_number: "LIC-B" } });
      expect(patch.statusCode).toBe(400);
      expect(json(patch)).toEqual(invalidWith({ business_license_number: ["具有该营业执照号码的客户已存在。"] }));

      const put = await request(t, "PUT", `${CUSTOMERS}${b}/`, {
        payload: { name: "b", type: "company", business_license_number: "LIC-A" },
      });
      expect(put.statusCode).toBe(400);
      expect(await storedRow(t, b!)).toMatchObject({ business_license_number: "LIC-B" });
    });
  });
});
