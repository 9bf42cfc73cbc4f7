import { once } from "node:events";
import { connect } from "node:net";
import { Writable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import type { HttpSettings } from "../src/http-options";
import { json, setupTestApp, TEST_JWT_SECRET, type TestContext } from "./helpers";

const ENV = { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 600 };
const BAD_REQUEST = { success: false, code: 4000, message: "请求参数错误" };
const NOT_FOUND = { success: false, code: 4004, message: "资源不存在" };

const nested = (depth: number) => `{"name":${"[".repeat(depth)}${"]".repeat(depth)},"type":"company"}`;

/** A second app on the test's database with other HTTP settings, closed after the file. */
function otherApp(t: TestContext, http: Partial<HttpSettings>, logger?: object) {
  const holder = {} as { app: App };
  beforeAll(async () => {
    holder.app = await buildApp({ orm: t.db.orm, env: ENV, http, ...(logger ? { logger } : {}) });
    await holder.app.ready();
  });
  afterAll(async () => {
    await holder.app?.close();
  });
  return holder;
}

async function listen(app: App): Promise<number> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (typeof address !== "object" || !address) throw new Error("not listening");
  return address.port;
}

/** Writes raw bytes to the server and reads until it closes the connection (bounded). */
async function rawExchange(port: number, chunks: (string | Buffer)[], options: { gapMs?: number; timeoutMs?: number } = {}) {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.on("data", (data: Buffer) => (received += data.toString("utf8")));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});
  const started = performance.now();
  void (async () => {
    for (const chunk of chunks) {
      if (socket.destroyed) return;
      socket.write(chunk);
      if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
  })();
  const timer = setTimeout(() => socket.destroy(), options.timeoutMs ?? 5000);
  await closed;
  clearTimeout(timer);
  const [head = "", body = ""] = received.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), head, body, ms: performance.now() - started };
}

