import { ApiKeySchema, UserSchema } from "@customer-hub/db";
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { generateApiKey } from "../src/auth/api-keys";
import { createUser, json, PASSWORD, request, setupTestApp, TEST_JWT_SECRET, tokenFor, type TestContext } from "./helpers";

const UNAUTHORIZED = { success: false, code: 4010, message: "未认证或认证失败" };
const BAD_CREDENTIALS = { success: false, code: 4010, message: "用户名或密码错误" };
const BAD_TOKEN = { success: false, code: 4010, message: "令牌无效或已过期" };
const FORBIDDEN = { success: false, code: 4030, message: "权限不足" };
const REQUIRED = "此字段为必填项";

const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

type Forged = {
  sub: string;
  typ?: string | undefined;
  iss?: string;
  iat?: number;
  /** null: no `exp` claim at all. */
  exp?: number | null;
  nbf?: number;
  alg?: string;
  key?: CryptoKey | Uint8Array;
};

/** A JWT like the server's own (tokens.ts), with one thing changed per test. */
async function forge(options: Forged): Promise<string> {
  const claims: Record<string, unknown> = {};
  if (options.typ !== undefined) claims.typ = options.typ;
  if (options.nbf !== undefined) claims.nbf = options.nbf;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setSubject(options.sub)
    .setIssuer(options.iss ?? "customer-hub")
    .setIssuedAt(options.iat ?? now());
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 600);
  return jwt.sign(options.key ?? secret);
}

const customers = (t: TestContext, authorization?: string) =>
  request(t, "GET", "/api/v1/customers/", authorization === undefined ? { token: null } : { authorization });

async function deactivate(t: TestContext, username: string) {
  const em = t.db.orm.em.fork();
  const user = await em.findOneOrFail(UserSchema, { username });
  user.is_active = false;
  await em.flush();
}

async function apiKeyOf(t: TestContext, username: string, options: { revoked?: boolean } = {}): Promise<string> {
  const em = t.db.orm.em.fork();
  const user = await em.findOneOrFail(UserSchema, { username });
  const key = generateApiKey();
  em.create(ApiKeySchema, {
    user,
    prefix: key.prefix,
    key_hash: key.hash,
    revoked_at: options.revoked ? new Date() : null,
  });
  await em.flush();
  return key.key;
}

