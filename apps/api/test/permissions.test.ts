import { TenantSchema } from "@customer-hub/db";
import { beforeAll, describe, expect, it } from "vitest";

import { insertCustomers } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";
import { insertRelations } from "./tenant-view-fixtures";
import type { Json } from "./json";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Operation = { method: Method; path: string; operation: Json; label: string };

const UNAUTHORIZED = { success: false, code: 4010, message: "未认证或认证失败" };
const FORBIDDEN = { success: false, code: 4030, message: "权限不足" };
/** An id no row has: write operations must not destroy the fixtures the others read. */
const DUMMY_ID = 999_999;

/** Every operation of the served document, /api/v1 and legacy alike. */
function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, operation]) => ({
      method: method.toUpperCase() as Method,
      path,
      operation: operation as Json,
      label: `${method.toUpperCase()} ${path} (${(operation as Json).operationId})`,
    })),
  );
}

const isPublic = ({ operation }: Operation) => Array.isArray(operation.security) && operation.security.length === 0;
/** The tenant view is the one surface for tenant admins (CONTRACT §4); the document tags it. */
const isForTenantAdmins = ({ operation }: Operation) => (operation.tags ?? []).includes("tenant-view");

/** A small value that satisfies `schema` as far as its shape goes; whether it is valid does not matter here. */
function sample(schema: Json, document: Json, id: number): unknown {
  if (schema.$ref) return sample(document.components.schemas[String(schema.$ref).split("/").pop()!], document, id);
  if ("const" in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((option: Json) => option.type !== "null") ?? options[0], document, id);
  const type = Array.isArray(schema.type) ? schema.type.find((item: string) => item !== "null") : schema.type;
  switch (type) {
    case "integer":
    case "number":
      return id;
    case "boolean":
      return false;
    case "array":
      return schema.minItems ? [sample(schema.items ?? {}, document, id)] : [];
    case "object":
      return Object.fromEntries((schema.required ?? []).map((name: string) => [name, sample(schema.properties?.[name] ?? {}, document, id)]));
    case "string":
      if (schema.format === "date") return "2025-01-01";
      if (schema.format === "date-time") return "2025-01-01T00:00:00Z";
      if (schema.format === "email") return "someone@example.com";
      if (schema.format === "uri") return "http://www.example.com";
      return "x";
    default:
      return "x";
  }
}

/**
 * The URL, body and headers of a call to `operation`: path ids filled (an existing customer for
 * reads, an unknown id for writes), required query parameters and documented headers given a
 * value, and a body of the required fields.
 */
function callOf({ method, path, operation }: Operation, document: Json, existingId: number, tenantId: number) {
  const id = method === "GET" ? existingId : DUMMY_ID;
  const parameters: Json[] = operation.parameters ?? [];
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of parameters) {
    if (parameter.in === "query" && parameter.required) query.set(parameter.name, String(sample(parameter.schema ?? {}, document, id)));
    // X-Tenant-ID: the tenant an admin reads the view of.
    if (parameter.in === "header") headers[parameter.name.toLowerCase()] = String(tenantId);
  }
  const url = path.replace(/\{[^}]+\}/g, String(id)) + (query.size > 0 ? `?${query}` : "");
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  return { url, headers, payload: schema ? sample(schema, document, id) : undefined };
}

/**
 * Who may call what, read from the served OpenAPI document: every operation in it is called
 * without credentials, as a tenant admin and as an admin, so an operation added later is covered
 * without touching this file. `request` also checks every answer against the document.
 */
describe("permission matrix from GET /api/v1/schema/ (CONTRACT §4)", () => {
  const t = setupTestApp();
  let document: Json;
  let operations: Operation[];
  let customerId: number;
  let tenantId: number;
  const call = (target: Operation, credentials: { token?: string | null; authorization?: string }) => {
    const { url, headers, payload } = callOf(target, document, customerId, tenantId);
    return request(t, target.method, url, { ...credentials, payload, headers });
  };

  beforeAll(async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/schema/" });
    document = response.json();
    operations = operationsOf(document);
    tenantId = (await t.db.orm.em.fork().findOneOrFail(TenantSchema, { code: "tenant_a" })).id;
    [customerId] = (await insertCustomers(t, [{ name: "权限矩阵客户" }])) as [number];
    await insertRelations(t, [{ customerId, tenantId, status: "active" }]);
  });

  it("reads a document with operations of every kind: public, admin-only, tenant view, legacy", () => {
    expect(operations.filter(isPublic).length).toBeGreaterThan(0);
    expect(operations.filter(isForTenantAdmins).length).toBeGreaterThanOrEqual(6);
    expect(operations.some((target) => target.path.startsWith("/api/customer/"))).toBe(true);
    expect(operations.filter((target) => !isPublic(target) && !isForTenantAdmins(target)).length).toBeGreaterThan(30);
  });

  it("(a) answers 401 / 4010 without credentials on every protected operation", async () => {
    for (const target of operations.filter((item) => !isPublic(item))) {
      const response = await call(target, { token: null });
      expect.soft(response.statusCode, target.label).toBe(401);
      expect.soft(json(response), target.label).toEqual(UNAUTHORIZED);
    }
  });

  it("(b) answers 403 / 4030 to a tenant admin on every admin operation, and lets it use the tenant view", async () => {
    for (const target of operations.filter((item) => !isPublic(item))) {
      const response = await call(target, { token: t.tenantAdminToken });
      if (isForTenantAdmins(target)) {
        expect.soft(response.statusCode, `${target.label}: ${response.body}`).toBe(200);
      } else {
        expect.soft(response.statusCode, target.label).toBe(403);
        expect.soft(json(response), target.label).toEqual(FORBIDDEN);
      }
    }
  });

  // Public operations are left out: their 401 is about the credentials in the body (a wrong password).
  it("(c) lets an admin through every protected operation: never 401 or 403", async () => {
    for (const target of operations.filter((item) => !isPublic(item))) {
      const response = await call(target, {});
      expect.soft([401, 403], `${target.label}: ${response.statusCode} ${response.body}`).not.toContain(response.statusCode);
      expect.soft(response.statusCode, `${target.label}: ${response.body}`).toBeLessThan(500);
    }
  });

  it("(c) lets an admin's API key through every protected operation as well", async () => {
    for (const target of operations.filter((item) => !isPublic(item))) {
      const response = await call(target, { authorization: `Token ${t.adminApiKey}` });
      expect.soft([401, 403], `${target.label}: ${response.statusCode} ${response.body}`).not.toContain(response.statusCode);
    }
  });
});
