import type { z } from "zod";

import { serializeAs, type SourceOf } from "./serialize";

/**
 * The schemas of `fields=` selections, per item schema and list of names. Clients send a few
 * distinct lists, but any list can be sent, so the cache is bounded: past the limit it starts over
 * (each picked schema's compiled mapper goes with it, see serializeAs).
 */
const picked = new WeakMap<z.ZodObject, Map<string, z.ZodObject>>();
const MAX_SELECTIONS_PER_SCHEMA = 256;

function selectionSchema(schema: z.ZodObject, fields: readonly string[]): z.ZodObject {
  const key = fields.join(",");
  let bySelection = picked.get(schema);
  if (!bySelection) picked.set(schema, (bySelection = new Map()));
  let selected = bySelection.get(key);
  if (!selected) {
    if (bySelection.size >= MAX_SELECTIONS_PER_SCHEMA) bySelection.clear();
    // The domain's fields input lists them in the schema's order, which `pick` keeps.
    selected = schema.pick(Object.fromEntries(fields.map((field) => [field, true])) as Record<string, true>);
    bySelection.set(key, selected);
  }
  return selected;
}

/** An item with `id` and, of the other properties, the selected ones. */
export type Selected<T> = Partial<T> & { id: number };

/**
 * `row` as `schema`'s JSON (see serializeAs), cut down to `fields` when the request names them
 * (`fields=`; the domain's input includes `id` and orders them as the schema does).
 */
export function serializeSelected<S extends z.ZodObject>(
  schema: S,
  fields: readonly string[] | undefined,
  row: SourceOf<z.output<S>>,
): Selected<z.output<S>> {
  const target = fields ? selectionSchema(schema, fields) : schema;
  return serializeAs(target, row as SourceOf<z.output<z.ZodObject>>) as Selected<z.output<S>>;
}
