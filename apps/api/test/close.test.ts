import type { AddressInfo } from "node:net";

import { ApiKeySchema, createOrm, UserSchema } from "@customer-hub/db";
import { createTestDatabase, type TestDatabase } from "@customer-hub/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { buildApp } from "../src/app";
import { generateApiKey } from "../src/auth/api-keys";
import { createUser, PASSWORD, TEST_JWT_SECRET } from "./helpers";

const ENV = { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 };

/** How many handles of each kind keep the event loop alive (what why-is-node-running lists). */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds of which there are more now than in `before`, with how many more. */
function leftOpen(before: Map<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of activeResources()) {
    const more = count - (before.get(kind) ?? 0);
    if (more > 0) extra[kind] = more;
  }
  return extra;
}

describe("closing the app", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgServerUrl"));
    await createUser(db, "admin", "admin");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("leaves nothing open: server, ORM pool, principal listener, key-usage writes", async () => {
    const key = generateApiKey();
    const em = db.orm.em.fork();
    const admin = await em.findOneOrFail(UserSchema, { username: "admin" });
    em.create(ApiKeySchema, { user: admin, prefix: key.prefix, key_hash: key.hash });
    await em.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const before = activeResources();

    // The app owns this ORM, as the server's app owns its database.
    const orm = await createOrm({ url: db.url });
    const app = await buildApp({ orm, env: ENV, closeDatabase: () => orm.close(true) });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${url}/api/v1/auth/token/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    // An API key's use starts a last_used_at write that the request does not wait for.
    const listed = await fetch(`${url}/api/v1/customers/`, { headers: { authorization: `Token ${key.key}` } });
    expect(listed.status).toBe(200);
    // What the check would catch: the listening socket, the pool's and the listener's connections.
    expect(leftOpen(before)).toMatchObject({ TCPServerWrap: 1, TCPSocketWrap: expect.any(Number) });

    await app.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(leftOpen(before)).toEqual({});
  });
});
