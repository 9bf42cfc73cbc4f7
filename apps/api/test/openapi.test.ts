import { validate as validateAgainstMetaSchema } from "@hyperjump/json-schema/openapi-3-1";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";

import { REST_SURFACES } from "../src/app";
import { restOperations } from "../src/rest/operations";
import type { Meta } from "../src/trpc/init";
import { json, request, setupTestApp } from "./helpers";
import type { Json, JsonValue } from "./json";

type Operation = { method: string; path: string; operation: Json; meta: Meta };

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

/** The only operations anyone may call without credentials; a new one is a security decision. */
const PUBLIC_OPERATIONS = new Set(["auth_token", "auth_token_refresh", "auth_logout"]);

// The routers' own declaration of who may call what (read as the server reads it): the document must agree with it.
const metaByOperationId = new Map<string, Meta>(
  REST_SURFACES.flatMap(({ router }) => restOperations(router))
    .filter(({ meta }) => Boolean(meta.openapi?.operationId))
    .map(({ meta }) => [meta.openapi!.operationId!, meta]),
);

function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation, meta: metaByOperationId.get(operation.operationId) ?? {} })),
  );
}

const label = ({ method, path }: Operation) => `${method.toUpperCase()} ${path}`;
const isLegacy = ({ path, operation }: Operation) => path.startsWith("/api/customer/") && operation.tags?.includes("legacy");
const parameters = (operation: Json): Json[] => operation.parameters ?? [];
const hasPathParameter = (operation: Json) => parameters(operation).some((parameter) => parameter.in === "path");
const hasQuery = (operation: Json) => parameters(operation).some((parameter) => parameter.in === "query");
const hasPageParameter = (operation: Json) =>
  parameters(operation).some((parameter) => parameter.in === "query" && parameter.name === "page");
/** A concrete URL for an operation, every path parameter an id that does not exist. */
const urlOf = ({ path }: Operation) => path.replace(/\{[^}]+\}/g, "999999");

