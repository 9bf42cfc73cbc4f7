import { countDrift, rebuildCounts, type Orm } from "@customer-hub/db";
import type { Command } from "commander";

import { withDatabase, type CliIo } from "./command";

/** Recomputes the maintained counts; returns how many of them were wrong before. */
export async function rebuildAllCounts(orm: Orm): Promise<number> {
  const em = orm.em.fork();
  const drift = await countDrift(em);
  await em.transactional((tx) => rebuildCounts(tx));
  return drift.length;
}

export function addCountsCommands(program: Command, io: CliIo) {
  const counts = program.command("counts").description("the maintained customer counts (list totals, statistics)");
  counts
    .command("rebuild")
    .description("recompute the maintained customer counts from the tables")
    .action(async () => {
      const wrong = await withDatabase(io, rebuildAllCounts);
      io.out(wrong === 0 ? "counts rebuilt; none was wrong" : `counts rebuilt; ${wrong} were wrong`);
    });
}
