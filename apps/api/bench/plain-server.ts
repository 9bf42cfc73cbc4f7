/**
 * The benchmark's baseline: plain Fastify + node-postgres, no ORM, no validation layers, sending
 * the SQL customer-hub sent before issue 11 (API-key lookup included, exact `count(*)` per list).
 * What the framework and the driver can do; run as its own process so its RSS is its own.
 *   DATABASE_URL=… PORT=… tsx bench/plain-server.ts
 */
import { createHash } from "node:crypto";

import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

const SEARCH_DOCUMENT = `(${["name", "primary_contact_name", "primary_contact_phone", "business_license_number", "tax_identification_number", "email", "mobile_phone"]
  .map((column) => `coalesce(c."${column}", '')`)
  .join(" || chr(31) || ")})`;

type Principal = { id: number; role: string; tenant_id: number | null };

async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
  const match = /^Token\s+(\S+)$/.exec(request.headers.authorization ?? "");
  const { rows } = await pool.query<Principal>(
    `select u.id, u.role, u.tenant_id from api_key a join app_user u on u.id = a.user_id
      where a.key_hash = $1 and a.revoked_at is null and u.is_active limit 1`,
    [createHash("sha256").update(match?.[1] ?? "").digest("hex")],
  );
  if (!rows[0]) void reply.code(401).send({ success: false, code: 4010, message: "unauthorized" });
  return rows[0] ?? null;
}

const ok = (data: unknown) => ({ success: true, code: 2000, message: "操作成功", data });
const page = (count: number, size: number, results: unknown[]) => ({
  pagination: { count, next: null, previous: null, page_size: size, current_page: 1, total_pages: Math.max(1, Math.ceil(count / size)) },
  results,
});

async function countBy(columns: string[], from: string, params: unknown[]) {
  const { rows } = await pool.query<{ dimension: string; value: string | null; count: string }>(
    `select case ${columns.map((column) => `when grouping(${column}) = 0 then '${column}'`).join(" ")} end as dimension,
            coalesce(${columns.map((column) => `${column}::text`).join(", ")}) as value, count(*) as count
       ${from} group by grouping sets (${columns.map((column) => `(${column})`).join(", ")})`,
    params,
  );
  const counts: Record<string, Record<string, number>> = {};
  for (const row of rows) if (row.value !== null) (counts[row.dimension] ??= {})[row.value] = Number(row.count);
  return counts;
}

app.get<{ Params: { id: string } }>("/customers/:id", async (request, reply) => {
  if (!(await authenticate(request, reply))) return reply;
  const { rows } = await pool.query("select c.* from customer c where c.id = $1 and c.deleted_at is null limit 1", [Number(request.params.id)]);
  if (!rows[0]) return reply.code(404).send({ success: false, code: 4040, message: "not found" });
  return ok(rows[0]);
});

const LIST_FILTERS = ["type", "value_level", "status"] as const;

app.get<{ Querystring: Record<string, string> }>("/customers", async (request, reply) => {
  if (!(await authenticate(request, reply))) return reply;
  const where = ["c.deleted_at is null"];
  const params: unknown[] = [];
  for (const field of LIST_FILTERS) {
    if (request.query[field]) where.push(`c.${field} = $${params.push(request.query[field])}`);
  }
  if (request.query.q) where.push(`${SEARCH_DOCUMENT} ilike $${params.push(`%${request.query.q}%`)}`);
  const from = `from customer c where ${where.join(" and ")}`;
  const [items, count] = await Promise.all([
    pool.query(`select c.* ${from} order by c.created_at desc, c.id desc limit 10 offset 0`, params),
    pool.query<{ count: string }>(`select count(*) as count ${from}`, params),
  ]);
  return ok(page(Number(count.rows[0]!.count), 10, items.rows));
});

app.get("/customers/statistics", async (request, reply) => {
  if (!(await authenticate(request, reply))) return reply;
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const totals = await pool.query(
    `select count(*) as total, count(*) filter (where status = 'active') as active,
            count(*) filter (where status = 'inactive') as inactive, count(*) filter (where created_at >= $1) as recent
       from customer where deleted_at is null`,
    [since],
  );
  const by = await countBy(["type", "value_level", "status", "company_size", "grade", "follow_up_status"], "from customer where deleted_at is null", []);
  return ok({ ...totals.rows[0], by });
});

const TENANT_FROM = "from customer_tenant_relation r join customer c on c.id = r.customer_id where r.tenant_id = $1 and c.deleted_at is null";

app.get("/tenant-view", async (request, reply) => {
  const principal = await authenticate(request, reply);
  if (!principal) return reply;
  const [items, count] = await Promise.all([
    pool.query(`select r.*, c.* ${TENANT_FROM} order by c.created_at desc, c.id desc limit 10 offset 0`, [principal.tenant_id]),
    pool.query<{ count: string }>(`select count(*) as count ${TENANT_FROM}`, [principal.tenant_id]),
  ]);
  return ok(page(Number(count.rows[0]!.count), 10, items.rows));
});

app.get("/tenant-view/statistics", async (request, reply) => {
  const principal = await authenticate(request, reply);
  if (!principal) return reply;
  const totals = await pool.query(
    `select count(*) as total, count(*) filter (where c.status = 'active') as active,
            count(*) filter (where c.status = 'inactive') as inactive ${TENANT_FROM}`,
    [principal.tenant_id],
  );
  const by = await countBy(["c.type", "c.value_level", "r.relation_type", "r.status"], TENANT_FROM, [principal.tenant_id]);
  return ok({ ...totals.rows[0], by });
});

/**
 * The bulk baseline writes to a copy of `customer` with its indexes and constraints but without
 * the count triggers: what one multi-row INSERT of the same rows costs with no counts kept, the
 * figure bulk-create with the counts maintained is held against (issue 11: at most 2×).
 */
const BULK_BASELINE_TABLE = "bench_customer_without_counts";
await pool.query(`create table if not exists ${BULK_BASELINE_TABLE} (like customer including all)`);

const BULK_COLUMNS = ["name", "type", "business_license_number", "email", "created_at", "updated_at", "created_by", "updated_by"];

/** One multi-row INSERT of the posted customers: what a bulk create costs without the API and the counts. */
app.post<{ Body: { customers: { name: string; type: string; business_license_number: string; email: string }[] } }>(
  "/customers/bulk-create",
  { bodyLimit: 5 * 1024 * 1024 },
  async (request, reply) => {
    if (!(await authenticate(request, reply))) return reply;
    const now = new Date();
    const params: unknown[] = [];
    const tuples = request.body.customers.map(
      (customer) =>
        `(${[customer.name, customer.type, customer.business_license_number, customer.email, now, now, "bench", "bench"]
          .map((value) => `$${params.push(value)}`)
          .join(", ")})`,
    );
    const { rows } = await pool.query(`insert into ${BULK_BASELINE_TABLE} (${BULK_COLUMNS.join(", ")}) values ${tuples.join(", ")} returning *`, params);
    return reply.code(201).send(ok({ created: rows.length, customers: rows }));
  },
);

await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0) });
process.send?.({ listening: true });
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