describe("the HTTP edges", () => {
  const t = setupTestApp();
  const auth = () => ({ authorization: `Bearer ${t.adminToken}` });

  describe("JSON nesting", () => {
    it("refuses JSON nested 3000 deep with a 400 envelope on REST, before authentication", async () => {
      for (const headers of [auth(), {}]) {
        const response = await t.app.inject({
          method: "POST",
          url: "/api/v1/customers/",
          headers: { ...headers, "content-type": "application/json" },
          payload: nested(3000),
        });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({ ...BAD_REQUEST, errors: { non_field_errors: ["JSON 嵌套层级过深（最多 32 层）"] } });
      }
    });

    it("refuses it on tRPC mutations too, and accepts ordinary nesting", async () => {
      const deep = await t.app.inject({
        method: "POST",
        url: "/trpc/customers.create",
        headers: { ...auth(), "content-type": "application/json" },
        payload: nested(5000),
      });
      expect(deep.statusCode).toBe(400);
      expect(deep.json().error.data.envelope.errors).toEqual({ non_field_errors: ["JSON 嵌套层级过深（最多 32 层）"] });
      // Brackets inside strings are text, not nesting.
      const text = await t.app.inject({
        method: "POST",
        url: "/api/v1/customers/",
        headers: { ...auth(), "content-type": "application/json" },
        payload: JSON.stringify({ name: "[".repeat(100), type: "company", notes: "{\"[".repeat(50) }),
      });
      expect(text.statusCode).toBe(201);
    });

    it("answers a tRPC query whose input nests thousands deep with a 400, not a 500", async () => {
      const input = encodeURIComponent(`{"q":${"[".repeat(4000)}${"]".repeat(4000)},"nul":"\u0000"}`);
      const response = await t.app.inject({ method: "GET", url: `/trpc/customers.search?input=${input}`, headers: auth() });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.data.envelope.errors).toEqual({ non_field_errors: ["JSON 嵌套层级过深（最多 32 层）"] });
    });
  });

  describe("refusals of the HTTP layer, in the envelope", () => {
    it("404 for an unknown path, 415 for a body that is not JSON, 413 for one over the limit", async () => {
      expect((await t.app.inject({ method: "GET", url: "/nowhere" })).json()).toEqual(NOT_FOUND);
      const text = await t.app.inject({
        method: "POST",
        url: "/api/v1/customers/",
        headers: { ...auth(), "content-type": "application/xml" },
        payload: "<name>x</name>",
      });
      expect(text.statusCode).toBe(415);
      expect(text.json()).toEqual({ success: false, code: 4150, message: "不支持的媒体类型" });
      const huge = await t.app.inject({
        method: "POST",
        url: "/api/v1/customers/bulk-create/",
        headers: { ...auth(), "content-type": "application/json" },
        payload: `{"customers":"${"x".repeat(17 * 1024 * 1024)}"}`,
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json()).toEqual({ success: false, code: 4130, message: "请求体过大" });
    });

    it("400 envelope for a URL the router cannot decode (FST_ERR_BAD_URL)", async () => {
      const response = await t.app.inject({ method: "GET", url: "/trpc/customers.list%E0%A4%A" });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ success: false, code: 4000, message: "URL 格式错误" });
    });

    it("a tRPC batch of 12 procedures in one GET answers 200; a path parameter over 5000 characters is a 414", async () => {
      const names = Array.from({ length: 12 }, () => "customers.list");
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(names.map((_, index) => [index, {}]))));
      const batch = await t.app.inject({ method: "GET", url: `/trpc/${names.join(",")}?batch=1&input=${input}`, headers: auth() });
      expect(batch.statusCode).toBe(200);
      expect(batch.json()).toHaveLength(12);

      const long = await t.app.inject({ method: "GET", url: `/trpc/${"customers.list,".repeat(400)}customers.list?batch=1`, headers: auth() });
      expect(long.statusCode).toBe(414);
      expect(long.json()).toEqual({ success: false, code: 4140, message: "请求路径过长" });
    });
  });

  describe("ids beyond int4 are unknown, not invalid", () => {
    it("answers 404 资源不存在 on v1 paths and 404 on the legacy detail", async () => {
      for (const url of [
        "/api/v1/customers/2147483800/",
        "/api/v1/customers/2147483800/follow-ups/",
        "/api/v1/members/2147483800/",
        "/api/v1/tenants/2147483800/",
        "/api/v1/customers/members/relations/2147483800/",
        "/api/v1/customers/tenants/relations/2147483800/",
      ]) {
        const response = await t.app.inject({ method: "GET", url, headers: auth() });
        expect(response.statusCode, url).toBe(404);
      }
      expect((await t.app.inject({ method: "GET", url: "/api/v1/customers/2147483800/", headers: auth() })).json()).toEqual(NOT_FOUND);
      const legacy = await t.app.inject({ method: "GET", url: "/api/customer/detail/2147483700/", headers: auth() });
      expect(legacy.statusCode).toBe(404);
      expect(legacy.json()).toEqual({ success: false, code: 4004, message: "客户不存在" });
    });

    it("in bulk they are per-item 客户不存在", async () => {
      const response = await t.app.inject({ method: "POST", url: "/api/v1/customers/bulk-delete/", headers: auth(), payload: { ids: [2147483800] } });
      expect(response.statusCode).toBe(400);
      expect(json(response).errors).toEqual({ "ids.0": ["客户不存在"] });
    });
  });

  describe("proxies on purpose", () => {
    const trusted = otherApp(t, { trustProxy: ["127.0.0.1"] });
    const published = otherApp(t, { publicUrl: "https://crm.example.com/" });
    const forwarded = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

    beforeAll(async () => {
      for (const name of ["proxy one", "proxy two"]) {
        await t.app.inject({ method: "POST", url: "/api/v1/customers/", headers: auth(), payload: { name, type: "company" } });
      }
    });

    const nextLink = async (app: App) => {
      const response = await app.inject({ method: "GET", url: "/api/v1/customers/?page_size=1", headers: { ...auth(), ...forwarded, host: "api.local:3000" } });
      return json(response).data.pagination.next as string;
    };

    it("ignores X-Forwarded-Host by default: links use the request's Host", async () => {
      expect(await nextLink(t.app)).toMatch(/^http:\/\/api\.local:3000\/api\/v1\/customers\/\?page_size=1&page=2$/);
    });

    it("follows it from a trusted proxy (TRUST_PROXY), and PUBLIC_URL wins over both", async () => {
      expect(await nextLink(trusted.app)).toMatch(/^https:\/\/evil\.example\/api\/v1\/customers\//);
      expect(await nextLink(published.app)).toMatch(/^https:\/\/crm\.example\.com\/api\/v1\/customers\//);
    });
  });

  describe("operator basics", () => {
    const lines: string[] = [];
    const logged = otherApp(t, {}, {
      level: "info",
      stream: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });

    it("echoes a sane X-Request-Id, makes one otherwise, and logs it on every line of the request", async () => {
      const echoed = await logged.app.inject({ method: "GET", url: "/api/v1/customers/", headers: { "x-request-id": "req-42.a" } });
      expect(echoed.headers["x-request-id"]).toBe("req-42.a");
      expect(lines.filter((line) => line.includes('"reqId":"req-42.a"')).length).toBe(1); // the one line per request (issue 11) carries it

      const forged = await logged.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "x\n{\"level\":60}" } });
      expect(forged.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      const made = await logged.app.inject({ method: "GET", url: "/healthz" });
      expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("sends WWW-Authenticate: Bearer with every 401, REST and tRPC", async () => {
      const rest = await t.app.inject({ method: "GET", url: "/api/v1/customers/" });
      expect(rest.statusCode).toBe(401);
      expect(rest.headers["www-authenticate"]).toMatch(/^Bearer/);
      const trpc = await t.app.inject({ method: "GET", url: `/trpc/customers.list?input=${encodeURIComponent("{}")}` });
      expect(trpc.statusCode).toBe(401);
      expect(trpc.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect((await t.app.inject({ method: "GET", url: "/api/v1/customers/", headers: auth() })).headers["www-authenticate"]).toBeUndefined();
    });

    it("sends helmet's security headers on every kind of answer: REST, tRPC, an unknown path, an error", async () => {
      const answers = await Promise.all([
        t.app.inject({ method: "GET", url: "/api/v1/customers/", headers: auth() }),
        t.app.inject({ method: "GET", url: `/trpc/customers.list?input=${encodeURIComponent("{}")}`, headers: auth() }),
        t.app.inject({ method: "GET", url: "/nowhere" }),
        t.app.inject({ method: "GET", url: "/api/v1/customers/999999999/", headers: auth() }),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 404, 404]);
      for (const answer of answers) {
        expect(answer.headers).toMatchObject({
          "content-security-policy": "default-src 'none';frame-ancestors 'none'",
          "cross-origin-opener-policy": "same-origin",
          "cross-origin-resource-policy": "same-origin",
          "origin-agent-cluster": "?1",
          "referrer-policy": "no-referrer",
          "strict-transport-security": "max-age=31536000; includeSubDomains",
          "x-content-type-options": "nosniff",
          "x-dns-prefetch-control": "off",
          "x-download-options": "noopen",
          "x-frame-options": "SAMEORIGIN",
          "x-permitted-cross-domain-policies": "none",
          "x-xss-protection": "0",
        });
        expect(answer.headers["x-powered-by"]).toBeUndefined();
      }
    });

    it("sends nosniff and no-store on API answers, and keeps the docs pages' own CSP and the assets' caching", async () => {
      const api = await t.app.inject({ method: "GET", url: "/api/v1/customers/", headers: auth() });
      expect(api.headers["x-content-type-options"]).toBe("nosniff");
      expect(api.headers["cache-control"]).toBe("no-store");
      expect(api.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
      const token = await t.app.inject({ method: "POST", url: "/api/v1/auth/token/", payload: { username: "admin", password: "wrong" } });
      expect(token.headers["cache-control"]).toBe("no-store");

      for (const page of ["/api/v1/docs/", "/api/v1/redoc/"]) {
        const html = await t.app.inject({ method: "GET", url: page });
        expect(html.statusCode).toBe(200);
        expect(html.headers["content-security-policy"]).toContain("script-src 'self'");
        expect(html.headers["x-content-type-options"]).toBe("nosniff");
      }
      const asset = await t.app.inject({ method: "GET", url: "/api/v1/docs/static/swagger-ui.css" });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers["cache-control"]).not.toBe("no-store");
    });
  });

  describe("CORS", () => {
    const allowed = otherApp(t, { corsOrigins: ["https://app.example.com"] });
    const preflight = (app: App, origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/api/v1/customers/",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
      });

    it("answers the preflight of an allowed origin and exposes the request id", async () => {
      const response = await preflight(allowed.app, "https://app.example.com");
      expect(response.statusCode).toBe(204);
      expect(response.headers["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(response.headers["access-control-allow-methods"]).toContain("POST");
      expect(String(response.headers["access-control-allow-headers"]).toLowerCase()).toContain("authorization");
      const real = await allowed.app.inject({ method: "GET", url: "/api/v1/customers/", headers: { ...auth(), origin: "https://app.example.com" } });
      expect(real.headers["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(String(real.headers["access-control-expose-headers"])).toContain("X-Request-Id");
    });

    it("gives no CORS headers to other origins, nor to anyone by default", async () => {
      expect((await preflight(allowed.app, "https://evil.example")).headers["access-control-allow-origin"]).toBeUndefined();
      const byDefault = await preflight(t.app, "https://app.example.com");
      expect(byDefault.headers["access-control-allow-origin"]).toBeUndefined();
    });
  });

  describe("on a real socket", () => {
    const slow = otherApp(t, { requestTimeoutMs: 1000 });
    let port = 0;
    let slowPort = 0;
    beforeAll(async () => {
      port = await listen(t.app);
      slowPort = await listen(slow.app);
    });

    it("answers raw UTF-8 in the URL (the parser refuses it) with a 400 envelope that says to percent-encode", async () => {
      const response = await rawExchange(port, [
        Buffer.from(`GET /api/v1/customers/search/?q=普全 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.adminToken}\r\n\r\n`, "utf8"),
      ]);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        success: false,
        code: 4000,
        message: "URL 中的非 ASCII 字符须经百分号编码（如 curl -G --data-urlencode 'q=普全'）",
      });
      // What the README's curl now sends.
      await t.app.inject({ method: "POST", url: "/api/v1/customers/", headers: auth(), payload: { name: "上海普全公司", type: "company" } });
      const encoded = await fetch(`http://127.0.0.1:${port}/api/v1/customers/search/?q=${encodeURIComponent("普全")}`, { headers: auth() });
      expect(encoded.status).toBe(200);
      expect(await encoded.text()).toContain("上海普全公司");
    });

    it("answers a request that arrives during shutdown with the 503 envelope, and finishes the one in flight", async () => {
      const app = await buildApp({ orm: t.db.orm, env: ENV });
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let started = () => {};
      const inFlight = new Promise<void>((resolve) => (started = resolve));
      app.get("/test/slow", async () => {
        started();
        await held;
        return { finished: true };
      });
      const socket = connect(await listen(app), "127.0.0.1");
      await once(socket, "connect");
      let received = "";
      socket.on("data", (data: Buffer) => (received += data.toString("utf8")));
      const closed = once(socket, "close");
      socket.write("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
      await inFlight;
      const closing = app.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Pipelined on the same connection, so it arrives after the server began to close.
      socket.write("GET /api/v1/customers/ HTTP/1.1\r\nHost: x\r\n\r\n");
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await closing;
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 3000))]);
      socket.destroy();
      const answers = received.split(/(?=HTTP\/1\.1 )/);
      expect(answers[0]).toMatch(/^HTTP\/1\.1 200/);
      expect(answers[0]).toContain('{"finished":true}');
      expect(answers[1]).toMatch(/^HTTP\/1\.1 503/);
      expect(answers[1]).toContain(JSON.stringify({ success: false, code: 5030, message: "服务不可用" }));
    });

    it("431 envelope for headers over the limit", async () => {
      const response = await rawExchange(port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
      expect(response.status).toBe(431);
      expect(JSON.parse(response.body)).toEqual({ success: false, code: 4310, message: "请求头过大" });
    });

    it("cuts a trickled body at the request timeout with a 408 envelope", async () => {
      const head = `POST /api/v1/customers/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
      const response = await rawExchange(slowPort, [head, ...Array.from({ length: 100 }, () => " ")], { gapMs: 100, timeoutMs: 6000 });
      expect(response.status).toBe(408);
      expect(JSON.parse(response.body)).toEqual({ success: false, code: 4080, message: "请求超时" });
      expect(response.ms).toBeLessThan(4000);
    });
  });
});