/** Every `$ref` string anywhere below `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => (key === "$ref" && typeof child === "string" ? [child] : refsIn(child)));
  }
  return [];
}

function resolve(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .reduce<JsonValue>((node, segment) => node?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")], document);
}

describe("OpenAPI document", () => {
  const t = setupTestApp();
  let document: Json;
  let operations: Operation[];

  beforeAll(async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/schema/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    document = response.json();
    operations = operationsOf(document);
  });

  it("is a valid OpenAPI 3.1 document (seriousme's validator)", async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.valid, JSON.stringify(result.errors, null, 2)).toBe(true);
  });

  // The official schema with its $dynamicRef to the OAS dialect, so every Schema Object is checked
  // too, and with `unevaluatedProperties` honoured (a stray key anywhere is an error).
  it("validates against the official OpenAPI 3.1 meta-schema (schema-base, JSON Schema 2020-12)", async () => {
    const output = await validateAgainstMetaSchema("https://spec.openapis.org/oas/3.1/schema-base", document as never, "BASIC");
    const errors = output.valid ? [] : (output.errors ?? []);
    expect(errors, JSON.stringify(errors.slice(0, 20), null, 2)).toEqual([]);
    expect(output.valid).toBe(true);
  });

  it("passes Redocly's strict lint: descriptions everywhere, examples that match their schemas", async () => {
    const config = await createConfig({
      extends: ["recommended-strict"],
      rules: {
        // Every path ends with a slash: that is the API (CONTRACT §1, DRF).
        "no-path-trailing-slash": "off",
        "info-license": "off",
        "operation-description": "error",
        "parameter-description": "error",
        "no-invalid-media-type-examples": { severity: "error", allowAdditionalProperties: false },
        "no-invalid-schema-examples": { severity: "error", allowAdditionalProperties: false },
        "no-invalid-parameter-examples": { severity: "error", allowAdditionalProperties: false },
      },
    } as never);
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: "/api/v1/schema/", config });
    const described = problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`);
    expect(described).toEqual([]);
  });

  it("is served with and without the trailing slash, the same each time", async () => {
    const withoutSlash = await t.app.inject({ method: "GET", url: "/api/v1/schema" });
    expect(withoutSlash.statusCode).toBe(200);
    expect(withoutSlash.json()).toEqual(document);
  });

  it("documents every REST procedure of the router", () => {
    const documented = new Set(operations.map(({ operation }) => operation.operationId));
    const missing = [...metaByOperationId.values()]
      .filter((meta) => meta.openapi?.enabled !== false)
      .map((meta) => meta.openapi!.operationId!)
      .filter((operationId) => !documented.has(operationId));
    expect(missing).toEqual([]);
  });

  it("has every path under /api/v1/ (or the legacy /api/customer/) with a trailing slash", () => {
    for (const path of Object.keys(document.paths)) {
      expect(path, path).toMatch(/^\/api\/(v1|customer)\//);
      expect(path.endsWith("/"), `${path} ends with /`).toBe(true);
      expect(path, path).not.toMatch(/\/\//);
    }
  });

  it("gives every operation a unique operationId, tags and its security", () => {
    const seen = new Set<string>();
    for (const entry of operations) {
      const { operation } = entry;
      expect(operation.operationId, `${label(entry)} operationId`).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(seen.has(operation.operationId), `${operation.operationId} is unique`).toBe(false);
      seen.add(operation.operationId);
      expect(operation.tags?.length, `${label(entry)} tags`).toBeGreaterThan(0);
      expect(operation.summary, `${label(entry)} summary`).toEqual(expect.any(String));

      const expected = PUBLIC_OPERATIONS.has(operation.operationId) ? [] : [{ bearerAuth: [] }, { tokenAuth: [] }];
      expect(operation.security, `${label(entry)} security`).toEqual(expected);
    }
    expect([...PUBLIC_OPERATIONS].filter((id) => !seen.has(id))).toEqual([]);
  });

  it("declares both security schemes", () => {
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }),
      tokenAuth: expect.objectContaining({ type: "apiKey", in: "header", name: "Authorization" }),
    });
  });

  it("documents exactly one success answer per operation, wrapped in the envelope (v1)", () => {
    for (const entry of operations) {
      const { operation, meta } = entry;
      const successes = Object.keys(operation.responses).filter((status) => status.startsWith("2"));
      expect(successes, `${label(entry)} success statuses`).toHaveLength(1);
      if (metaByOperationId.has(operation.operationId)) {
        expect(successes, `${label(entry)} success status`).toEqual([String(meta.successStatus ?? 200)]);
      }
      const response = operation.responses[successes[0]!];
      // The legacy API answers successes bare (seed 004): checked in the next test.
      if (isLegacy(entry)) continue;
      if (successes[0] === "204") {
        expect(response.content, `${label(entry)} 204 has no content`).toBeUndefined();
        continue;
      }
      const schema = response.content?.["application/json"]?.schema;
      expect(schema, `${label(entry)} success schema`).toMatchObject({
        type: "object",
        required: expect.arrayContaining(["success", "code", "message", "data"]),
        properties: {
          success: { const: true },
          code: { const: 2000 },
          message: { type: "string" },
          data: expect.any(Object),
        },
      });
    }
  });

  it("documents the legacy API's successes as it sends them: bare, empty where the seed has no body, with its headers", () => {
    const legacy = operations.filter(isLegacy);
    expect(legacy.map(label).sort()).toEqual([
      "DELETE /api/customer/customers/{id}/",
      "GET /api/customer/customers/",
      "GET /api/customer/detail/{id}/",
      "POST /api/customer/customers/",
      "POST /api/customer/follow-up/",
      "PUT /api/customer/customers/update/",
    ]);
    const success = (method: string, path: string) => document.paths[path][method].responses;
    for (const [method, path, status] of [
      ["post", "/api/customer/customers/", "201"],
      ["put", "/api/customer/customers/update/", "201"],
      ["delete", "/api/customer/customers/{id}/", "200"],
      ["post", "/api/customer/follow-up/", "201"],
    ] as const) {
      expect(Object.keys(success(method, path)).filter((code) => code.startsWith("2")), `${method} ${path}`).toEqual([status]);
      expect(success(method, path)[status].content, `${method} ${path} has no body`).toBeUndefined();
    }
    expect(success("post", "/api/customer/customers/")["201"].headers).toHaveProperty("Location");

    const list = success("get", "/api/customer/customers/")["200"];
    expect(list.headers["X-Total-Count"].schema).toMatchObject({ type: "integer" });
    const listSchema = list.content["application/json"].schema;
    expect(listSchema).toMatchObject({ type: "array", items: { $ref: "#/components/schemas/LegacyCustomer" } });
    expect(resolve(document, listSchema.items.$ref)).toMatchObject({ properties: { id: { type: "string" } } });
    const detailRef = success("get", "/api/customer/detail/{id}/")["200"].content["application/json"].schema.$ref;
    const detail = resolve(document, detailRef) as Json;
    expect(detail).toMatchObject({ type: "object", properties: { id: { type: "string" }, follow_up_log: { type: "array" } } });
    expect(detail.properties).not.toHaveProperty("success");
  });

  it("answers 201 on POST /api/v1/customers/ and 204 with no content on DELETE /api/v1/customers/{id}/", () => {
    const create = document.paths["/api/v1/customers/"].post.responses;
    expect(Object.keys(create)).toContain("201");
    expect(Object.keys(create)).not.toContain("200");
    const remove = document.paths["/api/v1/customers/{id}/"].delete.responses;
    expect(Object.keys(remove)).toContain("204");
    expect(Object.keys(remove)).not.toContain("200");
    expect(remove["204"].content).toBeUndefined();
  });

  it("documents the error answers of CONTRACT §13, each the ErrorEnvelope", () => {
    for (const entry of operations) {
      const { operation, meta } = entry;
      const statuses = Object.keys(operation.responses).filter((status) => /^[45]/.test(status));
      const expected = new Set<string>();
      if (operation.requestBody || hasQuery(operation)) expected.add("400");
      if (operation.requestBody) ["413", "415"].forEach((status) => expected.add(status));
      if (operation.security.length > 0) expected.add("401");
      if (meta.access === "admin" || meta.access === "tenant") expected.add("403");
      if (hasPathParameter(operation) || hasPageParameter(operation)) expected.add("404");
      if (meta.access === "tenant") {
        // An admin names the tenant in X-Tenant-ID: 400 without it, 404 when it is unknown.
        expect(parameters(operation), `${label(entry)} X-Tenant-ID`).toContainEqual(
          expect.objectContaining({ in: "header", name: "X-Tenant-ID", required: false }),
        );
        ["400", "404"].forEach((status) => expected.add(status));
      }
      for (const status of meta.openapi?.errorResponses instanceof Array ? meta.openapi.errorResponses : []) {
        expected.add(String(status));
      }
      // CONTRACT §13: "409 on both relation creates".
      if (/relation/.test(operation.operationId) && /_create$/.test(operation.operationId)) expected.add("409");
      expect(statuses, `${label(entry)} error statuses`).toEqual(expect.arrayContaining([...expected]));

      for (const status of statuses) {
        const response = operation.responses[status];
        expect(response.$ref, `${label(entry)} ${status} is a shared response`).toMatch(/^#\/components\/responses\//);
        const shared = resolve(document, response.$ref) as Json;
        expect(shared?.content?.["application/json"]?.schema, `${label(entry)} ${status}`).toEqual({
          $ref: "#/components/schemas/ErrorEnvelope",
        });
      }
    }
  });

  it("lists 401 for wrong credentials on both token endpoints", () => {
    expect(Object.keys(document.paths["/api/v1/auth/token/"].post.responses)).toContain("401");
    expect(Object.keys(document.paths["/api/v1/auth/token/refresh/"].post.responses)).toContain("401");
  });

  it("defines the ErrorEnvelope of CONTRACT §2", () => {
    expect(document.components.schemas.ErrorEnvelope).toMatchObject({
      type: "object",
      required: ["success", "code", "message"],
      properties: {
        success: { const: false },
        code: { type: "integer", enum: expect.arrayContaining([4000, 4010, 4030, 4004, 4050, 4090, 5000]) },
        message: { type: "string" },
        errors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
      },
    });
  });

  it("names a component schema for every resource, page and input, referenced by the operations", () => {
    const schemas = document.components.schemas as Json;
    for (const name of [
      "Customer", "CustomerListItem", "CustomerPage", "CustomerStatistics", "CustomerSummary", "Member", "MemberPage", "Tenant", "TenantPage",
      "MemberRelation", "MemberRelationListItem", "MemberRelationPage", "TenantRelation", "TenantRelationListItem",
      "TenantRelationPage", "TenantViewListItem", "TenantViewCustomerDetail", "TenantViewPage", "TenantViewStatistics",
      "FollowUp", "FollowUpPage", "LegacyCustomer", "LegacyCustomerDetail", "Pagination", "ErrorEnvelope",
      "CustomerCreateInput", "CustomerUpdateInput", "CustomerPatchInput", "CustomerBulkCreateInput", "MemberCreateInput",
      "TenantCreateInput", "MemberRelationCreateInput", "MemberRelationUpdateInput", "TenantRelationCreateInput",
      "TenantRelationUpdateInput", "FollowUpCreateInput", "LegacyCustomerCreateInput", "LegacyCustomerUpdateInput",
    ]) {
      expect(schemas, name).toHaveProperty(name);
    }
    const data = (method: string, path: string) =>
      document.paths[path][method].responses["200"].content["application/json"].schema.properties.data;
    expect(data("get", "/api/v1/customers/{id}/")).toEqual({ $ref: "#/components/schemas/Customer" });
    expect(data("get", "/api/v1/customers/")).toEqual({ $ref: "#/components/schemas/CustomerPage" });
    expect(data("get", "/api/v1/customers/tenants/view/{id}/")).toEqual({ $ref: "#/components/schemas/TenantViewCustomerDetail" });
    expect(schemas.CustomerPage.properties.pagination).toEqual({ $ref: "#/components/schemas/CursorPagination" });
    expect(schemas.MemberPage.properties.pagination).toEqual({ $ref: "#/components/schemas/Pagination" });
    expect(document.paths["/api/v1/customers/"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/CustomerCreateInput",
    });
    // Every success payload of v1 and every request body is a named schema.
    for (const entry of operations) {
      const body = entry.operation.requestBody?.content?.["application/json"]?.schema;
      if (body) expect(body.$ref, `${label(entry)} request body`).toMatch(/^#\/components\/schemas\//);
      const success = Object.entries(entry.operation.responses as Json).find(([status]) => status.startsWith("2"))![1] as Json;
      const schema = success.content?.["application/json"]?.schema;
      if (!schema) continue;
      const payload = isLegacy(entry) ? schema : schema.properties.data;
      expect(payload.$ref ?? payload.items?.$ref ?? payload.type, `${label(entry)} payload`).toMatch(/^#\/components\/schemas\/|^null$/);
    }
  });

  it("gives integers truthful bounds: no ±2^53 anywhere, ids and counts within PostgreSQL's integer", () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain("9007199254740991");
    expect(document.components.schemas.Customer.properties.id).toMatchObject({ type: "integer", minimum: 1, maximum: 2147483647 });
    expect(document.components.schemas.Pagination.properties.count).toMatchObject({ type: "integer", minimum: 0, maximum: 2147483647 });
  });

  it("gives every operation a summary and a description that says who may call it, and every parameter a description", () => {
    for (const entry of operations) {
      expect(entry.operation.summary, `${label(entry)} summary`).toMatch(/\S/);
      expect(entry.operation.description, `${label(entry)} description`).toMatch(/may call it|Tenant admins see/);
      for (const parameter of parameters(entry.operation)) {
        expect(parameter.description, `${label(entry)} parameter ${parameter.name}`).toMatch(/\S{3}/);
      }
    }
    expect(document.paths["/api/v1/customers/members/relations/{id}/set-primary/"].post.description).toMatch(/unmarked/);
  });

  it("lists the allowed fields of `ordering` and the range and clamp of `page_size` on every list", () => {
    const lists = operations.filter(({ operation }) => hasPageParameter(operation));
    expect(lists.length).toBeGreaterThan(5);
    for (const entry of lists) {
      const byName = new Map(parameters(entry.operation).map((parameter) => [parameter.name, parameter]));
      expect(byName.get("page_size")?.description, label(entry)).toMatch(/1–100.*clamped to 100/);
      if (isLegacy(entry) || entry.operation.operationId === "customer_follow_ups_list") continue;
      expect(byName.get("ordering")?.description, `${label(entry)} ordering`).toMatch(/Allowed: `id`, `-id`, .*`created_at`, `-created_at`/);
    }
    const customers = new Map(parameters(document.paths["/api/v1/customers/"].get).map((parameter) => [parameter.name, parameter]));
    expect(customers.get("ordering")!.description).toContain("`value_level`, `-value_level`, `status`, `-status`, `type`, `-type`");
  });

  it("documents `fields` with its allowed names, that id is always answered, and an example, on the lists and searches that take it", () => {
    const withFields = {
      "/api/v1/customers/": "`id`, `name`, `type`, `value_level`, `status`, `business_license_number`",
      "/api/v1/customers/search/": "`id`, `name`, `type`, `value_level`, `status`, `business_license_number`",
      "/api/v1/customers/tenants/view/": "`id`, `name`, `type`, `value_level`, `status`, `primary_contact_name`, `primary_contact_phone`, `industry_type`, `company_size`, `created_at`, `relation`",
      "/api/v1/customers/tenants/view/search/": "`id`, `name`, `type`, `value_level`, `status`, `primary_contact_name`, `primary_contact_phone`, `industry_type`, `company_size`, `created_at`, `relation`",
    };
    for (const [path, allowed] of Object.entries(withFields)) {
      const fields = parameters(document.paths[path].get).find((parameter) => parameter.name === "fields")!;
      expect(fields, path).toMatchObject({ in: "query", schema: { type: "string", examples: ["id,name,status"] } });
      expect(fields.description, path).toContain(`Allowed: ${allowed}`);
      expect(fields.description, path).toContain("`id` is always included");
    }
    expect(parameters(document.paths["/api/v1/members/"].get).map((parameter) => parameter.name)).not.toContain("fields");
  });

  it("documents boolean query parameters as booleans, and says an empty query value is no filter", () => {
    for (const path of ["/api/v1/customers/members/relations/", "/api/v1/customers/tenants/relations/"]) {
      const isPrimary = parameters(document.paths[path].get).find((parameter) => parameter.name === "is_primary")!;
      expect(isPrimary.schema.type, path).toBe("boolean");
    }
    const industryType = parameters(document.paths["/api/v1/customers/"].get).find((parameter) => parameter.name === "industry_type")!;
    expect(industryType).toMatchObject({ allowEmptyValue: true, description: expect.stringContaining("empty value") });
  });

  it("documents 413 and 415 on every method that sends a body, set-primary/ and restore/ included, and 414, 429, 431 and 503 everywhere", () => {
    for (const entry of operations) {
      const statuses = Object.keys(entry.operation.responses);
      expect(statuses, label(entry)).toEqual(expect.arrayContaining(["414", "429", "431", "503"]));
      if (["post", "put", "patch"].includes(entry.method)) expect(statuses, label(entry)).toEqual(expect.arrayContaining(["413", "415"]));
    }
    expect(Object.keys(document.paths["/api/v1/customers/{id}/restore/"].post.responses)).toContain("415");
  });

  it("answers 415 on set-primary/ and restore/ to a body that is not JSON, as documented", async () => {
    for (const url of ["/api/v1/customers/999999/restore/", "/api/v1/customers/members/relations/999999/set-primary/"]) {
      const response = await request(t, "POST", url, { payload: "<x/>", headers: { "content-type": "application/xml" } });
      expect(response.statusCode, url).toBe(415);
    }
  });

  it("keeps no schema of trpc-to-openapi's own error shape and no dangling $ref", () => {
    const schemaNames = Object.keys(document.components.schemas ?? {});
    expect(schemaNames.filter((name) => name.startsWith("error."))).toEqual([]);
    const refs = [...new Set(refsIn(document))];
    expect(refs.filter((ref) => ref.includes("error."))).toEqual([]);
    expect(refs.filter((ref) => resolve(document, ref) === undefined)).toEqual([]);
  });

  // The probes below send real requests through `request`, which checks each answer against
  // the document: a status or body the document does not describe fails there.
  it("answers 401 / 4010 to every protected operation called without credentials", async () => {
    for (const entry of operations.filter(({ operation }) => operation.security.length > 0)) {
      const body = ["post", "put", "patch"].includes(entry.method) ? { payload: {} } : {};
      const response = await request(t, entry.method.toUpperCase() as never, urlOf(entry), { token: null, ...body });
      expect(response.statusCode, `${label(entry)}: ${response.body}`).toBe(401);
      expect(json(response)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });
    }
  });

  it("answers 403 / 4030 to every admin operation called by a tenant admin", async () => {
    for (const entry of operations.filter(({ meta }) => meta.access === "admin")) {
      const body = ["post", "put", "patch"].includes(entry.method) ? { payload: {} } : {};
      const response = await request(t, entry.method.toUpperCase() as never, urlOf(entry), { token: t.tenantAdminToken, ...body });
      expect(response.statusCode, `${label(entry)}: ${response.body}`).toBe(403);
      expect(json(response)).toEqual({ success: false, code: 4030, message: "权限不足" });
    }
  });

  it("answers 400 / 4000 to malformed JSON on every operation that takes a body", async () => {
    for (const entry of operations.filter(({ operation }) => operation.requestBody)) {
      const response = await request(t, entry.method.toUpperCase() as never, urlOf(entry), { payload: "{not json" });
      expect(response.statusCode, `${label(entry)}: ${response.body}`).toBe(400);
      expect(json(response)).toMatchObject({ success: false, code: 4000, message: "请求参数错误" });
    }
  });

  it("answers 415 / 4150 to a body that is not JSON on every operation that takes a body", async () => {
    for (const entry of operations.filter(({ operation }) => operation.requestBody)) {
      const response = await request(t, entry.method.toUpperCase() as never, urlOf(entry), {
        payload: "<name>x</name>",
        headers: { "content-type": "application/xml" },
      });
      expect(response.statusCode, `${label(entry)}: ${response.body}`).toBe(415);
      expect(json(response)).toEqual({ success: false, code: 4150, message: "不支持的媒体类型" });
    }
  });

  it("answers 404 / 4004 to an admin reading or deleting an id that does not exist", async () => {
    const byId = operations.filter(
      ({ method, operation, meta }) => meta.access === "admin" && hasPathParameter(operation) && ["get", "delete"].includes(method),
    );
    expect(byId.length).toBeGreaterThan(0);
    for (const entry of byId) {
      const response = await request(t, entry.method.toUpperCase() as never, urlOf(entry));
      expect(response.statusCode, `${label(entry)}: ${response.body}`).toBe(404);
      expect(json(response)).toMatchObject({ success: false, code: 4004 });
    }
  });

  it("answers 401 to wrong credentials and to a bad refresh token, as documented", async () => {
    const login = await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "admin", password: "wrong" } });
    expect(login.statusCode).toBe(401);
    expect(json(login)).toMatchObject({ success: false, code: 4010 });
    const refresh = await request(t, "POST", "/api/v1/auth/token/refresh/", { token: null, payload: { refresh: "not-a-token" } });
    expect(refresh.statusCode).toBe(401);
    expect(json(refresh)).toMatchObject({ success: false, code: 4010 });
  });
});
