import type { AddressInfo } from "node:net";

import { buildApp, insertUser } from "@customer-hub/api/testing";
import { createTestDatabase, startTestServer } from "@customer-hub/db/testing";
import type { TestProject } from "vitest/node";

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

  await insertUser(db.orm, { username: "admin", role: "admin", password: PASSWORD });
  await insertUser(db.orm, { username: "tenant-admin", role: "tenant_admin", password: PASSWORD, tenantCode: "tenant_a" });

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
