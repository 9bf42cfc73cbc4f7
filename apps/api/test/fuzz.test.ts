import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { buildApp, type App } from "../src/app";
import { DEFAULT_LIMITS } from "../src/env";
import { insertCustomers } from "./customers-fixtures";
import { bodyFor, pathValue, queryValue, type RawBody } from "./fuzz/arbitraries";
import { assertMatchesDocument } from "./openapi-conformance";
import { setupTestApp, TEST_JWT_SECRET } from "./helpers";
import type { Json } from "./json";

// `pnpm fuzz` sets these for a longer run; the normal suite uses a fixed seed and few runs.
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 1301);

const t = setupTestApp();

type Operation = { method: string; template: string; operation: Json };

function operationsOf(document: Json): Operation[] {
  return Object.entries<Json>(document.paths).flatMap(([template, methods]) =>
    Object.entries<Json>(methods).map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })),
  );
}

type Call = {
  principal: "admin" | "tenant admin" | "anonymous" | "garbage";
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body: RawBody | undefined;
};

function callFor({ operation }: Operation, document: Json): fc.Arbitrary<Call> {
  const parameters: Json[] = operation.parameters ?? [];
  const path = Object.fromEntries(parameters.filter((p) => p.in === "path").map((p) => [p.name, pathValue]));
  const query = parameters
    .filter((p) => p.in === "query")
    .map((p) =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant<[string, string][]>([]) },
        { weight: 3, arbitrary: queryValue(p.schema, document).map((value): [string, string][] => [[p.name, value]]) },
        // The same parameter twice.
        { weight: 1, arbitrary: fc.tuple(queryValue(p.schema, document), queryValue(p.schema, document)).map(([a, b]): [string, string][] => [[p.name, a], [p.name, b]]) },
      ),
    );
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  return fc.record({
    principal: fc.constantFrom("admin", "tenant admin", "anonymous", "garbage"),
    path: fc.record(path),
    query: fc
      .tuple(fc.tuple(...query), fc.option(fc.tuple(fc.constantFrom("unknown", "page", "%00", "普"), fc.string({ maxLength: 5 }))))
      .map(([known, extra]) => [...known.flat(), ...(extra ? [extra] : [])]),
    headers: fc.record(
      {
        "x-tenant-id": fc.oneof(fc.constantFrom("1", "2", "0", "-1", "2147483648", "abc", ""), fc.string({ maxLength: 5 })),
        "accept-language": fc.constantFrom("en", "zh-CN", "fr;q=0.5, *", "\u00e9", ""),
      },
      { requiredKeys: [] },
    ),
    body: operation.requestBody ? bodyFor(schema, document) : fc.constant(undefined),
  });
}

function urlOf(template: string, call: Call): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => call.path[name] ?? "1");
  // A lone surrogate cannot be percent-encoded (UTF-8 has no bytes for it): send U+FFFD instead.
  const encode = (text: string) => encodeURIComponent(text.replace(/\p{Cs}/gu, "\uFFFD"));
  const query = call.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join("&");
  return query ? `${path}?${query}` : path;
}

describe("fuzzing every operation of the served document", () => {
  it("never answers 5xx, and every answer is one the document describes", { timeout: 120_000 + RUNS_PER_OPERATION * 15_000 }, async () => {
    // Its own instance, so the anonymous calls do not run into the per-address rate limit.
    const app: App = await buildApp({
      orm: t.db.orm,
      env: {
        jwtSecret: TEST_JWT_SECRET,
        accessTokenTtlSeconds: 600,
        refreshTokenTtlSeconds: 3600,
        limits: { ...DEFAULT_LIMITS, rateLimitMax: 1e9, rateLimitAnonymousMax: 1e9, loginMaxFailuresPerAddress: 1e9 },
      },
    });
    await app.ready();
    await insertCustomers(t, [{ name: "甲公司" }, { name: "乙公司" }, { name: "丙公司" }]);
    const document = (await app.inject({ method: "GET", url: "/api/v1/schema/" })).json() as Json;
    const authorization: Record<Call["principal"], string | undefined> = {
      admin: `Bearer ${t.adminToken}`,
      "tenant admin": `Bearer ${t.tenantAdminToken}`,
      anonymous: undefined,
      // NUL or other control characters cannot reach here over HTTP (Node's parser refuses them).
      garbage: "Token ch_not-a-key ",
    };

    const failures = new Map<string, string>();
    let requests = 0;
    try {
      for (const entry of operationsOf(document)) {
        await fc.assert(
          fc.asyncProperty(callFor(entry, document), async (call) => {
            const url = urlOf(entry.template, call);
            const headers: Record<string, string> = { ...call.headers };
            const auth = authorization[call.principal];
            if (auth) headers.authorization = auth;
            if (call.body?.contentType) headers["content-type"] = call.body.contentType;
            const response = await app.inject({
              method: entry.method as "GET",
              url,
              headers,
              ...(call.body ? { payload: call.body.payload } : {}),
            });
            requests++;
            const label = `${entry.method} ${entry.template} → ${response.statusCode}`;
            try {
              expect(response.statusCode, "a 5xx").toBeLessThan(500);
              await assertMatchesDocument(app, entry.method, url, response);
            } catch (error) {
              if (!failures.has(label)) {
                const sent = call.body ? ` body ${String(call.body.payload).slice(0, 200)} (${call.body.contentType})` : "";
                failures.set(label, `${(error as Error).message.split("\n")[0]}\n    ${entry.method} ${url.slice(0, 300)}${sent} as ${call.principal}\n    ${response.body.slice(0, 300)}`);
              }
            }
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED },
        );
      }
    } finally {
      await app.close();
    }
    console.info(`fuzz: ${requests} requests over ${operationsOf(document).length} operations, seed ${SEED}`);
    expect([...failures].map(([label, detail]) => `${label}: ${detail}`)).toEqual([]);
  });
});
