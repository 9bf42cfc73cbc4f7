import { z } from "zod";

import { pageExample } from "./examples";
import type { MessageKey } from "./messages";

/** Codes of the response envelope (CONTRACT §2): HTTP status × 10, success 2000. */
export const SUCCESS_CODE = 2000;
export const SUCCESS_MESSAGE = "操作成功";

/**
 * Every error status the API answers with, the one table of them: the envelope's code (CONTRACT §2),
 * the tRPC error code a typed client sees in `error.data.code`, and the message said when nothing
 * more specific is. 414 and 431 are refused by the HTTP layer, where tRPC has no codes of its own.
 */
export const ERROR_STATUSES = {
  400: { code: 4000, trpc: "BAD_REQUEST", message: "bad_request" },
  401: { code: 4010, trpc: "UNAUTHORIZED", message: "unauthorized" },
  403: { code: 4030, trpc: "FORBIDDEN", message: "forbidden" },
  404: { code: 4004, trpc: "NOT_FOUND", message: "not_found" },
  405: { code: 4050, trpc: "METHOD_NOT_SUPPORTED", message: "method_not_allowed" },
  408: { code: 4080, trpc: "TIMEOUT", message: "request_timeout" },
  409: { code: 4090, trpc: "CONFLICT", message: "conflict" },
  413: { code: 4130, trpc: "PAYLOAD_TOO_LARGE", message: "payload_too_large" },
  414: { code: 4140, trpc: "BAD_REQUEST", message: "uri_too_long" },
  415: { code: 4150, trpc: "UNSUPPORTED_MEDIA_TYPE", message: "unsupported_media_type" },
  429: { code: 4290, trpc: "TOO_MANY_REQUESTS", message: "too_many_requests" },
  431: { code: 4310, trpc: "BAD_REQUEST", message: "headers_too_large" },
  500: { code: 5000, trpc: "INTERNAL_SERVER_ERROR", message: "internal_error" },
  503: { code: 5030, trpc: "SERVICE_UNAVAILABLE", message: "service_unavailable" },
} as const satisfies Record<number, { code: number; trpc: string; message: MessageKey }>;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** `ERROR_STATUSES` read by one column: `byStatus("code")[404]` is 4004. */
function byStatus<K extends keyof (typeof ERROR_STATUSES)[ErrorStatus]>(column: K) {
  return Object.fromEntries(Object.entries(ERROR_STATUSES).map(([status, row]) => [status, row[column]])) as {
    [S in ErrorStatus]: (typeof ERROR_STATUSES)[S][K];
  };
}

/** The envelope's code of each error status (CONTRACT §2): HTTP status × 10, 404 → 4004. */
export const ERROR_CODE_BY_STATUS = byStatus("code");
/** The tRPC error code of each error status. */
export const TRPC_CODE_BY_STATUS = byStatus("trpc");
/** The envelope message of each status when nothing more specific is said. */
export const DEFAULT_MESSAGE_BY_STATUS = byStatus("message");

export const fieldErrorsSchema = z.record(z.string(), z.array(z.string()));
export type FieldErrors = z.infer<typeof fieldErrorsSchema>;

// The codes are integers; JSON Schema would call a numeric literal a `number`.
const INTEGER = { type: "integer" } as const;

export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  code: z.literal(Object.values(ERROR_CODE_BY_STATUS)).meta(INTEGER),
  message: z.string(),
  errors: fieldErrorsSchema.meta({ description: "Messages by field name; `non_field_errors` for rules across fields." }).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    code: z.literal(SUCCESS_CODE).meta(INTEGER),
    message: z.string().meta({ examples: [SUCCESS_MESSAGE] }),
    data,
  });
}

/** Ids are PostgreSQL `integer`s, so ids and row counts never exceed 2³¹ − 1. */
export const ID_MAX = 2_147_483_647;

/** An id as answers carry it. */
export const recordIdSchema = z.int().min(1).max(ID_MAX);
/** A number of rows, as totals and statistics carry it. */
export const countSchema = z.int().min(0).max(ID_MAX);
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
  .transform((id) => (id > ID_MAX ? NO_SUCH_ID : id))
  .pipe(z.number().int());
