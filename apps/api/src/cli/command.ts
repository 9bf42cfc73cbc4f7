import type { Database, Orm } from "@customer-hub/db";
import type { z } from "zod";

/** What a command may touch: its output streams and a way to open the database (swapped in tests). */
export type CliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  open: (options?: { migrate?: boolean }) => Promise<Database>;
};

/** A failure the user can act on: printed on one line, without a stack trace. Exit code 2 is a usage error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

const optionName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Validates option values with a zod schema; problems are reported by option name
 * (`--tenant-code: …`). Commander parses the command line, zod says what a value may be.
 */
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
