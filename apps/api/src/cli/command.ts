import { parseArgs, type ParseArgsConfig } from "node:util";

import type { Database, Orm } from "@customer-hub/db";
import type { z } from "zod";

/** What a command may touch: its output streams and a way to open the database (swapped in tests). */
export type CliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  open: (options?: { migrate?: boolean }) => Promise<Database>;
};

export type Command = {
  /** How to call it, without the `pnpm cli` prefix. */
  synopsis: string;
  summary: string;
  run: (argv: string[], io: CliIo) => Promise<void>;
};

/** A failure the user can act on: printed without a stack trace. Exit code 2 is a usage error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

export const wantsHelp = (argv: string[]) => argv.includes("--help") || argv.includes("-h");

/** `parseArgs` in strict mode, its complaints turned into usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true as const, allowPositionals: false as const }).values;
  } catch (error) {
    if (error instanceof TypeError) throw usageError(error.message);
    throw error;
  }
}

const optionName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validates options with a zod schema; problems are reported by option name (`--tenant-code: …`). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    const name = issue.path.length > 0 ? optionName(issue.path[0]!) : "arguments";
    return `${name}: ${missing ? "is required" : issue.message}`;
  });
  throw usageError(problems.length === 1 ? problems[0]! : `invalid options:\n  ${problems.join("\n  ")}`);
}

/** Opens the database, runs `work`, and always closes it (the embedded cluster stops with it). */
export async function withDatabase<T>(
  io: CliIo,
  work: (orm: Orm) => Promise<T>,
  options?: { migrate?: boolean },
): Promise<T> {
  const database = await io.open(options);
  try {
    return await work(database.orm);
  } finally {
    await database.close();
  }
}
