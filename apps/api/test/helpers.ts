import type { LightMyRequestResponse } from "fastify";
import { UserSchema, ApiKeySchema } from "@customer-hub/db";
import { createTestDatabase, type TestDatabase } from "@customer-hub/db/testing";
import type { UserRole } from "@customer-hub/domain";
import { afterAll, beforeAll, inject } from "vitest";

import { generateApiKey } from "../src/auth/api-keys";
import type { Principal } from "../src/auth/authenticate";
import { buildApp, type App } from "../src/app";
import { insertUser } from "../src/testing";
import type { JsonValue } from "./json";
import { assertMatchesDocument } from "./openapi-conformance";

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";
export const PASSWORD = "correct horse battery staple";

export type TestContext = {
  app: App;
  db: TestDatabase;
  /** Bearer token of user `admin` (role admin). */
  adminToken: string;
  /** Bearer token of user `tenant-admin` (role tenant_admin of tenant `tenant_a`). */
  tenantAdminToken: string;
  /** An API key of `admin`, for `Authorization: Token …`. */
  adminApiKey: string;
  /** The two users as procedures see them, for `caller()` (caller.ts). */
  principals: { admin: Principal; tenantAdmin: Principal };
};

const principalOf = (user: Awaited<ReturnType<typeof createUser>>): Principal => ({
  userId: user.id,
  username: user.username,
  role: user.role,
  tenantId: user.tenant?.id ?? null,
});

export async function createUser(db: TestDatabase, username: string, role: UserRole, tenantCode?: string) {
  return insertUser(db.orm, { username, role, password: PASSWORD, tenantCode });
}

export async function tokenFor(app: App, username: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/api/v1/auth/token/", payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  return (response.json() as { data: { access: string } }).data.access;
}

/**
 * A fresh database with every migration, the real Fastify app on it, an admin and a tenant admin.
 * Every JSON answer the tests receive through `request` is checked against the OpenAPI document.
 */
export function setupTestApp(): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    context.db = await createTestDatabase(inject("pgServerUrl"));
    context.app = await buildApp({
      orm: context.db.orm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
    });
    await context.app.ready();
    const admin = await createUser(context.db, "admin", "admin");
    const tenantAdmin = await createUser(context.db, "tenant-admin", "tenant_admin", "tenant_a");
    context.principals = { admin: principalOf(admin), tenantAdmin: principalOf(tenantAdmin) };
    context.adminToken = await tokenFor(context.app, "admin");
    context.tenantAdminToken = await tokenFor(context.app, "tenant-admin");
    const key = generateApiKey();
    const em = context.db.orm.em.fork();
    em.create(ApiKeySchema, { user: em.getReference(UserSchema, admin.id), prefix: key.prefix, key_hash: key.hash });
    await em.flush();
    context.adminApiKey = key.key;
  });
  afterAll(async () => {
    await context.app?.close();
    await context.db?.drop();
  });
  return context;
}

type RequestOptions = {
  token?: string | null;
  authorization?: string;
  payload?: unknown;
  headers?: Record<string, string>;
};

/**
 * `app.inject` with the admin's token by default; the answer is checked against the schema the
 * served OpenAPI document gives for its path, method and status.
 */
export async function request(
  context: TestContext,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  options: RequestOptions = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? context.adminToken : options.token;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (token) headers.authorization = `Bearer ${token}`;
  const response = await context.app.inject({
    method,
    url,
    headers,
    ...(options.payload === undefined
      ? {}
      : typeof options.payload === "string"
        ? { payload: options.payload, headers: { "content-type": "application/json", ...headers } }
        : { payload: options.payload as object }),
  });
  await assertMatchesDocument(context.app, method, url, response);
  return response;
}

export const json = <T = JsonValue>(response: LightMyRequestResponse): T => response.json() as T;