/** The `{id}` of a REST path. */
export const pathIdSchema = idSchema.meta({ description: "The record's numeric id, as its `id` field shows it." });
export const idParamInput = z.object({ id: pathIdSchema });

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
export const queryBoolean = z
  .stringbool({ truthy: ["true", "1"], falsy: ["false", "0"] })
  // Documented as the boolean it means, so generated clients send `true`/`false`. zod-openapi's
  // `override` edits the rendered JSON Schema in place.
  .meta({
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      jsonSchema.type = "boolean";
    },
  });

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

// Bounded by ID_MAX: no list has more rows, so a larger page is always past the last.
export const paginationQuery = z.object({
  page: z.coerce
    .number<number>()
    .int()
    .min(1)
    .max(ID_MAX)
    .default(1)
    .meta({ description: "The page to answer, from 1. A page past the last is 404 `页码无效`." }),
  // Above the maximum is clamped, not refused (CONTRACT §3).
  page_size: z.coerce
    .number<number>()
    .int()
    .min(1)
    .max(ID_MAX)
    .default(DEFAULT_PAGE_SIZE)
    .transform((size) => Math.min(size, MAX_PAGE_SIZE))
    .meta({
      description: `Items per page: 1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}. A larger value is clamped to ${MAX_PAGE_SIZE}, not refused.`,
    }),
});

export const paginationSchema = z
  .object({
    count: countSchema.meta({ description: "How many items match, over all pages (see `count_exact`)." }),
    next: z.string().nullable().meta({ description: "Absolute URL of the next page, with the same other parameters; null on the last." }),
    previous: z.string().nullable().meta({ description: "Absolute URL of the previous page; null on the first." }),
    page_size: z.int().min(1).max(MAX_PAGE_SIZE).meta({ description: "Items per page, after clamping." }),
    current_page: z.int().min(1).max(ID_MAX),
    total_pages: z.int().min(1).max(ID_MAX).meta({ description: "At least 1: an empty list is page 1 of 1." }),
    count_exact: z.boolean().meta({
      description:
        "Whether `count` is exact. Lists count exactly up to 10,000 matches, and always for the filters " +
        "the server keeps totals for; beyond that (e.g. a search matching more) `count` and `total_pages` " +
        "are an estimate (PostgreSQL's, or for a search matching one row in ten or more of the newest, " +
        "scaled from those), and a page past the real last one is 404.",
    }),
  })
  .meta({ id: "Pagination" });
export type Pagination = z.infer<typeof paginationSchema>;

/**
 * Keyset pagination (`cursor=`): the position after a row in the default order (`-created_at`,
 * then `-id`), opaque to clients: base64url of `[created_at as PostgreSQL prints it, id]`, so the
 * microseconds survive the round trip. Parsed here; an unreadable cursor is a 400 on `cursor`.
 */
export type CursorPosition = { createdAt: string; id: number };

// PostgreSQL's text form of a timestamptz in UTC, as the cursor carries it.
const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00$/;

// btoa/atob, not Buffer: the domain package also runs in browsers. The JSON is ASCII only.
export function encodeCursor(position: CursorPosition): string {
  return btoa(JSON.stringify([position.createdAt, position.id])).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const value: unknown = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== "string" || !CURSOR_TIMESTAMP.test(createdAt)) return null;
    if (!Number.isSafeInteger(id) || (id as number) < 1 || (id as number) > 2_147_483_647) return null;
    return { createdAt, id: id as number };
  } catch {
    return null;
  }
}

export const cursorQuery = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    const position = /^[A-Za-z0-9_-]+$/.test(value) ? decodeCursor(value) : null;
    if (position) return position;
    ctx.addIssue({ code: "custom", message: "invalid_cursor", params: { messageKey: "invalid_cursor" } });
    return z.NEVER;
  });

/** A page that can also be continued by `cursor=`: `next_cursor` is null on the last page. */
export const cursorPaginationSchema = paginationSchema
  .extend({
    next_cursor: z.string().nullable().meta({
      description: "Pass as `cursor=` to continue after this page in the default order (no OFFSET); null on the last page.",
    }),
  })
  .meta({ id: "CursorPagination" });
export type CursorPagination = z.infer<typeof cursorPaginationSchema>;

