import { beforeAll, describe, expect, it } from "vitest";

import { json, request, setupTestApp } from "./helpers";
import type { Json } from "./json";

/**
 * Swagger UI's "Try it out" sends an operation's documented example as it stands. Each example
 * must therefore be a body the server accepts: here every one is sent (through `request`, so the
 * answer is also checked against the document). Only the ids an example refers to are replaced
 * by ids created first, since a fresh database has no customer 1.
 */
describe("documented request examples", () => {
  const t = setupTestApp();
  let document: Json;

  const operation = (method: string, path: string): Json => {
    const found = document.paths[path]?.[method];
    if (!found) throw new Error(`${method} ${path} is not documented`);
    return found;
  };
  const exampleOf = (method: string, path: string): Json => {
    const example = operation(method, path).requestBody?.content?.["application/json"]?.example;
    expect(example, `${method.toUpperCase()} ${path} has an example body`).toEqual(expect.any(Object));
    return structuredClone(example);
  };
  /** Sends the documented example, with `ids` put over the ids it names. */
  async function sendExample(method: "POST" | "PUT" | "PATCH", path: string, url: string, ids: Json = {}) {
    const payload = { ...exampleOf(method.toLowerCase(), path), ...ids };
    return request(t, method, url, { payload });
  }
  const created = async (response: Awaited<ReturnType<typeof request>>) => {
    expect(response.statusCode, response.body).toBe(201);
    return json(response).data as Json;
  };

  beforeAll(async () => {
    document = (await t.app.inject({ method: "GET", url: "/api/v1/schema/" })).json();
  });

  it("gives every operation that takes a body an example body", () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        const content = (op as Json).requestBody?.content?.["application/json"];
        if (content && content.example === undefined) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("are accepted as they stand: every create answers 201, then every update of what was created succeeds", async () => {
    const customer = await created(await sendExample("POST", "/api/v1/customers/", "/api/v1/customers/"));
    const bulk = await created(await sendExample("POST", "/api/v1/customers/bulk-create/", "/api/v1/customers/bulk-create/"));
    expect(bulk.created).toBe(2);
    const member = await created(await sendExample("POST", "/api/v1/members/", "/api/v1/members/"));
    const tenant = await created(await sendExample("POST", "/api/v1/tenants/", "/api/v1/tenants/"));
    const memberRelation = await created(
      await sendExample("POST", "/api/v1/customers/members/relations/", "/api/v1/customers/members/relations/", {
        customer_id: customer.id,
        member_id: member.id,
      }),
    );
    const tenantRelation = await created(
      await sendExample("POST", "/api/v1/customers/tenants/relations/", "/api/v1/customers/tenants/relations/", {
        customer_id: customer.id,
        tenant_id: tenant.id,
      }),
    );
    await created(
      await sendExample("POST", "/api/v1/customers/{id}/follow-ups/", `/api/v1/customers/${customer.id}/follow-ups/`),
    );

    const legacyCreate = await sendExample("POST", "/api/customer/customers/", "/api/customer/customers/");
    expect(legacyCreate.statusCode, legacyCreate.body).toBe(201);
    const legacyId = Number(String(legacyCreate.headers.location).match(/(\d+)\/$/)?.[1]);
    const legacyFollowUp = await sendExample("POST", "/api/customer/follow-up/", "/api/customer/follow-up/", { customer_id: legacyId });
    expect(legacyFollowUp.statusCode, legacyFollowUp.body).toBe(201);

    const updates: [method: "PUT" | "PATCH" | "POST", template: string, url: string, ids?: Json][] = [
      ["PUT", "/api/v1/customers/{id}/", `/api/v1/customers/${customer.id}/`],
      ["PATCH", "/api/v1/customers/{id}/", `/api/v1/customers/${customer.id}/`],
      ["PUT", "/api/v1/members/{id}/", `/api/v1/members/${member.id}/`],
      ["PATCH", "/api/v1/members/{id}/", `/api/v1/members/${member.id}/`],
      ["PUT", "/api/v1/tenants/{id}/", `/api/v1/tenants/${tenant.id}/`],
      ["PATCH", "/api/v1/tenants/{id}/", `/api/v1/tenants/${tenant.id}/`],
      ["PUT", "/api/v1/customers/members/relations/{id}/", `/api/v1/customers/members/relations/${memberRelation.id}/`],
      ["PUT", "/api/v1/customers/tenants/relations/{id}/", `/api/v1/customers/tenants/relations/${tenantRelation.id}/`],
      ["PUT", "/api/customer/customers/update/", "/api/customer/customers/update/", { id: legacyId }],
    ];
    for (const [method, template, url, ids] of updates) {
      const response = await sendExample(method as "PUT", template, url, ids);
      expect(response.statusCode, `${method} ${template}: ${response.body}`).toBeLessThan(300);
    }

    const [first, second] = bulk.results as Json[];
    const bulkUpdate = exampleOf("post", "/api/v1/customers/bulk-update/");
    bulkUpdate.customers = bulkUpdate.customers.map((item: Json, index: number) => ({ ...item, id: [first, second][index]!.id }));
    const updated = await request(t, "POST", "/api/v1/customers/bulk-update/", { payload: bulkUpdate });
    expect(updated.statusCode, updated.body).toBe(200);
    const deleted = await sendExample("POST", "/api/v1/customers/bulk-delete/", "/api/v1/customers/bulk-delete/", {
      ids: [first!.id, second!.id],
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(json(deleted).data).toEqual({ deleted: 2 });
  });
});
