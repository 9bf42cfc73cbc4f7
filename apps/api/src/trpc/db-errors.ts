import type { MessageKey } from "@customer-hub/domain";

import type { FieldMessages, Message } from "./errors";

/** What a refused write says to the client, as ApiError takes it. */
export type DbErrorAnswer = { status: 400 | 409; message?: Message; fields?: FieldMessages };

type Meaning =
  /** A value another row holds: 400 on that field (for a list, on the item that sent it). */
  | { field: string; message: MessageKey }
  /** A pair that is already related: 409 with the kind's own words. */
  | { pairExists: MessageKey };

/**
 * What each unique constraint means to a client, by the name the entities and migrations give
 * it. Handlers check these rules first and answer the same; the constraint decides only when a
 * concurrent request took the value between the check and the write. Unnamed here: a 409.
 */
const UNIQUE_CONSTRAINTS: Record<string, Meaning> = {
  customer_live_business_license_number_unique: { field: "business_license_number", message: "business_license_taken" },
  member_username_unique: { field: "username", message: "username_taken" },
  tenant_code_unique: { field: "code", message: "tenant_code_taken" },
  app_user_username_unique: { field: "username", message: "user_username_taken" },
  customer_member_relation_pair_unique: { pairExists: "member_relation_exists" },
  customer_tenant_relation_pair_unique: { pairExists: "tenant_relation_exists" },
};

const UNIQUE_VIOLATION = "23505";

type DriverError = { code?: unknown; constraint?: unknown; detail?: unknown; cause?: unknown; previous?: unknown };

/**
 * The unique violation in `error`'s chain: MikroORM's UniqueConstraintViolationException copies
 * pg's fields (`code`, `constraint`, `detail`) onto itself, and a tRPC error wraps it in `cause`.
 */
function uniqueViolation(error: unknown): DriverError | undefined {
  let current = error as DriverError | undefined;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    if (current.code === UNIQUE_VIOLATION) return current;
    current = (current.cause ?? current.previous) as DriverError | undefined;
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Where in the input the taken value was sent: the field itself, or in a list (bulk) the item
 * that holds the value PostgreSQL names in `detail` (`Key (column)=(value) already exists.`).
 * A list whose item cannot be told is named as a whole.
 */
function fieldPath(field: string, input: unknown, detail: unknown): string {
  if (!isRecord(input) || field in input) return field;
  const value = typeof detail === "string" ? /^Key \([^)]*\)=\((.*)\) already exists\.$/.exec(detail)?.[1] : undefined;
  const lists = Object.entries(input).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]));
  for (const [list, items] of lists) {
    const index = items.findIndex((item) => isRecord(item) && item[field] === value);
    if (index >= 0) return `${list}.${index}.${field}`;
  }
  return lists[0]?.[0] ?? field;
}

/**
 * The answer for a write the database refused as a duplicate, keyed by the constraint's name
 * (`error.constraint`); undefined for any other error. The one place where a unique violation
 * becomes a field error: handlers just flush.
 */
export function translateDbError(error: unknown, input?: unknown): DbErrorAnswer | undefined {
  const violation = uniqueViolation(error);
  if (!violation) return undefined;
  const meaning = typeof violation.constraint === "string" ? UNIQUE_CONSTRAINTS[violation.constraint] : undefined;
  if (!meaning) return { status: 409 };
  if ("pairExists" in meaning) {
    return { status: 409, message: { key: "relation_exists" }, fields: { non_field_errors: [{ key: meaning.pairExists }] } };
  }
  return { status: 400, fields: { [fieldPath(meaning.field, input, violation.detail)]: [{ key: meaning.message }] } };
}
