import type { OrderingTerm } from "@customer-hub/domain";

/** `ordering` terms → MikroORM orderBy, with `id` as the last tie-breaker so pages never overlap. */
export function orderByWithTieBreak<F extends string>(
  ordering: OrderingTerm<F>[],
  prefix = "",
): Record<string, "asc" | "desc">[] {
  const orderBy = ordering.map((term) => ({ [`${prefix}${term.field}`]: term.desc ? ("desc" as const) : ("asc" as const) }));
  if (!ordering.some((term) => term.field === "id")) {
    orderBy.push({ [`${prefix}id`]: ordering.at(-1)?.desc === false ? "asc" : "desc" });
  }
  return orderBy;
}
