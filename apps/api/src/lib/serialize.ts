import { z } from "zod";

/**
 * What may stand for a contract value in a row or entity: a `Date` where the contract has a string
 * (timestamps), a missing value where it has `null`, and the same rule inside nested objects and
 * arrays. Extra properties (`deleted_at`, a page row's cursor) are allowed and left out.
 */
export type SourceOf<T> = T extends string
  ? T | Date
  : T extends null
    ? null | undefined
    : T extends readonly (infer Item)[]
      ? readonly SourceOf<Item>[]
      : T extends object
        ? { [K in keyof T as null extends T[K] ? K : never]?: SourceOf<T[K]> } & {
            [K in keyof T as null extends T[K] ? never : K]: SourceOf<T[K]>;
          }
        : T;

type Convert = (value: unknown) => unknown;

/** null for a field an object or array schema describes but the row leaves empty. */
const nested = (convert: Convert): Convert => (value) => (value == null ? null : convert(value));

/**
 * How one field's value becomes JSON, chosen from its schema once: objects and arrays are walked;
 * null means a scalar (most fields), which the object's mapper converts itself.
 */
function converterOf(schema: z.core.$ZodType): Convert | null {
  if (
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodReadonly
  ) {
    return converterOf(schema._zod.def.innerType);
  }
  if (schema instanceof z.core.$ZodPipe) return converterOf(schema._zod.def.out);
  if (schema instanceof z.core.$ZodObject) return nested(compiled(schema));
  if (schema instanceof z.core.$ZodArray) {
    const item = converterOf(schema._zod.def.element) ?? scalar;
    return nested((value) => (value as unknown[]).map(item));
  }
  return null;
}

/** A contract scalar: timestamps leave as ISO strings (tRPC and REST answer alike), missing as null. */
function scalar(value: unknown): unknown {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

const mappers = new WeakMap<z.core.$ZodObject, Convert>();

/** The mapper of an object schema, built on first use and kept as long as the schema lives. */
function compiled(schema: z.core.$ZodObject): Convert {
  let mapper = mappers.get(schema);
  if (mapper) return mapper;
  const entries = Object.entries(schema._zod.def.shape);
  const keys = entries.map(([key]) => key);
  // Filled after the mapper is cached, so a schema that nests itself finds it instead of recursing.
  const converters: (Convert | null)[] = [];
  mapper = (row) => {
    const source = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const convert = converters[index];
      // Scalars at one call site of their own, which the engine inlines: nearly every field is one.
      out[key] = convert ? convert(source[key]) : scalar(source[key]);
    }
    return out;
  };
  mappers.set(schema, mapper);
  converters.push(...entries.map(([, field]) => converterOf(field)));
  return mapper;
}

/**
 * `row` (an entity or a plain row; their properties carry the contract's names) as the JSON that
 * `schema`, a domain object schema, describes: exactly the schema's keys in its order, `Date` as an
 * ISO string, `undefined` as `null`, nested objects and arrays alike. The mapping is derived from
 * the schema once and cached, so calling this per row costs a lookup and a loop. It does not
 * validate: procedures validate their output.
 *
 *   serializeAs(customerSchema, row)        // a Customer
 *   rows.map((row) => serializeAs(tenantSchema, row))
 */
export function serializeAs<S extends z.ZodObject>(schema: S, row: SourceOf<z.output<S>>): z.output<S> {
  return compiled(schema)(row) as z.output<S>;
}
