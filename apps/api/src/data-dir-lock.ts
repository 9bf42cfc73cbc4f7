import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * One server per data folder: a second one would share the first one's embedded PostgreSQL and
 * lose it when the first stops. A lock file holds the owner's pid; a stale one (its process is
 * gone) is taken over. Returns the release function, or a one-line reason to refuse.
 */
export function lockDataDir(dataDir: string): { release: () => void } | { refused: string } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "server.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return {
        release: () => {
          if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        return {
          refused: `another customer-hub server (pid ${owner}) is running on ${dataDir}: stop it, or give this one its own DATA_DIR or a DATABASE_URL`,
        };
      }
      rmSync(file, { force: true });
    }
  }
  return { refused: `could not lock ${file}` };
}
