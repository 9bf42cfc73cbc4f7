import { Writable } from "node:stream";

import { createTestDatabase, type TestDatabase } from "@customer-hub/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { TEST_JWT_SECRET } from "./helpers";

describe("request logging", () => {
  const lines: Record<string, unknown>[] = [];
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgServerUrl"));
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildApp({
      orm: db.orm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 3600 },
      logger: { level: "info", stream },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("write one line per request, with its id, method, URL, status and time", async () => {
    lines.length = 0;
    const response = await app.inject({ method: "GET", url: "/api/v1/customers/?page=2" });
    expect(response.statusCode).toBe(401);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      reqId: response.headers["x-request-id"] ?? expect.any(String),
      method: "GET",
      url: "/api/v1/customers/?page=2",
      statusCode: 401,
      responseTime: expect.any(Number),
      msg: "request completed",
    });
  });

  it("write nothing for the health probes", async () => {
    lines.length = 0;
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect(lines).toEqual([]);
  });
});
