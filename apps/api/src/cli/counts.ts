import { countDrift, rebuildCounts, type Orm } from "@customer-hub/db";

import { parseOptions, usageError, withDatabase, type Command } from "./command";

/** Recomputes the maintained counts; returns how many of them were wrong before. */
export async function rebuildAllCounts(orm: Orm): Promise<number> {
  const em = orm.em.fork();
  const drift = await countDrift(em);
  await em.transactional((tx) => rebuildCounts(tx));
  return drift.length;
}

export const countsCommand: Command = {
  synopsis: "counts rebuild",
  summary: "recompute the maintained customer counts (list totals, statistics) from the tables",
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action !== "rebuild") throw usageError(action ? `unknown counts action "${action}"` : "missing counts action");
    parseOptions(rest, {});
    const wrong = await withDatabase(io, rebuildAllCounts);
    io.out(wrong === 0 ? "counts rebuilt; none was wrong" : `counts rebuilt; ${wrong} were wrong`);
  },
};
