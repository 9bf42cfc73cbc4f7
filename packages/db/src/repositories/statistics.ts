import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * Counts the rows of `from` (a FROM … WHERE … clause) per value of each column, in one pass
 * (grouping sets). A null value is no category, so each map lists only values that occur.
 */
export async function countByColumns<K extends string>(
  em: EntityManager,
  columns: Record<K, string>,
  from: string,
  params: unknown[],
): Promise<Record<K, Record<string, number>>> {
  const entries = Object.entries(columns) as [K, string][];
  const rows = await em.getConnection().execute<{ dimension: K; value: string | null; count: string }[]>(
    `select case ${entries.map(([name, column]) => `when grouping(${column}) = 0 then '${name}'`).join(" ")} end as dimension,
            coalesce(${entries.map(([, column]) => `${column}::text`).join(", ")}) as value,
            count(*) as count
       ${from}
      group by grouping sets (${entries.map(([, column]) => `(${column})`).join(", ")})`,
    params,
  );
  const counts: Record<string, Record<string, number>> = Object.fromEntries(entries.map(([name]) => [name, {}]));
  for (const row of rows) {
    if (row.value !== null) counts[row.dimension]![row.value] = Number(row.count);
  }
  return counts as Record<K, Record<string, number>>;
}
