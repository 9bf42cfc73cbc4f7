import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from "./embedded";
import { createOrm, migrate, type Orm } from "./orm";

/**
 * For vitest's globalSetup: the server named by DATABASE_URL, or else a throwaway embedded
 * cluster. Returns the URL whose server test databases are created on, and a teardown.
 */
export async function startTestServer(databaseUrl: string | undefined) {
  if (databaseUrl) return { serverUrl: databaseUrl, stop: async () => {} };
  const dataDir = await mkdtemp(path.join(tmpdir(), "customer-hub-test-pg-"));
  const cluster = await startEmbeddedPostgres({ dataDir, persistent: false });
  return { serverUrl: cluster.adminUrl, stop: cluster.stop };
}

export type TestDatabase = { orm: Orm; url: string; drop: () => Promise<void> };

/** A fresh database with every migration applied: one per test file, so files never share rows. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const url = await ensureDatabase(serverUrl, name);
  // Tests race dozens of requests on purpose on a shared, busy machine: waiting for a pooled
  // connection is bounded, but not as tightly as in production; nor is a statement that waits for
  // the row locks of twenty parallel requests.
  const orm = await createOrm({ url, poolMax: 25, timeouts: { acquireMs: 10_000, connectMs: 5000, statementMs: 60_000 } });
  await migrate(orm);
  return {
    orm,
    url,
    drop: async () => {
      await orm.close(true);
      await dropDatabase(serverUrl, name);
    },
  };
}

/**
 * For a vitest globalSetup: one PostgreSQL for the whole run (`databaseUrl`'s, or an embedded one);
 * each test file then makes its own database on it with createTestDatabase(inject("pgServerUrl")).
 * The caller passes the URL: this package never reads the environment.
 */
export async function provideTestServer(
  project: { provide: (key: "pgServerUrl", value: string) => void },
  databaseUrl: string | undefined,
) {
  const server = await startTestServer(databaseUrl);
  project.provide("pgServerUrl", server.serverUrl);
  return server.stop;
}

/** For tests that must know a search's random draw really is drawn (not the table read whole). */
export { randomCustomerTids } from "./repositories/spread";
