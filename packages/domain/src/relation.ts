import { z } from "zod";

import {
  bodyBoolean,
  bodyIdSchema,
  filterOn,
  idSchema,
  orderingQuery,
  pageSchema,
  paginationQuery,
  pathIdSchema,
  queryBoolean,
  recordIdSchema,
  timestamp,
} from "./common";
import { customerSummarySchema } from "./customer";

/**
 * The contract that customer–member and customer–tenant relations share (seeds 002, 003): a kind
 * names its other side (the party) and its own fields; the rest of every schema is written here.
 * Each kind lists its own fields in the order it answers them, `is_primary` among them.
 */
type RelationSpec<
  P extends string,
  Party extends z.ZodType,
  Row extends z.ZodRawShape,
  Fields extends z.ZodRawShape,
  Filters extends z.ZodRawShape,
  O extends readonly [string, ...string[]],
> = {
  /** The other side: `member` makes `member` in rows and `member_id` in inputs and filters. */
  party: P;
  partySummary: Party;
  /** The component names: `${name}`, `${name}ListItem`, `${name}CreateInput`, … */
  name: string;
  /** A row's own fields, between the party and `notes`. */
  row: Row;
  /** The writable fields, between `<party>_id` (create) or `id` (update) and `notes`. */
  fields: Fields;
  /** List filters besides `customer_id`, `<party>_id` and `is_primary`. */
  filters: Filters;
  orderingFields: O;
  examples: { listItem: unknown; detail: unknown; create: unknown; update: unknown };
  /** A rule across fields, checked on create and update alike. */
  refine?: (value: z.infer<z.ZodObject<Fields>>, ctx: z.RefinementCtx) => void;
};

const keyed = <K extends string, V>(key: K, value: V) => ({ [key]: value }) as { [Key in K]: V };

/** `is_primary` of a write: `what` it means that the relation is primary. */
export const primaryInput = (what: string) =>
  bodyBoolean.meta({ description: `Whether ${what}. Making it primary unmarks the customer's other relations.` }).optional();

const notesInput = z.string().trim().max(2000).nullable().optional();

export function relationSchemas<
  P extends string,
  Party extends z.ZodType,
  Row extends z.ZodRawShape,
  Fields extends z.ZodRawShape,
  Filters extends z.ZodRawShape,
  const O extends readonly [string, ...string[]],
>(spec: RelationSpec<P, Party, Row, Fields, Filters, O>) {
  const { party, name, examples } = spec;
  const partyId = `${party}_id` as const;

  /** A list row: no audit fields. */
  const listItem = z
    .object({
      id: recordIdSchema,
      customer: customerSummarySchema,
      ...keyed(party, spec.partySummary),
      ...spec.row,
      notes: z.string().nullable(),
      created_at: timestamp,
    })
    .meta({ id: `${name}ListItem`, examples: [examples.listItem] });

  /** The detail: the list row plus audit fields. */
  const detail = listItem
    .extend({ updated_at: timestamp, created_by: z.string().nullable(), updated_by: z.string().nullable() })
    .meta({ id: name, examples: [examples.detail] });

  const refined = <S extends z.ZodObject>(schema: S) =>
    spec.refine ? schema.superRefine((value, ctx) => spec.refine!(value as never, ctx)) : schema;

  const create = refined(
    z.object({ customer_id: bodyIdSchema, ...keyed(partyId, bodyIdSchema), ...spec.fields, notes: notesInput }),
  ).meta({ id: `${name}CreateInput`, examples: [examples.create] });

  /** PUT: the customer and the party cannot change and are ignored (CONTRACT §7, §8). */
  const update = refined(z.object({ id: pathIdSchema, ...spec.fields, notes: notesInput })).meta({
    id: `${name}UpdateInput`,
    examples: [examples.update],
  });

  const list = paginationQuery.extend({
    customer_id: filterOn("customer.id", idSchema),
    ...keyed(partyId, filterOn(`${party}.id`, idSchema)),
    is_primary: filterOn("is_primary", queryBoolean),
    ...spec.filters,
    ordering: orderingQuery(spec.orderingFields).optional(),
  });

  const page = pageSchema(listItem, `${name}Page`, examples.listItem);

  return { listItem, detail, create, update, list, page };
}

/** The ordering fields every relation list takes; a kind may add its own. */
export const RELATION_ORDERING_FIELDS = ["id", "created_at", "updated_at"] as const;

export const customerIdQuery = z.object({ customer_id: idSchema.meta({ description: "Required. The customer's id." }) });
