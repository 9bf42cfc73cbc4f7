import { CUSTOMER_FIELDS, TENANT_VIEW_LIST_FIELDS, type CursorPage } from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import { caller, refusal } from "./caller";
import { CUSTOMERS, ENVELOPE_OK, insertCustomers, invalidWith } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";
import { addTenantWithAdmin, insertRelations, VIEW, type TenantWithAdmin } from "./tenant-view-fixtures";

type Item = Record<string, unknown> & { id: number };
type Body = { data: CursorPage<Item> };

const ROWS = 7;
const keysOf = (body: Body) => body.data.results.map((item) => Object.keys(item));

describe("fields= on lists and search (issue 11: property selection)", () => {
  const t = setupTestApp();
  let tenant: TenantWithAdmin;
  let ids: number[];

  beforeAll(async () => {
    ids = await insertCustomers(
      t,
      Array.from({ length: ROWS }, (_, i) => ({ name: `fields-${i}`, type: "company", notes: `note ${i}`, business_scope: "x" }) as never),
    );
    tenant = await addTenantWithAdmin(t, "fields_tenant");
    await insertRelations(t, ids.map((customerId) => ({ customerId, tenantId: tenant.id, status: "active" as const })));
  });

  const get = async (url: string, token?: string) => {
    const response = await request(t, "GET", url, token ? { token } : {});
    expect(response.statusCode, response.body).toBe(200);
    return json<Body>(response);
  };

  describe("the customer list and search", () => {
    it("answers exactly the named properties with id, in the schema's order whatever order they are named in", async () => {
      const body = await get(`${CUSTOMERS}?fields=status,name&page_size=3`);
      expect(keysOf(body)).toEqual([["id", "name", "status"], ["id", "name", "status"], ["id", "name", "status"]]);
      expect(body.data.results[0]).toEqual({ id: ids.at(-1), name: `fields-${ROWS - 1}`, status: "active" });
    });

    it("keeps pagination as without fields, next link and next_cursor included", async () => {
      const full = await get(`${CUSTOMERS}?page_size=3`);
      const lean = await get(`${CUSTOMERS}?page_size=3&fields=id,notes`);
      expect(lean.data.pagination).toEqual({ ...full.data.pagination, next: "http://localhost/api/v1/customers/?page_size=3&fields=id%2Cnotes&page=2" });
      expect(lean.data.results.map((item) => item.id)).toEqual(full.data.results.map((item) => item.id));
      expect(lean.data.results.map((item) => item.notes)).toEqual(full.data.results.map((item) => item.notes));
    });

    it("walks by cursor with the selection kept, every row once", async () => {
      const first = await get(`${CUSTOMERS}?page_size=4&fields=created_at`);
      expect(keysOf(first)[0]).toEqual(["id", "created_at"]);
      const second = await get(`${CUSTOMERS}?page_size=4&fields=created_at&cursor=${first.data.pagination.next_cursor}`);
      expect(keysOf(second)).toEqual([["id", "created_at"], ["id", "created_at"], ["id", "created_at"]]);
      expect(second.data.pagination.next_cursor).toBeNull();
      expect([...first.data.results, ...second.data.results].map((item) => item.id)).toEqual([...ids].reverse());
    });

    it("answers only id for fields=id, and every property without fields or with an empty value (as every query parameter)", async () => {
      expect(keysOf(await get(`${CUSTOMERS}?fields=id&page_size=1`))).toEqual([["id"]]);
      expect(keysOf(await get(`${CUSTOMERS}?page_size=1`))).toEqual([[...CUSTOMER_FIELDS]]);
      expect(keysOf(await get(`${CUSTOMERS}?page_size=1&fields=`))).toEqual([[...CUSTOMER_FIELDS]]);
      expect(keysOf(await get(`${CUSTOMERS}?fields=${CUSTOMER_FIELDS.join(",")}&page_size=1`))).toEqual([[...CUSTOMER_FIELDS]]);
    });

    it("selects on search, with filters and ordering on properties not selected", async () => {
      const body = await get(`${CUSTOMERS}search/?q=fields-&fields=name&ordering=name&type=company&page_size=2`);
      expect(body.data.results).toEqual([
        { id: ids[0], name: "fields-0" },
        { id: ids[1], name: "fields-1" },
      ]);
      expect(body.data.pagination).toMatchObject({ count: ROWS, next_cursor: null });
    });

    it("skips blank names (a trailing comma) and spaces around names", async () => {
      expect(keysOf(await get(`${CUSTOMERS}?fields=${encodeURIComponent(" name , ,type,")}&page_size=1`))).toEqual([["id", "name", "type"]]);
    });

    it.each([
      ["an unknown name", "name,secret", { fields: ["无效的字段：secret"] }],
      ["a column that is no property", "deleted_at", { fields: ["无效的字段：deleted_at"] }],
      ["several bad names, each named", "nom,name,name,x", { fields: ["无效的字段：nom", "字段重复：name", "无效的字段：x"] }],
      ["a repeated id", "id,id", { fields: ["字段重复：id"] }],
      ["an empty list (only commas)", ",,", { fields: ["请至少指定一个字段。"] }],
      ["an empty list (a blank)", " ", { fields: ["请至少指定一个字段。"] }],
    ])("answers 400 on fields for %s", async (_, fields, errors) => {
      for (const path of [CUSTOMERS, `${CUSTOMERS}search/?q=x&`]) {
        const url = `${path}${path.includes("?") ? "" : "?"}fields=${encodeURIComponent(fields)}`;
        const response = await request(t, "GET", url);
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith(errors));
      }
    });

    it("says it in English under Accept-Language: en", async () => {
      const response = await request(t, "GET", `${CUSTOMERS}?fields=name,bogus,name`, { headers: { "accept-language": "en" } });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({
        success: false,
        code: 4000,
        message: "Invalid request parameters",
        errors: { fields: ["Invalid field: bogus", "Field listed more than once: name"] },
      });
    });

    it("takes the comma-separated string on tRPC too, links carrying it", async () => {
      const page = await caller(t).customers.list({ fields: "name,id" as never, page_size: 2 });
      expect(page.results.map((item) => Object.keys(item))).toEqual([["id", "name"], ["id", "name"]]);
      expect(page.pagination.next).toBe("http://127.0.0.1/api/v1/customers/?page=2&page_size=2&fields=id%2Cname");
      expect(await refusal(caller(t).customers.search({ q: "x", fields: "nope" as never }))).toEqual({
        status: 400,
        ...invalidWith({ fields: ["无效的字段：nope"] }),
      });
      // tRPC has no "empty is absent" rule: an empty string is an empty list.
      expect(await refusal(caller(t).customers.list({ fields: "" as never }))).toEqual({
        status: 400,
        ...invalidWith({ fields: ["请至少指定一个字段。"] }),
      });
    });
  });

  describe("the tenant view's list and search", () => {
    it("answers the named customer properties, the relation only when named", async () => {
      const body = await get(`${VIEW}?fields=name&page_size=2`, tenant.token);
      expect(body).toMatchObject(ENVELOPE_OK);
      expect(body.data.results).toEqual([
        { id: ids.at(-1), name: `fields-${ROWS - 1}` },
        { id: ids.at(-2), name: `fields-${ROWS - 2}` },
      ]);
      const withRelation = await get(`${VIEW}?fields=relation,type&page_size=1`, tenant.token);
      expect(keysOf(withRelation)).toEqual([["id", "type", "relation"]]);
      expect(withRelation.data.results[0]!.relation).toMatchObject({ status: "active", relation_type: "client" });
      expect(keysOf(await get(`${VIEW}?page_size=1`, tenant.token))).toEqual([[...TENANT_VIEW_LIST_FIELDS]]);
    });

    it("selects on search and keeps the pagination", async () => {
      const full = await get(`${VIEW}search/?q=fields-&page_size=3&ordering=name`, tenant.token);
      const lean = await get(`${VIEW}search/?q=fields-&page_size=3&ordering=name&fields=status`, tenant.token);
      expect(keysOf(lean)).toEqual([["id", "status"], ["id", "status"], ["id", "status"]]);
      expect(lean.data.results.map((item) => item.id)).toEqual(ids.slice(0, 3));
      expect(lean.data.pagination).toEqual({
        ...full.data.pagination,
        next: "http://localhost/api/v1/customers/tenants/view/search/?q=fields-&page_size=3&ordering=name&fields=status&page=2",
      });
    });

    it("refuses a customer property the view does not show, and a bad list", async () => {
      for (const [fields, errors] of [
        ["name,notes", ["无效的字段：notes"]],
        ["relation,relation", ["字段重复：relation"]],
        [",", ["请至少指定一个字段。"]],
      ] as const) {
        const response = await request(t, "GET", `${VIEW}?fields=${fields}`, { token: tenant.token });
        expect(response.statusCode).toBe(400);
        expect(json(response)).toEqual(invalidWith({ fields: [...errors] }));
      }
    });
  });
});
