/** The servers under test, each its own process (so its RSS is its own), and their RSS sampler. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export type Target = "hub" | "before" | "plain";

export type RunningServer = {
  target: Target;
  origin: string;
  /** Highest RSS seen since the last `takePeakRss` (MiB). */
  takePeakRss: () => number;
  /** Highest RSS of the whole run (MiB). */
  peakRss: () => number;
  stop: () => Promise<void>;
};

const BENCH_JWT_SECRET = "bench-secret-bench-secret-bench-secret-000000";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function waitUntilUp(origin: string, path: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${origin}${path}`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${origin} did not come up:\n${output()}`);
}

/**
 * `hub` and `before` run a built customer-hub (`dist/server.js`) exactly as production does, with
 * request logging at `info` into /dev/null; `plain` runs bench/plain-server.ts.
 */
export async function startServer(target: Target, databaseUrl: string, serverScript: string): Promise<RunningServer> {
  const port = await freePort();
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to every server's node.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const script = target === "plain" ? ["--import", "tsx", fileURLToPath(new URL("./plain-server.ts", import.meta.url))] : [serverScript];
  const args = [...nodeArgs, ...script];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
      // A rate limit (issue 13b) must not throttle the benchmark's own traffic.
      RATE_LIMIT_MAX: process.env.RATE_LIMIT_MAX ?? "1000000000",
      RATE_LIMIT_ANONYMOUS_MAX: process.env.RATE_LIMIT_ANONYMOUS_MAX ?? "1000000000",
    },
    // stdout (the request log) is discarded as a log shipper would take it; stderr kept for errors.
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilUp(origin, target === "plain" ? "/customers/0" : "/healthz", child, () => stderr);

  let windowPeak = 0;
  let runPeak = 0;
  const sampler = setInterval(() => {
    const rss = rssMiB(child.pid!);
    windowPeak = Math.max(windowPeak, rss);
    runPeak = Math.max(runPeak, rss);
  }, 200);
  return {
    target,
    origin,
    takePeakRss: () => {
      const peak = Math.max(windowPeak, rssMiB(child.pid!));
      windowPeak = 0;
      return peak;
    },
    peakRss: () => runPeak,
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
