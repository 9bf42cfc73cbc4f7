import { migrate, type Orm } from "@customer-hub/db";
import type { Command } from "commander";

import { withDatabase, type CliIo } from "./command";

/** The names of the migrations it applied, in order; empty when the schema was current. */
export async function applyPendingMigrations(orm: Orm): Promise<string[]> {
  return migrate(orm);
}

export function addMigrateCommand(program: Command, io: CliIo) {
  program
    .command("migrate")
    .description("apply pending database migrations")
    .action(async () => {
      // Opened without its own migration step, so this command can report what it applies.
      const applied = await withDatabase(io, applyPendingMigrations, { migrate: false });
      if (applied.length === 0) io.out("no pending migrations");
      for (const name of applied) io.out(`applied ${name}`);
    });
}
