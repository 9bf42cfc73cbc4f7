import { describe, expect, it } from "vitest";

import {
  CUSTOMERS,
  CUSTOMER_NOT_FOUND,
  ENVELOPE_OK,
  idsOf,
  insertCustomers,
  invalidWith,
  storedRow,
} from "./customers-fixtures";
import { caller, refusal } from "./caller";
import { json, request, setupTestApp } from "./helpers";

describe("a single customer: GET, PUT, PATCH, DELETE, restore", () => {
  const t = setupTestApp();
  const url = (id: number | string) => `${CUSTOMERS}${id}/`;

  /** A soft-deleted customer, through the API. */
  async function deletedCustomer(): Promise<number> {
    const [id] = await insertCustomers(t, [{ name: "to be deleted", business_license_number: null }]);
    expect((await request(t, "DELETE", url(id!))).statusCode).toBe(204);
    return id!;
  }

  describe("GET", () => {
    it("answers 200 with the customer, with and without the trailing slash", async () => {
      const [id] = await insertCustomers(t, [{ name: "上海普全公司", type: "government", grade: "A" }]);
      for (const path of [url(id!), `${CUSTOMERS}${id}`]) {
        const response = await request(t, "GET", path);
        expect(response.statusCode).toBe(200);
        expect(json(response)).toMatchObject({
          ...ENVELOPE_OK,
          data: { id, name: "上海普全公司", type: "government", grade: "A", value_level: "normal", status: "active" },
        });
      }
    });

    it("answers 404 客户不存在 for an unknown id and for a soft-deleted one", async () => {
      for (const id of [2_000_000_000, await deletedCustomer()]) {
        const response = await request(t, "GET", url(id));
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(CUSTOMER_NOT_FOUND);
      }
    });

    it.each([
      ["abc", "请填写合法的数字。"],
      ["1.5", "请填写合法的整数值。"],
      ["0", "请确保该值大于或者等于 1。"],
      ["-3", "请确保该值大于或者等于 1。"],
    ])("answers 400 on errors.id for the id %s", async (id, message) => {
      const response = await request(t, "GET", url(id));
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ id: [message] }));
    });

    it.each(["2147483648", "99999999999999999999999"])("answers 404 for the id %s, beyond int4: it names nothing", async (id) => {
      const response = await request(t, "GET", url(id));
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(CUSTOMER_NOT_FOUND);
    });
  });

  describe("PUT", () => {
    it("requires name and type", async () => {
      const [id] = await insertCustomers(t, [{ name: "put target" }]);
      const response = await request(t, "PUT", url(id!), { payload: { notes: "only notes" } });

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ name: ["此字段为必填项"], type: ["此字段为必填项"] }));
      expect(await storedRow(t, id!)).toMatchObject({ name: "put target", notes: null });
    });

    it("changes the fields given and only those, and sets updated_by", async () => {
      const [id] = await insertCustomers(t, [
        { name: "before", type: "company", notes: "kept", email: "kept@example.com", value_level: "vip" },
      ]);
      const response = await request(t, "PUT", url(id!), {
        payload: { name: "after", type: "individual", status: "lost", id: 12345, created_by: "mallory" },
      });

      expect(response.statusCode).toBe(200);
      expect(json(response)).toMatchObject({
        ...ENVELOPE_OK,
        data: {
          id,
          name: "after",
          type: "individual",
          status: "lost",
          notes: "kept",
          email: "kept@example.com",
          value_level: "vip",
          created_by: "fixture",
          updated_by: "admin",
        },
      });
      expect(await storedRow(t, id!)).toMatchObject({ name: "after", notes: "kept", created_by: "fixture", updated_by: "admin" });
    });

    it("validates like create", async () => {
      const [id] = await insertCustomers(t, [{ name: "validated" }]);
      const response = await request(t, "PUT", url(id!), { payload: { name: " ", type: "alien", website: "nope" } });

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(
        invalidWith({ name: ["该字段不能为空。"], type: ["“alien” 不是合法选项。"], website: ["请输入合法的URL。"] }),
      );
    });

    it("answers 404 for a deleted or unknown customer", async () => {
      for (const id of [await deletedCustomer(), 2_000_000_000]) {
        const response = await request(t, "PUT", url(id), { payload: { name: "x", type: "company" } });
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(CUSTOMER_NOT_FOUND);
      }
    });
  });

  describe("PATCH", () => {
    it("needs no field at all", async () => {
      const [id] = await insertCustomers(t, [{ name: "untouched" }]);
      for (const payload of [{}, undefined]) {
        const response = await request(t, "PATCH", url(id!), { payload });
        expect(response.statusCode).toBe(200);
        expect(json(response).data).toMatchObject({ id, name: "untouched", updated_by: "admin" });
      }
    });

    it("changes only the fields given, can clear optional ones, and ignores read-only ones", async () => {
      const [id] = await insertCustomers(t, [{ name: "patched", notes: "old", grade: "C", company_size: "small" }]);
      const response = await request(t, "PATCH", url(id!), {
        payload: { notes: "new", grade: null, id: 999, created_at: "2000-01-01T00:00:00Z" },
      });

      expect(response.statusCode).toBe(200);
      const { data } = json(response);
      expect(data).toMatchObject({ id, name: "patched", notes: "new", grade: null, company_size: "small", updated_by: "admin" });
      expect(new Date(data.created_at).getUTCFullYear()).toBeGreaterThan(2000);
      expect(new Date(data.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(data.created_at).getTime());
    });

    it("refuses null for a required field", async () => {
      const [id] = await insertCustomers(t, [{ name: "not null" }]);
      const response = await request(t, "PATCH", url(id!), { payload: { name: null, type: null, status: null } });

      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(
        invalidWith({ name: ["该字段不能为 null。"], type: ["该字段不能为 null。"], status: ["该字段不能为 null。"] }),
      );
    });

    it("answers 404 for a deleted customer", async () => {
      const response = await request(t, "PATCH", url(await deletedCustomer()), { payload: { notes: "x" } });
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(CUSTOMER_NOT_FOUND);
    });

    it("refuses a body that is not an object", async () => {
      const [id] = await insertCustomers(t, [{ name: "object only" }]);
      const response = await request(t, "PATCH", url(id!), { payload: '["notes"]' });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ non_field_errors: ["无效数据。期待为字典类型，得到的是 array。"] }));
    });
  });

  describe("DELETE and restore", () => {
    it("soft-deletes with 204 and no body; the customer is then gone everywhere", async () => {
      const [id] = await insertCustomers(t, [{ name: "zz-gone-customer", status: "suspended" }]);
      const statsBefore = json(await request(t, "GET", `${CUSTOMERS}statistics/`)).data;

      const response = await request(t, "DELETE", url(id!));
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe("");
      expect(response.headers["content-type"]).toBeUndefined();

      expect((await request(t, "GET", url(id!))).statusCode).toBe(404);
      const list = json(await request(t, "GET", `${CUSTOMERS}?page_size=100`));
      expect(idsOf(list)).not.toContain(id);
      const search = json(await request(t, "GET", `${CUSTOMERS}search/?q=zz-gone-customer`));
      expect(search.data.pagination.count).toBe(0);
      const statsAfter = json(await request(t, "GET", `${CUSTOMERS}statistics/`)).data;
      expect(statsAfter.total_count).toBe(statsBefore.total_count - 1);
      // A count that drops to zero leaves the map.
      expect(statsAfter.by_status.suspended).toBe(statsBefore.by_status.suspended - 1 || undefined);

      const row = await storedRow(t, id!);
      expect(row).toMatchObject({ name: "zz-gone-customer", updated_by: "admin" });
      expect(row!.deleted_at).not.toBeNull();
    });

    it("answers 404 to a second DELETE and to an unknown id", async () => {
      const id = await deletedCustomer();
      for (const target of [id, 2_000_000_000]) {
        const response = await request(t, "DELETE", url(target));
        expect(response.statusCode).toBe(404);
        expect(json(response)).toEqual(CUSTOMER_NOT_FOUND);
      }
    });

    it("answers 400 to DELETE with a bad id", async () => {
      const response = await request(t, "DELETE", url("abc"));
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidWith({ id: ["请填写合法的数字。"] }));
    });

    it("restores a deleted customer: 200 with it, and it is back everywhere", async () => {
      const id = await deletedCustomer();
      for (const path of [`${url(id)}restore/`, `${url(id)}restore`]) {
        const response = await request(t, "POST", path);
        expect(response.statusCode).toBe(200);
        expect(json(response)).toMatchObject({ ...ENVELOPE_OK, data: { id, name: "to be deleted", updated_by: "admin" } });
      }
      expect((await request(t, "GET", url(id))).statusCode).toBe(200);
      expect((await storedRow(t, id))!.deleted_at).toBeNull();
      const search = json(await request(t, "GET", `${CUSTOMERS}search/?q=to%20be%20deleted&page_size=100`));
      expect(idsOf(search)).toContain(id);
    });

    it("answers 200 with the customer when it was not deleted", async () => {
      const [id] = await insertCustomers(t, [{ name: "alive" }]);
      const response = await request(t, "POST", `${url(id!)}restore/`, { payload: {} });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toMatchObject({ ...ENVELOPE_OK, data: { id, name: "alive", updated_by: null } });
    });

    it("answers 404 to restore an unknown id, 400 to a bad one", async () => {
      const unknown = await request(t, "POST", `${url(2_000_000_000)}restore/`);
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toEqual(CUSTOMER_NOT_FOUND);

      const bad = await request(t, "POST", `${url(0)}restore/`);
      expect(bad.statusCode).toBe(400);
      expect(json(bad)).toEqual(invalidWith({ id: ["请确保该值大于或者等于 1。"] }));
    });
  });

  describe("through the router's caller (no HTTP)", () => {
    it("answers what REST answers, Dates as ISO strings and missing fields as null", async () => {
      const created = await caller(t).customers.create({ name: "直呼", type: "company", establishment_date: "2020-02-29" });
      expect(created).toMatchObject({ name: "直呼", value_level: "normal", status: "active", email: null, created_by: "admin" });
      expect(created.created_at).toBe(new Date(created.created_at).toISOString());
      expect(await caller(t).customers.get({ id: created.id })).toStrictEqual(created);
      expect(json(await request(t, "GET", url(created.id))).data).toStrictEqual(created);
    });

    it("refuses a taken licence number with the field error REST answers, and a deleted customer with 404", async () => {
      await caller(t).customers.create({ name: "first", type: "company", business_license_number: "CALLER-1" });
      expect(await refusal(caller(t).customers.create({ name: "second", type: "company", business_license_number: "CALLER-1" }))).toEqual({
        status: 400,
        ...invalidWith({ business_license_number: ["具有该营业执照号码的客户已存在。"] }),
      });

      const id = await deletedCustomer();
      expect(await refusal(caller(t).customers.get({ id }))).toEqual({ status: 404, ...CUSTOMER_NOT_FOUND });
      expect(await caller(t).customers.restore({ id })).toMatchObject({ id, updated_by: "admin" });
    });

    it("refuses a tenant admin (403): customers are the admins' (CONTRACT §4)", async () => {
      const [id] = await insertCustomers(t, [{ name: "admins only" }]);
      const tenantAdmin = caller(t, { as: t.principals.tenantAdmin });
      expect(await refusal(tenantAdmin.customers.get({ id: id! }))).toEqual({ status: 403, success: false, code: 4030, message: "权限不足" });
    });
  });
});
