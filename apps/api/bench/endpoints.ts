/** What the benchmark asks of each server: the same question in each one's own URL. */
import pg from "pg";

import type { Credentials } from "./seed";
import type { Target } from "./servers";

export type BenchRequest = {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  setupRequest?: <R extends { path?: string }>(request: R) => R;
};

export type Endpoint = {
  name: string;
  /** `load`: autocannon for DURATION s; `bulk`: a few writes one after another. */
  kind: "load" | "bulk";
  targets: Target[];
  request: (target: Target) => BenchRequest;
};

const BULK_SIZE = 1000;
const BULK_LICENSE_PREFIX = "BENCHBULK-";

/** 1000 customers with business licence numbers no other request uses (`run` tells them apart). */
export function bulkPayload(run: string) {
  return {
    customers: Array.from({ length: BULK_SIZE }, (_, index) => ({
      name: `批量导入测试有限公司${index}`,
      type: "company",
      business_license_number: `${BULK_LICENSE_PREFIX}${run}-${index}`.slice(0, 50),
      email: `bulk${index}@example.com`,
    })),
  };
}

const TENANT_SEARCH_TERMS = { "zh common 2": "公司", "zh common 6": "科技有限公司", "latin rare 6": "puquan" } as const;

const json = { "content-type": "application/json" };
const token = (key: string) => ({ authorization: `Token ${key}` });

export async function benchEndpoints(databaseUrl: string, credentials: Credentials, searchTerms: Record<string, string>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // By-id reads a different live customer each time, spread over the table, as real traffic does.
  const { rows } = await client.query<{ id: number }>(
    "select id from customer tablesample system (1) where deleted_at is null limit 2000",
  );
  await client.end();
  const ids = rows.map((row) => row.id);
  const randomId = () => ids[Math.floor(Math.random() * ids.length)]!;

  const admin = token(credentials.adminKey);
  const all: Target[] = ["hub", "before", "plain"];

  const get = (name: string, targets: Target[], hubPath: string, plainPath: string, headers = admin): Endpoint => ({
    name,
    kind: "load",
    targets,
    request: (target) => ({ method: "GET", path: target === "plain" ? plainPath : hubPath, headers }),
  });
  const byId = (name: string, hubPath: (id: number) => string, targets: Target[] = all): Endpoint => ({
    name,
    kind: "load",
    targets,
    request: (target) => {
      const pathOf = (id: number) => (target === "plain" ? `/customers/${id}` : hubPath(id));
      return { method: "GET", path: pathOf(ids[0]!), headers: admin, setupRequest: (request) => ({ ...request, path: pathOf(randomId()) }) };
    },
  });
  const trpcInput = (id: number) => encodeURIComponent(JSON.stringify({ 0: { id } }));

  const endpoints: Endpoint[] = [
    byId("by-id REST", (id) => `/api/v1/customers/${id}/`),
    byId("by-id tRPC", (id) => `/trpc/customers.get?batch=1&input=${trpcInput(id)}`),
    get("list page 1", all, "/api/v1/customers/", "/customers"),
    // Property selection (`fields=`): the same page with two columns read, mapped and sent; the plain route reads them all.
    get("list page 1 fields=id,name", all, "/api/v1/customers/?fields=id,name", "/customers"),
    get("list status+type", all, "/api/v1/customers/?status=active&type=company", "/customers?status=active&type=company"),
    get("statistics", all, "/api/v1/customers/statistics/", "/customers/statistics"),
    get("tenant 100k list", all, "/api/v1/customers/tenants/view/", "/tenant-view", token(credentials.bigTenantKey)),
    get("tenant 100k statistics", all, "/api/v1/customers/tenants/view/statistics/", "/tenant-view/statistics", token(credentials.bigTenantKey)),
    get("tenant 200 list", all, "/api/v1/customers/tenants/view/", "/tenant-view", token(credentials.smallTenantKey)),
    get("tenant 200 statistics", all, "/api/v1/customers/tenants/view/statistics/", "/tenant-view/statistics", token(credentials.smallTenantKey)),
    ...Object.entries(searchTerms).map(([label, term]) =>
      get(`search ${label}`, all, `/api/v1/customers/search/?q=${encodeURIComponent(term)}`, `/customers?q=${encodeURIComponent(term)}`),
    ),
    // The tenant view's search (the plain route has none): a common, a mid-frequency and a rare term.
    ...Object.entries(TENANT_SEARCH_TERMS).map(([label, term]) =>
      get(`search tenant 100k ${label}`, ["hub", "before"], `/api/v1/customers/tenants/view/search/?q=${encodeURIComponent(term)}`, "", token(credentials.bigTenantKey)),
    ),
    {
      name: "bulk-create 1000",
      kind: "bulk",
      targets: all,
      request: (target) => ({
        method: "POST",
        path: target === "plain" ? "/customers/bulk-create" : "/api/v1/customers/bulk-create/",
        headers: { ...admin, ...json },
      }),
    },
  ];

  async function withClient(work: (client: pg.Client) => Promise<void>) {
    const cleaner = new pg.Client({ connectionString: databaseUrl });
    await cleaner.connect();
    try {
      await work(cleaner);
    } finally {
      await cleaner.end();
    }
  }

  /**
   * Removes the customers bulk-create added, after each of its cells: they are the newest rows, and
   * left in place the next round would measure another table (the 100k tenant's page, its newest
   * customers, would walk past 12,000 customers of no tenant first).
   */
  const removeBulkRows = () =>
    withClient(async (client) => {
      await client.query("delete from customer where business_license_number like $1", [`${BULK_LICENSE_PREFIX}%`]);
      await client.query("delete from bench_customer_without_counts where business_license_number like $1", [`${BULK_LICENSE_PREFIX}%`]).catch(() => {});
    });

  /** Removes what bulk-create added and the plain route's trigger-less copy (plain-server.ts: not part of the schema). */
  const cleanUp = async () => {
    await removeBulkRows();
    await withClient(async (client) => void (await client.query("drop table if exists bench_customer_without_counts")));
  };
  return { endpoints, removeBulkRows, cleanUp };
}
