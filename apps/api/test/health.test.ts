import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";

import { createOrm } from "@customer-hub/db";
import { describe, expect, it } from "vitest";

import { buildApp } from "../src/app";
import { setupTestApp, TEST_JWT_SECRET } from "./helpers";

describe("health", () => {
  const t = setupTestApp();

  it("/healthz answers while the process is up", async () => {
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 200 with a reachable database", async () => {
    const response = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: true });
  });

  it("/readyz is 503 once the database is unreachable", async () => {
    const orm = await createOrm({ url: t.db.url });
    const app = await buildApp({
      orm,
      env: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 60 },
    });
    await orm.close(true);
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "unavailable", database: false });
    // The process itself is still fine.
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });

  it("unknown routes answer the 404 envelope", async () => {
    const response = await t.app.inject({ method: "GET", url: "/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ success: false, code: 4004, message: "资源不存在" });
  });
});

describe("server process", () => {
  const t = setupTestApp();

  it("serves, then on SIGTERM finishes and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "../src/server.ts")], {
      env: { ...process.env, DATABASE_URL: t.db.url, PORT: "0", JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening at (http:\/\/[\d.]+:\d+)/i.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)));
    });
    const base = await listening;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output).toContain("shutting down");
  });
});
