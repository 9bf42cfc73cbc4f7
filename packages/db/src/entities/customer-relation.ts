import { p } from "@mikro-orm/core";

import { CustomerSchema } from "./customer.entity";
import { timestamps } from "./timestamps";

type PartyEntity = Parameters<typeof p.manyToOne>[0];
const partyOf = <Party extends PartyEntity>(entity: Party) => p.manyToOne(entity).deleteRule("restrict");

/**
 * The columns every customer relation has, whatever its party (a member, seed 003; a tenant,
 * seed 002): deleting the customer removes its relations, the party cannot go while related.
 */
export function relationProperties<P extends string, Party extends PartyEntity>(party: P, entity: Party) {
  const partyProperty = { [party]: partyOf(entity) } as { [K in P]: ReturnType<typeof partyOf<Party>> };
  return {
    id: p.integer().primary().autoincrement(),
    customer: p.manyToOne(CustomerSchema).deleteRule("cascade"),
    ...partyProperty,
    is_primary: p.boolean().default(false),
    notes: p.text().nullable(),
    created_by: p.string().length(150).nullable(),
    updated_by: p.string().length(150).nullable(),
    ...timestamps,
  };
}

/**
 * A relation's table and its uniques, named after the table: one relation per customer and
 * party, and at most one primary per customer whatever the application does (a partial index).
 */
export function relationTable<const Property extends string>(tableName: string, pair: [Property, Property]) {
  const uniques = [
    { name: `${tableName}_pair_unique`, properties: pair },
    {
      name: `${tableName}_one_primary`,
      expression: `create unique index "${tableName}_one_primary" on "${tableName}" ("customer_id") where "is_primary"`,
    },
  ];
  return { tableName, uniques };
}
