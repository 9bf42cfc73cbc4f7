import { z } from "zod";

/** Codes of the response envelope (CONTRACT §2): HTTP status × 10, success 2000. */
export const SUCCESS_CODE = 2000;
export const SUCCESS_MESSAGE = "操作成功";

export const ERROR_CODE_BY_STATUS = {
  400: 4000,
  401: 4010,
  403: 4030,
  404: 4004,
  405: 4050,
  408: 4080,
  409: 4090,
  413: 4130,
  414: 4140,
  415: 4150,
  429: 4290,
  431: 4310,
  500: 5000,
  503: 5030,
} as const;
export type ErrorStatus = keyof typeof ERROR_CODE_BY_STATUS;

export const fieldErrorsSchema = z.record(z.string(), z.array(z.string()));
export type FieldErrors = z.infer<typeof fieldErrorsSchema>;

export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  code: z.number().int(),
  message: z.string(),
  errors: fieldErrorsSchema.optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    code: z.literal(SUCCESS_CODE),
    message: z.string(),
    data,
  });
}

const INT4_MAX = 2_147_483_647;
/** Serial ids start at 1. */
const NO_SUCH_ID = 0;

/**
 * Positive integer id; path and query values arrive as strings. The range checks abort so an
 * out-of-range id gets one message, and `min(1)` (not `positive()`) so it reads "≥ 1".
 */
export const idSchema = z.coerce
  // Typed as number for tRPC callers; REST's strings are coerced all the same.
  .number<number>()
  .min(1, { abort: true })
  // Ids are int4 in the database: a larger one is not wrong, it names nothing (a 404 or an unknown
  // reference, as for any unknown id), so it is looked up as an id that no row has.
  .transform((id) => (id > INT4_MAX ? NO_SUCH_ID : id))
  .pipe(z.number().int());
export const idParamInput = z.object({ id: idSchema });

/**
 * An id in a JSON body: a number or a string of digits, nothing else (`true` or `[5]` would
 * coerce to an id). A pipe, so trpc-to-openapi's query coercion leaves it alone.
 */
export const bodyIdSchema = z.union([z.number(), z.string().trim().regex(/^\d+$/)]).pipe(idSchema);

/**
 * A boolean in a JSON body. trpc-to-openapi switches coercion on for every plain z.boolean() of an
 * input (and "false" coerces to true); it leaves pipes alone.
 */
export const bodyBoolean = z.boolean().pipe(z.boolean());

/**
 * Query booleans: `true`/`false`/`1`/`0`. z.coerce.boolean() would read "false" as true, and
 * trpc-to-openapi only takes string-like query schemas, so the value travels as a string.
 */
export const queryBoolean = z.stringbool({ truthy: ["true", "1"], falsy: ["false", "0"] });

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export const paginationQuery = z.object({
  page: z.coerce.number<number>().int().min(1).default(1),
  // Above the maximum is clamped, not refused (CONTRACT §3).
  page_size: z.coerce
    .number<number>()
    .int()
    .min(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((size) => Math.min(size, MAX_PAGE_SIZE)),
});

export const paginationSchema = z.object({
  count: z.number().int(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  page_size: z.number().int(),
  current_page: z.number().int(),
  total_pages: z.number().int(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** `{value: count}` for the values of an enum that occur (statistics list no zero counts). */
export const countsBy = <T extends z.ZodEnum>(values: T) => z.partialRecord(values, z.number().int());

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ pagination: paginationSchema, results: z.array(item) });
}
export type Page<T> = { pagination: Pagination; results: T[] };

/**
 * `ordering=-name,id`: comma-separated fields, `-` for descending. Unknown fields are refused
 * here so every list rejects them the same way.
 */
export function orderingQuery<const F extends readonly [string, ...string[]]>(fields: F) {
  const allowed = new Set<string>(fields);
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      for (const part of value.split(",")) {
        const name = part.trim().replace(/^-/, "");
        if (!allowed.has(name)) {
          ctx.addIssue({
            code: "custom",
            message: `unknown_ordering_field:${name}`,
            params: { messageKey: "invalid_ordering_field", field: name },
          });
        }
      }
    })
    .transform((value) =>
      value.split(",").map((part) => {
        const trimmed = part.trim();
        const desc = trimmed.startsWith("-");
        return { field: (desc ? trimmed.slice(1) : trimmed) as F[number], desc };
      }),
    );
}
export type OrderingTerm<F extends string> = { field: F; desc: boolean };

/** A date (`YYYY-MM-DD`) or a date-time with an offset; both bounds are inclusive. */
export const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** ISO timestamps are emitted as strings so tRPC and REST return the same JSON. */
export const timestamp = z.iso.datetime({ offset: true });
/** PostgreSQL has no year 0000, which `z.iso.date()` lets through. */
export const isoDate = z.iso.date().refine((value) => !value.startsWith("0000"), {
  params: { messageKey: "field_invalid_date" },
});


/**
 * The output of an operation that answers nothing: 204 with no body on REST, `null` on tRPC
 * (a `void` output would be typed `never` in the client).
 */
export const noContentSchema = z.null();
