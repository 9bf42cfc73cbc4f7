import { UserSchema } from "@customer-hub/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { generateApiKey } from "../src/auth/api-keys";
import { createUser, json, request, setupTestApp, TEST_JWT_SECRET, tokenFor } from "./helpers";

const UNAUTHORIZED = { success: false, code: 4010, message: "未认证或认证失败" };
const FORBIDDEN = { success: false, code: 4030, message: "权限不足" };

/**
 * Principals are cached per instance; a change written by another connection (another process,
 * the CLI, psql) must be effective on the very next request, on every instance.
 */
describe("cached principals", () => {
  const t = setupTestApp();
  let other: App;
  let writer: pg.Client;

  beforeAll(async () => {
    other = await buildApp({
      orm: t.db.orm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
    });
    await other.ready();
    writer = new pg.Client({ connectionString: t.db.url });
    await writer.connect();
  });
  afterAll(async () => {
    await writer?.end();
    await other?.close();
  });

  async function userWithKey(username: string) {
    const user = await createUser(t.db, username, "admin");
    const key = generateApiKey();
    await writer.query("insert into api_key (user_id, prefix, key_hash, created_at) values ($1, $2, $3, now())", [
      user.id,
      key.prefix,
      key.hash,
    ]);
    return { id: user.id, key: key.key, hash: key.hash, token: await tokenFor(t.app, username) };
  }

  /** The same request on both instances: statuses and bodies. */
  async function onBoth(authorization: string) {
    const answers = [];
    for (const app of [t.app, other]) {
      const response = await request({ ...t, app }, "GET", "/api/v1/customers/", { authorization });
      answers.push({ status: response.statusCode, body: json(response) as object });
    }
    return answers;
  }

  const allOk = [expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })];
  const refused = (body: object, status: number) => [{ status, body }, { status, body }];

  it("refuse a key revoked by another connection on the next request", async () => {
    const user = await userWithKey("cache-revoked");
    expect(await onBoth(`Token ${user.key}`)).toEqual(allOk);
    await writer.query("update api_key set revoked_at = now() where key_hash = $1", [user.hash]);
    expect(await onBoth(`Token ${user.key}`)).toEqual(refused(UNAUTHORIZED, 401));
  });

  it("refuse the key and the token of a user deactivated by another connection on the next request", async () => {
    const user = await userWithKey("cache-deactivated");
    expect(await onBoth(`Token ${user.key}`)).toEqual(allOk);
    expect(await onBoth(`Bearer ${user.token}`)).toEqual(allOk);
    await writer.query("update app_user set is_active = false where id = $1", [user.id]);
    expect(await onBoth(`Token ${user.key}`)).toEqual(refused(UNAUTHORIZED, 401));
    expect(await onBoth(`Bearer ${user.token}`)).toEqual(refused(UNAUTHORIZED, 401));
  });

  it("apply a role changed by another connection on the next request", async () => {
    const user = await userWithKey("cache-demoted");
    expect(await onBoth(`Bearer ${user.token}`)).toEqual(allOk);
    const tenant = await t.db.orm.em.fork().findOneOrFail(UserSchema, { username: "tenant-admin" }, { populate: ["tenant"] });
    await writer.query("update app_user set role = 'tenant_admin', tenant_id = $2 where id = $1", [user.id, tenant.tenant!.id]);
    expect(await onBoth(`Bearer ${user.token}`)).toEqual(refused(FORBIDDEN, 403));
  });

  it("refuse the key of a user deleted by another connection on the next request", async () => {
    const user = await userWithKey("cache-deleted");
    expect(await onBoth(`Token ${user.key}`)).toEqual(allOk);
    await writer.query("delete from app_user where id = $1", [user.id]);
    expect(await onBoth(`Token ${user.key}`)).toEqual(refused(UNAUTHORIZED, 401));
  });

  it("never cache a refusal: a reactivated user's key works at once", async () => {
    const user = await userWithKey("cache-reactivated");
    await writer.query("update app_user set is_active = false where id = $1", [user.id]);
    expect(await onBoth(`Token ${user.key}`)).toEqual(refused(UNAUTHORIZED, 401));
    // A refusal is never cached: reactivated, the key works at once.
    await writer.query("update app_user set is_active = true where id = $1", [user.id]);
    expect(await onBoth(`Token ${user.key}`)).toEqual(allOk);
  });
});
