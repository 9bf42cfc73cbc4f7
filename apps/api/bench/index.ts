/**
 * Speed and memory of customer-hub at a million customers (issue 11). Not a test: it prints
 * figures, and CI does not run it.
 *
 *   pnpm bench                         # 1M customers, 16 connections, 10 s per cell, 2 rounds
 *   CUSTOMERS=100000 DURATION=3 ROUNDS=1 pnpm bench
 *   ENDPOINTS=by-id,stat pnpm bench    # only the endpoints whose name contains one of these
 *   TIMEOUT=30 (s a request may take), WARMUP=2 (s per server and endpoint in round 1), BULK_REQUESTS=10,
 *   BULK_WARMUP=2 (bulk-create requests per server in round 1, not counted)
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" pnpm bench   # node flags for every server
 *   BENCH_BEFORE=/path/to/other/checkout/apps/api/dist/server.js pnpm bench   # an older build beside
 *
 * It seeds (once per size, kept under .data/bench-postgres or on DATABASE_URL's server), starts the
 * built server, the older build if named, and a plain Fastify + pg route with the same SQL, each in
 * its own process, and drives them with autocannon one cell at a time, interleaved, round after round.
 * Per endpoint: req/s, p50/p99 (median over rounds), hub ÷ plain, and each server's peak RSS.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";
import pg from "pg";
import { createOrm, ensureDatabase, migrate, startEmbeddedPostgres } from "@customer-hub/db";

import { benchEndpoints, bulkPayload, type Endpoint } from "./endpoints";
import { SEARCH_TERMS, seededDatabase } from "./seed";
import { startServer, type RunningServer, type Target } from "./servers";

const env = process.env;
const CUSTOMERS = Number(env.CUSTOMERS ?? 1_000_000);
const DURATION = Number(env.DURATION ?? 10);
const ROUNDS = Number(env.ROUNDS ?? 2);
const CONNECTIONS = Number(env.CONNECTIONS ?? 16);
const WARMUP = Number(env.WARMUP ?? 2);
// Ten, not five: req/s is the mean over one cell, and one request in a few is slower on both
// sides (a GIN index flushing its pending list into the tree); five let one such request decide.
const BULK_REQUESTS = Number(env.BULK_REQUESTS ?? 10);
// As the loads' WARMUP: the first bulk-create of a fresh server compiles its whole path (JIT, the
// schemas' parsers, prepared statements) and took 2-3 times a warm one, measured as the hub's p99.
const BULK_WARMUP = Number(env.BULK_WARMUP ?? 2);
const TIMEOUT = Number(env.TIMEOUT ?? 30);
const ONLY = env.ENDPOINTS?.split(",").filter(Boolean);

const log = (line: string) => console.log(line);
const apiDir = fileURLToPath(new URL("..", import.meta.url));
const projectRoot = path.resolve(apiDir, "../..");

async function openBenchDatabase() {
  let serverUrl = env.DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, ".data/bench-postgres"), log });
    serverUrl = cluster.adminUrl;
    stop = cluster.stop;
  }
  const url = await ensureDatabase(serverUrl, `bench_${CUSTOMERS}`);
  const migrateDatabase = async () => {
    const orm = await createOrm({ url });
    try {
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
  };
  return { url, migrateDatabase, stop };
}

type Cell = { rps: number; p50: number; p99: number; rss: number; failures: number; statuses?: string };

/**
 * Waits until no query of a previous cell still runs: a slow endpoint leaves its servers' pools
 * full of statements after autocannon gives up, and the next cell would measure that backlog.
 */
async function untilDatabaseIdle() {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ busy: number }>(
        "select count(*)::int as busy from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
      );
      if (rows[0]!.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}

