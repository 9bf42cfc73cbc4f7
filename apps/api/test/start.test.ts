import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { setupTestApp, TEST_JWT_SECRET } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const API = path.resolve(import.meta.dirname, "..");
// What the api package's `start` runs, from the api package (where tsx resolves).
const SERVER = [process.execPath, "--import", "tsx", "src/server.ts"];

// `pnpm start` as a person types it: through the pnpm running the tests, or the pinned one.
const execPath = process.env.npm_execpath;
const PNPM = execPath?.includes("pnpm") ? [process.execPath, execPath] : ["npx", "--yes", "pnpm@10.34.8"];

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(command: string[], env: Record<string, string | undefined>, cwd = API): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: "info", ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  // Its own process group, so the cleanup can end the whole tree whatever happened.
  const child = spawn(command[0]!, command.slice(1), { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Pids of every process whose command line mentions `text` (the data folder). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The pnpm that runs `start` (under npx, the process below npx's own). */
function pnpmStartProcess(top: number): number | undefined {
  const parentOf = (pid: string) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
  const all = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  const tree = new Set([top]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of all) {
      try {
        if (!tree.has(Number(pid)) && tree.has(parentOf(pid))) {
          tree.add(Number(pid));
          grew = true;
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  // The outermost process of the tree whose arguments end in `start` and that is pnpm.
  return [...tree].sort((a, b) => a - b).find((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      return args.at(-1) === "start" && args.some((arg) => /pnpm(\.c?js)?$/.test(arg));
    } catch {
      return false;
    }
  });
}

const isAlive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");

describe("pnpm start", () => {
  const t = setupTestApp();
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("serves on the embedded database, refuses a second server on its data folder and a busy port in one line each, and on SIGTERM leaves no process behind", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "customer-hub-start-"));
    dirs.push(dataDir);
    const server = start([...PNPM, "start"], { DATA_DIR: dataDir, PORT: "0", DATABASE_URL: undefined }, ROOT);
    children.push(server.child);
    const base = await until(
      "the server to listen",
      () => /listening at (http:\/\/[\d.]+:\d+)/i.exec(server.output())?.[1],
      150_000,
    );
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const serverPid = Number(readFileSync(path.join(dataDir, "server.pid"), "utf8"));

    const second = start(SERVER, { DATA_DIR: dataDir, PORT: "0", DATABASE_URL: undefined });
    children.push(second.child);
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(
      `customer-hub: another customer-hub server (pid ${serverPid}) is running on ${dataDir}: stop it, or give this one its own DATA_DIR or a DATABASE_URL`,
    );

    const port = new URL(base).port;
    const busy = start(SERVER, { DATABASE_URL: t.db.url, PORT: port, LOG_LEVEL: "warn" });
    children.push(busy.child);
    expect(await busy.exited).toBe(1);
    expect(busy.output().trim()).toBe(`customer-hub: 127.0.0.1:${port} is already in use: stop what listens there, or set PORT`);
    // The first server never noticed.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const pnpm = pnpmStartProcess(server.child.pid!);
    expect(pnpm).toBeDefined();
    process.kill(pnpm!, "SIGTERM");
    await until("the server and its PostgreSQL to stop", () => (isAlive(serverPid) || processesMentioning(dataDir).length > 0 ? undefined : true), 60_000);
    expect(server.output()).toContain("shutting down");
    expect(server.output()).not.toContain("ELIFECYCLE");
    expect(existsSync(path.join(dataDir, "server.pid"))).toBe(false);

    // Ctrl-C: SIGINT to the whole foreground group (npx, pnpm, node, PostgreSQL), as a terminal sends it.
    const again = start([...PNPM, "start"], { DATA_DIR: dataDir, PORT: "0", DATABASE_URL: undefined }, ROOT);
    children.push(again.child);
    await until("the server to listen again", () => /listening at (http:\/\/[\d.]+:\d+)/i.exec(again.output())?.[1], 150_000);
    const againPid = Number(readFileSync(path.join(dataDir, "server.pid"), "utf8"));
    process.kill(-again.child.pid!, "SIGINT");
    await again.exited;
    await until("the server and its PostgreSQL to stop after Ctrl-C", () => (isAlive(againPid) || processesMentioning(dataDir).length > 0 ? undefined : true), 60_000);
    expect(again.output()).toContain("shutting down");
    expect(again.output()).not.toContain("ELIFECYCLE");
  }, 400_000);
});
