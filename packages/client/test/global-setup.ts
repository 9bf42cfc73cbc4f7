import type { AddressInfo } from "node:net";

import { TenantSchema, UserSchema } from "@customer-hub/db";
import { createTestDatabase, startTestServer } from "@customer-hub/db/testing";
import type { UserRole } from "@customer-hub/domain";
import type { TestProject } from "vitest/node";

// The API is a devDependency for its types; its app and test fixtures are reached by path
// because the package exports only `./router`.
import { buildApp } from "../../../apps/api/src/app";
import { hashPassword } from "../../../apps/api/src/auth/passwords";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    adminToken: string;
    tenantAdminToken: string;
  }
}

const PASSWORD = "correct horse battery staple";

/**
 * As apps/api's setup (one PostgreSQL per run: DATABASE_URL's, or an embedded one), plus the real
 * API listening on a free port of the loopback, with an admin and a tenant admin to log in as.
 */
export default async function setup(project: TestProject) {
  const server = await startTestServer(process.env.DATABASE_URL);
  const db = await createTestDatabase(server.serverUrl);
  const app = await buildApp({
    orm: db.orm,
    env: { jwtSecret: "client-e2e-secret-client-e2e-secret-0123456789", accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const em = db.orm.em.fork();
  const tenant = em.create(TenantSchema, { name: "tenant_a", code: "tenant_a" });
  const user = async (username: string, role: UserRole) =>
    em.create(UserSchema, { username, password_hash: await hashPassword(PASSWORD), role, tenant: role === "admin" ? null : tenant, is_active: true });
  await user("admin", "admin");
  await user("tenant-admin", "tenant_admin");
  await em.flush();

  // Tokens come from the API's own login, as a real consumer gets them.
  const login = async (username: string) => {
    const response = await fetch(`${url}/api/v1/auth/token/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!response.ok) throw new Error(`login of ${username} failed: ${await response.text()}`);
    return ((await response.json()) as { data: { access: string } }).data.access;
  };
  project.provide("apiUrl", url);
  project.provide("adminToken", await login("admin"));
  project.provide("tenantAdminToken", await login("tenant-admin"));

  return async () => {
    await app.close();
    await db.drop();
    await server.stop();
  };
}