/** A page that `cursor=` can continue; `id` names its component in the OpenAPI document. */
export function cursorPageSchema<T extends z.ZodType>(item: T, id: string, itemExample: unknown) {
  const example = pageExample(itemExample);
  return z
    .object({ pagination: cursorPaginationSchema, results: z.array(item) })
    .meta({ id, examples: [{ ...example, pagination: { ...example.pagination, next_cursor: null } }] });
}
export type CursorPage<T> = { pagination: CursorPagination; results: T[] };

/** `{value: count}` for the values of an enum that occur (statistics list no zero counts). */
export const countsBy = <T extends z.ZodEnum>(values: T) =>
  z.partialRecord(values, countSchema).meta({ description: "Count by value; values with no rows are left out." });

/** A page of a list; `id` names its component in the OpenAPI document (e.g. `CustomerPage`). */
export function pageSchema<T extends z.ZodType>(item: T, id: string, itemExample: unknown) {
  return z.object({ pagination: paginationSchema, results: z.array(item) }).meta({ id, examples: [pageExample(itemExample)] });
}
export type Page<T> = { pagination: Pagination; results: T[] };

/**
 * `ordering=-name,id`: comma-separated fields, `-` for descending. Unknown fields are refused
 * here so every list rejects them the same way.
 */
export function orderingQuery<const F extends readonly [string, ...string[]]>(fields: F) {
  const allowed = new Set<string>(fields);
  const terms = fields.flatMap((field) => [field, `-${field}`]).join("`, `");
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
    )
    .meta({
      description:
        "Sort order: comma-separated fields, `-` for descending (e.g. `-created_at,id`). " +
        `Allowed: \`${terms}\`. Default \`-created_at\`; \`id\` always breaks ties. An unknown field is 400.`,
      examples: ["-created_at"],
    });
}
export type OrderingTerm<F extends string> = { field: F; desc: boolean };

/**
 * `fields=id,name,status`: the properties each item of a page carries (property selection, as
 * Twenty's and HubSpot's), comma-separated, answered in the schema's order whatever order they are
 * named in. `id` is always included, so every item stays addressable. Blank names (`id,,name`, a
 * trailing comma) are skipped; an unknown or repeated name, or no name at all, is 400 on `fields`.
 * On tRPC the input is the same comma-separated string; either way it parses to the list of names.
 */
export function fieldsQuery<const F extends readonly ["id", ...string[]]>(fields: F) {
  const allowed = new Set<string>(fields);
  const names = (value: string) => value.split(",").map((part) => part.trim()).filter((part) => part !== "");
  return z
    .string()
    .trim()
    // On the string itself: the parameter's schema is the input side, where the pipe's examples do not reach.
    .meta({ examples: ["id,name,status"] })
    .superRefine((value, ctx) => {
      const given = names(value);
      if (given.length === 0) {
        ctx.addIssue({ code: "custom", message: "fields_empty", params: { messageKey: "fields_empty" } });
      }
      const seen = new Set<string>();
      for (const name of given) {
        if (!allowed.has(name)) {
          ctx.addIssue({ code: "custom", message: `unknown_field:${name}`, params: { messageKey: "invalid_field", field: name } });
        } else if (seen.has(name)) {
          ctx.addIssue({ code: "custom", message: `repeated_field:${name}`, params: { messageKey: "repeated_field", field: name } });
        }
        seen.add(name);
      }
    })
    .transform((value) => {
      const wanted = new Set(["id", ...names(value)]);
      return fields.filter((field) => wanted.has(field)) as F[number][];
    })
    .meta({
      description:
        "Only these properties in each item (comma-separated, answered in the schema's order); `id` is always included. " +
        `Allowed: \`${fields.join("`, `")}\`. Without it every property is answered. An unknown or repeated name is 400.`,
    });
}

/** An optional list filter on one field; the description travels to the OpenAPI parameter. */
export const filterOn = <T extends z.ZodType>(field: string, schema: T) =>
  schema.meta({ description: `Only items whose \`${field}\` is this value.` }).optional();

/** A search term: case-insensitive substring match on the fields the operation lists. */
export const searchTerm = z.string().trim().min(1).max(200);

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