async function driveCell(server: RunningServer, endpoint: Endpoint, seconds: number): Promise<Cell> {
  await untilDatabaseIdle();
  server.takePeakRss();
  const request = endpoint.request(server.target);
  const result = await autocannon({
    url: server.origin,
    connections: CONNECTIONS,
    duration: seconds,
    // A scan at 1M on a busy machine takes seconds; a request slower than this counts as failed.
    timeout: TIMEOUT,
    requests: [request],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rss: server.takePeakRss(),
    failures: result.non2xx + result.errors + result.timeouts,
    statuses: `${Object.entries(result.statusCodeStats ?? {})
      .map(([status, stats]) => `${status}×${stats.count}`)
      .join(" ")}, ${result.errors} errors, ${result.timeouts} timeouts`,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One bulk-create request; its time in ms and whether it was the 201 it should be. */
async function postBulk(server: RunningServer, endpoint: Endpoint, run: string): Promise<{ ms: number; status: number }> {
  const { method, path: url, headers } = endpoint.request(server.target);
  const started = performance.now();
  const response = await fetch(`${server.origin}${url}`, { method, headers, body: JSON.stringify(bulkPayload(run)) });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Bulk-create is a write: a few requests one after the other, not a load (it would grow the table). */
async function driveBulk(server: RunningServer, endpoint: Endpoint, round: number): Promise<Cell> {
  const times: number[] = [];
  let failures = 0;
  if (round === 0) {
    for (let index = 0; index < BULK_WARMUP; index++) await postBulk(server, endpoint, `${server.target}-w${index}-${Date.now()}`);
  }
  await untilDatabaseIdle();
  server.takePeakRss();
  for (let index = 0; index < BULK_REQUESTS; index++) {
    const { ms, status } = await postBulk(server, endpoint, `${server.target}-${round}-${index}-${Date.now()}`);
    times.push(ms);
    if (status !== 201) {
      failures++;
      if (failures === 1) console.log(`  ${server.target} bulk-create: ${status}`);
    }
  }
  const total = times.reduce((sum, time) => sum + time, 0);
  return { rps: (1000 * times.length) / total, p50: median(times), p99: Math.max(...times), rss: server.takePeakRss(), failures };
}

const database = await openBenchDatabase();
const credentials = await seededDatabase(database.url, CUSTOMERS, database.migrateDatabase, log);
// Built servers migrate themselves on start; the newest schema first, so an older build finds it.
await database.migrateDatabase();

const targets: { target: Target; script: string }[] = [{ target: "hub", script: path.join(apiDir, "dist/server.js") }];
if (env.BENCH_BEFORE) targets.push({ target: "before", script: path.resolve(env.BENCH_BEFORE) });
targets.push({ target: "plain", script: "" });

const servers: RunningServer[] = [];
for (const { target, script } of targets) {
  servers.push(await startServer(target, database.url, script));
  log(`started ${target} at ${servers.at(-1)!.origin}`);
}

const bench = await benchEndpoints(database.url, credentials, SEARCH_TERMS);
const endpoints = bench.endpoints.filter(
  (endpoint) => !ONLY || ONLY.some((part) => endpoint.name.includes(part)),
);
const cells = new Map<string, Cell[]>();
const key = (endpoint: Endpoint, target: Target) => `${endpoint.name}\u0000${target}`;

try {
  for (let round = 0; round < ROUNDS; round++) {
    log(`round ${round + 1} of ${ROUNDS}`);
    for (const endpoint of endpoints) {
      const order = servers.filter((server) => endpoint.targets.includes(server.target));
      // Interleaved: who goes first changes every round, so drift in the machine is shared.
      if (round % 2 === 1) order.reverse();
      for (const server of order) {
        if (endpoint.kind === "load" && round === 0 && WARMUP > 0) await driveCell(server, endpoint, WARMUP);
        const cell =
          endpoint.kind === "bulk" ? await driveBulk(server, endpoint, round) : await driveCell(server, endpoint, DURATION);
        if (endpoint.kind === "bulk") await bench.removeBulkRows();
        if (cell.failures > 0) log(`  ! ${endpoint.name} on ${server.target}: ${cell.failures} failed requests (${cell.statuses ?? ""})`);
        log(
          `  ${endpoint.name.padEnd(30)} ${server.target.padEnd(6)} ${cell.rps.toFixed(1).padStart(8)} req/s  p50 ${cell.p50.toFixed(1).padStart(7)} ms  p99 ${cell.p99.toFixed(1).padStart(7)} ms  rss ${cell.rss.toFixed(0)} MiB`,
        );
        cells.set(key(endpoint, server.target), [...(cells.get(key(endpoint, server.target)) ?? []), cell]);
      }
    }
  }
} finally {
  await bench.cleanUp();
  for (const server of servers) await server.stop();
  await database.stop();
}

const shown = targets.map(({ target }) => target);
console.log(
  `\n## ${CUSTOMERS.toLocaleString()} customers, ${CONNECTIONS} connections, ${DURATION} s per cell, median of ${ROUNDS} round(s)\n`,
);
const columns = shown.flatMap((target) => [`${target} req/s`, `${target} p50`, `${target} p99`]);
const ratios = shown.filter((target) => target !== "plain").map((target) => `${target} ÷ plain`);
console.log(`| endpoint | ${[...columns, ...ratios].join(" | ")} |`);
console.log(`|---|${[...columns, ...ratios].map(() => "---:").join("|")}|`);
for (const endpoint of endpoints) {
  const summary = (target: Target) => {
    const list = cells.get(key(endpoint, target));
    if (!list) return undefined;
    return { rps: median(list.map((cell) => cell.rps)), p50: median(list.map((cell) => cell.p50)), p99: median(list.map((cell) => cell.p99)) };
  };
  const values = shown.flatMap((target) => {
    const s = summary(target);
    return s ? [s.rps.toFixed(1), `${s.p50.toFixed(1)} ms`, `${s.p99.toFixed(1)} ms`] : ["—", "—", "—"];
  });
  const plain = summary("plain");
  const ratioValues = shown
    .filter((target) => target !== "plain")
    .map((target) => {
      const s = summary(target);
      // No answer within the cell on either side: no ratio.
      return s && plain && plain.rps > 0 && s.rps > 0 ? `${(s.rps / plain.rps).toFixed(2)}×` : "—";
    });
  console.log(`| ${endpoint.name} | ${[...values, ...ratioValues].join(" | ")} |`);
}
console.log(`\npeak RSS over the whole run: ${servers.map((server) => `${server.target} ${server.peakRss().toFixed(0)} MiB`).join(", ")}`);
console.log("(bulk-create: requests one after another; req/s is requests of 1000 customers per second, p99 the slowest;");
console.log(" plain inserts into a copy of customer without the count triggers, so hub ÷ plain ≥ 0.5 is \"≤ 2× one multi-row INSERT\")");
