import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { openApiRoutes } from "../src/rest/openapi-handler";
import { router } from "../src/trpc/init";
import { publicProcedure } from "../src/trpc/procedures";
import { json, request, setupTestApp } from "./helpers";

const getAt = (path: `/${string}`) =>
  publicProcedure
    .meta({ openapi: { method: "GET", path } })
    .input(path.includes("{id}") ? z.object({ id: z.string() }) : z.object({}))
    .output(z.object({}))
    .query(() => ({}));

/** Mounts `routes` as a REST surface on a bare Fastify; resolves once it has started. */
async function startWith(routes: Parameters<typeof router>[0]) {
  const app = Fastify();
  await app.register(openApiRoutes, {
    surface: { router: router(routes), basePath: "/api/test", enveloped: true },
    createContext: () => ({ responseHeaders: {} }),
    onError: () => {},
    isAuthenticated: async () => true,
  });
  await app.ready();
  await app.close();
}

describe("REST routing", () => {
  const t = setupTestApp();

  it("answers a known path with a wrong method 405 and Allow, once the caller is known", async () => {
    const response = await request(t, "POST", "/api/v1/customers/tenants/view/", {
      token: t.tenantAdminToken,
      payload: {},
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("GET");
    expect(json(response)).toEqual({ success: false, code: 4050, message: "方法不允许" });
  });

  it("lets the most literal path decide: PUT on statistics/ is 405, not an update of customer 'statistics'", async () => {
    for (const [method, url] of [
      ["PUT", "/api/v1/customers/statistics/"],
      ["DELETE", "/api/v1/customers/search/"],
      ["DELETE", "/api/v1/customers/members/relations/primary/"],
    ] as const) {
      const response = await request(t, method, url, method === "PUT" ? { payload: {} } : {});
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toBe("GET");
    }
  });

  it("answers an anonymous caller 401 before 405, as DRF does", async () => {
    const response = await request(t, "DELETE", "/api/v1/customers/statistics/", { token: null });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual({ success: false, code: 4010, message: "未认证或认证失败" });
  });

  it("answers HEAD like GET, without a body", async () => {
    const response = await t.app.inject({
      method: "HEAD",
      url: "/api/v1/customers/",
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("");
  });

  it("serves every path with and without its trailing slash", async () => {
    for (const url of ["/api/v1/customers/statistics/", "/api/v1/customers/statistics"]) {
      const response = await request(t, "GET", url);
      expect(response.statusCode).toBe(200);
      expect(json(response).data).toHaveProperty("total_count");
    }
  });

  it("answers an unknown path 404 whoever asks", async () => {
    const response = await request(t, "GET", "/api/v1/nothing/here/", { token: null });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual({ success: false, code: 4004, message: "资源不存在" });
  });

  it("refuses to start when a path is declared after a less literal one that would shadow it", async () => {
    await expect(startWith({ byId: getAt("/things/{id}"), latest: getAt("/things/latest") })).rejects.toThrow(
      "REST path /things/latest (latest) is more literal than /things/{id} (byId) but declared after it: declare it first",
    );
    await expect(startWith({ deep: getAt("/things/{id}/parts"), sub: getAt("/things/latest/{id}") })).rejects.toThrow(/declare it first/);
    // The literal first, or paths no request matches both of, start.
    await startWith({ latest: getAt("/things/latest"), byId: getAt("/things/{id}"), other: getAt("/others/{id}") });
  });
});
