import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, describe, expect, it } from "vitest";

import { setupTestApp } from "./helpers";

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/**
 * What a third party writes against the generated types: named schemas, a boolean query
 * parameter, typed envelopes, the legacy API. It must compile under `--strict` with no casts.
 */
const PROGRAM = `
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Customer = components["schemas"]["Customer"];
type MemberRelationListItem = components["schemas"]["MemberRelationListItem"];
type LegacyCustomer = components["schemas"]["LegacyCustomer"];

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:3000", headers: { Authorization: "Token key" } });

export async function primaryContacts(customerId: number): Promise<MemberRelationListItem[]> {
  const { data, error } = await client.GET("/api/v1/customers/members/relations/", {
    params: { query: { customer_id: customerId, is_primary: true, page_size: 100, ordering: "-created_at" } },
  });
  if (error) throw new Error(\`\${error.code} \${error.message}\`);
  const count: number = data.data.pagination.count;
  return count > 0 ? data.data.results : [];
}

export async function createCustomer(): Promise<Customer> {
  const { data, error } = await client.POST("/api/v1/customers/", {
    body: { name: "上海普全公司", type: "company", website: "http://www.example.com", establishment_date: "2010-01-01" },
  });
  if (error) throw new Error(error.errors ? JSON.stringify(error.errors) : error.message);
  const customer: Customer = data.data;
  const level: "normal" | "vip" | "important" | "svip" = customer.value_level;
  return { ...customer, value_level: level };
}

export async function legacyCustomers(): Promise<LegacyCustomer[]> {
  const { data, error, response } = await client.GET("/api/customer/customers/", {
    params: { query: { customer_type: "A", lead_source: "all", page: 1 } },
  });
  if (error) throw new Error(error.message);
  const total = Number(response.headers.get("X-Total-Count"));
  const ids: string[] = data.map((customer) => customer.id);
  return total >= ids.length ? data : [];
}

export async function legacyCreate(): Promise<void> {
  const { error } = await client.POST("/api/customer/customers/", { body: { name: "深圳云帆科技有限公司", customer_type: "B" } });
  if (error) throw new Error(error.message);
  const detail = await client.GET("/api/customer/detail/{id}/", { params: { path: { id: 1 } } });
  for (const entry of detail.data?.follow_up_log ?? []) console.log(entry.title, entry.time);
}
`;

describe("types generated from the served document with openapi-typescript", () => {
  const t = setupTestApp();
  // Inside the package, so `openapi-fetch` resolves from its node_modules.
  let directory: string | undefined;
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it("compile a client program with openapi-fetch under tsc --strict", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/v1/schema/" })).json();
    const types = astToString(await openapiTS(document));
    directory = await mkdtemp(path.join(import.meta.dirname, "..", "node_modules", ".openapi-typescript-"));
    await writeFile(path.join(directory, "schema.ts"), types);
    await writeFile(path.join(directory, "program.ts"), PROGRAM);

    const tsc = require.resolve("typescript/bin/tsc");
    const args = ["--strict", "--noEmit", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--skipLibCheck", "--types", "node"];
    const result = await run(process.execPath, [tsc, ...args, path.join(directory, "program.ts")], { cwd: directory }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? String(error) }),
    );
    expect(`${result.stdout}${result.stderr}`).toBe("");
    // The named schemas are there for an integrator to import.
    expect(types).toMatch(/\bCustomer: \{/);
    expect(types).toMatch(/is_primary\?: boolean/);
  });
});
