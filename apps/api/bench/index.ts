/**
 * Speed and memory of the hot customer reads on a large table. Not a test: it prints figures.
 *   pnpm bench                 # 200k customers (CUSTOMERS=1000000 for the full size)
 * Uses DATABASE_URL's server when set, else a throwaway embedded PostgreSQL.
 */
import { performance } from "node:perf_hooks";

import { createTestDatabase, startTestServer } from "@customer-hub/db/testing";

import { buildApp } from "../src/app";
import { generateApiKey } from "../src/auth/api-keys";
import { hashPassword } from "../src/auth/passwords";

const CUSTOMERS = Number(process.env.CUSTOMERS ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 30);

const server = await startTestServer(process.env.DATABASE_URL);
const db = await createTestDatabase(server.serverUrl);
const connection = db.orm.em.getConnection();

console.log(`seeding ${CUSTOMERS.toLocaleString()} customers…`);
let started = performance.now();
await connection.execute(`
  insert into customer (name, type, value_level, status, email, mobile_phone, business_license_number, created_at, updated_at, deleted_at)
  select 'Customer ' || n || ' ' || md5(n::text),
         (array['company','individual','government','organization','other'])[1 + n % 5],
         (array['normal','vip','important','svip'])[1 + n % 4],
         (array['active','inactive','potential','suspended','lost'])[1 + n % 5],
         'c' || n || '@example.com', '138' || lpad(n::text, 8, '0'), 'BL' || n,
         now() - (n || ' seconds')::interval, now(),
         case when n % 20 = 0 then now() else null end
    from generate_series(1, ${CUSTOMERS}) as n`);
await connection.execute("analyze customer");
console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const key = generateApiKey();
await connection.execute(
  `insert into app_user (username, password_hash, role, is_active, created_at, updated_at) values ('bench', ?, 'admin', true, now(), now())`,
  [await hashPassword("bench-password")],
);
await connection.execute(
  `insert into api_key (user_id, prefix, key_hash, created_at) select id, ?, ?, now() from app_user where username = 'bench'`,
  [key.prefix, key.hash],
);

const app = await buildApp({
  orm: db.orm,
  env: { jwtSecret: "bench-secret-bench-secret-bench-secret-0000", accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 600 },
});
const headers = { authorization: `Token ${key.key}` };

async function measure(label: string, url: string) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    started = performance.now();
    const response = await app.inject({ method: "GET", url, headers });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${label.padEnd(34)} p50 ${pick(0.5).padStart(7)} ms   p95 ${pick(0.95).padStart(7)} ms`);
}

await measure("list, first page", "/api/v1/customers/");
await measure("list, page 500", "/api/v1/customers/?page=500");
await measure("list, filter status + type", "/api/v1/customers/?status=active&type=company");
await measure("search, 6 characters", "/api/v1/customers/search/?q=e12345");
await measure("search, phone digits", "/api/v1/customers/search/?q=13800012");
await measure("statistics", "/api/v1/customers/statistics/");
await measure("get by id", "/api/v1/customers/12345/");

const memory = process.memoryUsage();
console.log(`memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);

await app.close();
await db.drop();
await server.stop();