describe("authentication", () => {
  const t = setupTestApp();
  let adminId: string;

  beforeAll(async () => {
    adminId = String((await t.db.orm.em.fork().findOneOrFail(UserSchema, { username: "admin" })).id);
  });

  describe("POST /api/v1/auth/token/", () => {
    const obtain = (payload: unknown) => request(t, "POST", "/api/v1/auth/token/", { token: null, payload });

    it("answers 200 with a token pair whose access token works", async () => {
      const response = await obtain({ username: "admin", password: PASSWORD });
      expect(response.statusCode).toBe(200);
      const body = json(response);
      expect(body).toEqual({
        success: true,
        code: 2000,
        message: "操作成功",
        data: { access: expect.any(String), refresh: expect.any(String), token_type: "Bearer", expires_in: 600 },
      });
      expect((await customers(t, `Bearer ${body.data.access}`)).statusCode).toBe(200);
    });

    it("answers 401 / 4010 for a wrong password, an unknown user and an inactive user", async () => {
      await createUser(t.db, "retired", "admin");
      await deactivate(t, "retired");
      for (const payload of [
        { username: "admin", password: "wrong password" },
        { username: "nobody", password: PASSWORD },
        { username: "retired", password: PASSWORD },
      ]) {
        const response = await obtain(payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(401);
        expect(json(response)).toEqual(BAD_CREDENTIALS);
      }
    });

    it("answers 400 naming each missing field", async () => {
      const missingPassword = await obtain({ username: "admin" });
      expect(missingPassword.statusCode).toBe(400);
      expect(json(missingPassword)).toEqual({
        success: false,
        code: 4000,
        message: "请求参数错误",
        errors: { password: [REQUIRED] },
      });

      const missingUsername = await obtain({ password: PASSWORD });
      expect(missingUsername.statusCode).toBe(400);
      expect(json(missingUsername).errors).toEqual({ username: [REQUIRED] });

      const empty = await obtain({});
      expect(empty.statusCode).toBe(400);
      expect(json(empty).errors).toEqual({ username: [REQUIRED], password: [REQUIRED] });
    });

    it("answers 400 for malformed JSON", async () => {
      const response = await obtain('{"username": "admin", ');
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({
        success: false,
        code: 4000,
        message: "请求参数错误",
        errors: { non_field_errors: ["JSON 格式错误"] },
      });
    });
  });

  describe("POST /api/v1/auth/token/refresh/", () => {
    const refresh = (payload: unknown) => request(t, "POST", "/api/v1/auth/token/refresh/", { token: null, payload });

    it("answers 200 with a new access token that works and the next refresh token", async () => {
      const pair = json(await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "admin", password: PASSWORD } })).data;
      const response = await refresh({ refresh: pair.refresh });
      expect(response.statusCode).toBe(200);
      const body = json(response);
      expect(body).toEqual({
        success: true,
        code: 2000,
        message: "操作成功",
        data: { access: expect.any(String), refresh: expect.any(String), token_type: "Bearer", expires_in: 600 },
      });
      expect(body.data.refresh).not.toBe(pair.refresh);
      expect((await customers(t, `Bearer ${body.data.access}`)).statusCode).toBe(200);
    });

    it("answers 401 for an access token, garbage, an expired or foreign refresh token", async () => {
      const refreshTokens = {
        access: t.adminToken,
        garbage: "not-a-jwt",
        expired: await forge({ sub: adminId, typ: "refresh", iat: now() - 7200, exp: now() - 60 }),
        otherSecret: await forge({ sub: adminId, typ: "refresh", key: new TextEncoder().encode("another-secret-another-secret-0123456789") }),
      };
      for (const [name, token] of Object.entries(refreshTokens)) {
        const response = await refresh({ refresh: token });
        expect(response.statusCode, name).toBe(401);
        expect(json(response), name).toEqual(BAD_TOKEN);
      }
    });

    it("answers 401 for the refresh token of a user deactivated since", async () => {
      await createUser(t.db, "leaving", "admin");
      const pair = json(await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "leaving", password: PASSWORD } })).data;
      await deactivate(t, "leaving");
      const response = await refresh({ refresh: pair.refresh });
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(BAD_TOKEN);
    });

    it("answers 400 when refresh is missing", async () => {
      const response = await refresh({});
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({ success: false, code: 4000, message: "请求参数错误", errors: { refresh: [REQUIRED] } });
    });
  });

  describe("protected endpoints", () => {
    it("answer 401 / 4010 without an Authorization header, in both languages", async () => {
      const response = await customers(t);
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(UNAUTHORIZED);

      const english = await request(t, "GET", "/api/v1/customers/", { token: null, headers: { "accept-language": "en" } });
      expect(english.statusCode).toBe(401);
      expect(json(english)).toEqual({ success: false, code: 4010, message: "Authentication failed or not provided" });
    });

    it("accept a token forged exactly like the server's (so the refusals below test one change each)", async () => {
      expect((await customers(t, `Bearer ${await forge({ sub: adminId, typ: "access" })}`)).statusCode).toBe(200);
    });

    it("refuse every bad bearer token with 401 / 4010", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      const unsigned = new UnsecuredJWT({ typ: "access" })
        .setSubject(adminId)
        .setIssuer("customer-hub")
        .setIssuedAt()
        .setExpirationTime("10m")
        .encode();
      const badTokens: Record<string, string> = {
        garbage: "garbage",
        "three garbage segments": "aaa.bbb.ccc",
        expired: await forge({ sub: adminId, typ: "access", iat: now() - 7200, exp: now() - 60 }),
        "alg none": unsigned,
        "alg none with a signature": `${unsigned}${(await forge({ sub: adminId, typ: "access" })).split(".")[2]}`,
        "no exp": await forge({ sub: adminId, typ: "access", exp: null }),
        "future nbf": await forge({ sub: adminId, typ: "access", nbf: now() + 3600 }),
        "another secret": await forge({
          sub: adminId,
          typ: "access",
          key: new TextEncoder().encode("another-secret-another-secret-0123456789"),
        }),
        "HS512, same secret": await forge({ sub: adminId, typ: "access", alg: "HS512" }),
        "RS256, generated key": await forge({ sub: adminId, typ: "access", alg: "RS256", key: privateKey }),
        "refresh token": await forge({ sub: adminId, typ: "refresh" }),
        "no typ": await forge({ sub: adminId }),
        "another issuer": await forge({ sub: adminId, typ: "access", iss: "someone-else" }),
        "unknown user": await forge({ sub: "999999", typ: "access" }),
        "user id out of the integer range": await forge({ sub: "99999999999", typ: "access" }),
        "non-numeric subject": await forge({ sub: "admin", typ: "access" }),
      };
      for (const [name, token] of Object.entries(badTokens)) {
        const response = await customers(t, `Bearer ${token}`);
        expect(response.statusCode, name).toBe(401);
        expect(json(response), name).toEqual(UNAUTHORIZED);
      }
    });

    it("refuse a real refresh token used as an access token", async () => {
      const pair = json(await request(t, "POST", "/api/v1/auth/token/", { token: null, payload: { username: "admin", password: PASSWORD } })).data;
      const response = await customers(t, `Bearer ${pair.refresh}`);
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(UNAUTHORIZED);
    });

    it("refuse the still-valid token of a user deactivated after it was issued", async () => {
      await createUser(t.db, "deactivated-later", "admin");
      const token = await tokenFor(t.app, "deactivated-later");
      expect((await customers(t, `Bearer ${token}`)).statusCode).toBe(200);
      await deactivate(t, "deactivated-later");
      const response = await customers(t, `Bearer ${token}`);
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(UNAUTHORIZED);
    });

    it("refuse malformed Authorization headers", async () => {
      for (const header of ["Bearer", "Bearer ", `Basic ${Buffer.from("admin:x").toString("base64")}`, `Bearer ${t.adminToken} extra`, t.adminToken]) {
        const response = await customers(t, header);
        expect(response.statusCode, header).toBe(401);
        expect(json(response), header).toEqual(UNAUTHORIZED);
      }
    });

    it("refuse an API key that is unknown, revoked, or of an inactive user", async () => {
      await createUser(t.db, "key-owner-gone", "admin");
      const inactiveOwnersKey = await apiKeyOf(t, "key-owner-gone");
      await deactivate(t, "key-owner-gone");
      const badKeys = {
        unknown: generateApiKey().key,
        revoked: await apiKeyOf(t, "admin", { revoked: true }),
        "inactive owner": inactiveOwnersKey,
        "a JWT as an API key": t.adminToken,
      };
      for (const [name, key] of Object.entries(badKeys)) {
        const response = await customers(t, `Token ${key}`);
        expect(response.statusCode, name).toBe(401);
        expect(json(response), name).toEqual(UNAUTHORIZED);
      }
    });

    it("accept a valid API key and any case of the scheme", async () => {
      for (const header of [`Token ${t.adminApiKey}`, `token ${t.adminApiKey}`, `bearer ${t.adminToken}`, `BEARER ${t.adminToken}`]) {
        const response = await customers(t, header);
        expect(response.statusCode, header).toBe(200);
        expect(json(response)).toMatchObject({ success: true, code: 2000 });
      }
    });

    it("answer 403 / 4030 to a tenant admin on an admin endpoint", async () => {
      const response = await request(t, "GET", "/api/v1/customers/", { token: t.tenantAdminToken });
      expect(response.statusCode).toBe(403);
      expect(json(response)).toEqual(FORBIDDEN);
    });
  });

  describe("the tenant view, with a tenant admin's identity", () => {
    const view = (authorization: string) => request(t, "GET", "/api/v1/customers/tenants/view/", { authorization });

    it("refuses every bad bearer token with 401 / 4010", async () => {
      await createUser(t.db, "view-admin", "tenant_admin", "tenant_a");
      const subject = String((await t.db.orm.em.fork().findOneOrFail(UserSchema, { username: "view-admin" })).id);
      const valid = await forge({ sub: subject, typ: "access" });
      // The same forgery with nothing changed is accepted, so each refusal below tests one change.
      expect((await view(`Bearer ${valid}`)).statusCode).toBe(200);

      const { privateKey } = await generateKeyPair("RS256");
      const unsigned = new UnsecuredJWT({ typ: "access" }).setSubject(subject).setIssuer("customer-hub").setIssuedAt().setExpirationTime("10m").encode();
      const badTokens: Record<string, () => Promise<string>> = {
        "no exp": () => forge({ sub: subject, typ: "access", exp: null }),
        expired: () => forge({ sub: subject, typ: "access", iat: now() - 7200, exp: now() - 60 }),
        "future nbf": () => forge({ sub: subject, typ: "access", nbf: now() + 3600 }),
        "wrong signature": () => forge({ sub: subject, typ: "access", key: new TextEncoder().encode("another-secret-another-secret-0123456789") }),
        "alg none": async () => unsigned,
        "HS512, same secret": () => forge({ sub: subject, typ: "access", alg: "HS512" }),
        "RS256, generated key": () => forge({ sub: subject, typ: "access", alg: "RS256", key: privateKey }),
      };
      for (const [name, make] of Object.entries(badTokens)) {
        const response = await view(`Bearer ${await make()}`);
        expect(response.statusCode, name).toBe(401);
        expect(json(response), name).toEqual(UNAUTHORIZED);
      }

      await deactivate(t, "view-admin");
      const deactivated = await view(`Bearer ${valid}`);
      expect(deactivated.statusCode).toBe(401);
      expect(json(deactivated)).toEqual(UNAUTHORIZED);
    });
  });

  describe("tRPC", () => {
    it("answers 401 with the REST envelope in error.data.envelope", async () => {
      const response = await t.app.inject({ method: "GET", url: "/trpc/customers.list" });
      expect(response.statusCode).toBe(401);
      const error = json(response).error;
      expect(error.data.envelope).toEqual(UNAUTHORIZED);
      expect(error.data.envelope).toEqual(json(await customers(t)));
      expect(error.message).toBe(UNAUTHORIZED.message);
    });

    it("answers 403 with the REST envelope to a tenant admin", async () => {
      const response = await t.app.inject({
        method: "GET",
        url: "/trpc/customers.list",
        headers: { authorization: `Bearer ${t.tenantAdminToken}` },
      });
      expect(response.statusCode).toBe(403);
      expect(json(response).error.data.envelope).toEqual(FORBIDDEN);
    });

    it("answers 401 to wrong credentials on auth.token", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/trpc/auth.token",
        payload: { username: "admin", password: "wrong password" },
      });
      expect(response.statusCode).toBe(401);
      expect(json(response).error.data.envelope).toEqual(BAD_CREDENTIALS);
    });
  });
});
