import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DatabaseBusyError, isDatabaseUnavailable, type OrFail } from "@customer-hub/db";
import {
  DEFAULT_MESSAGE_BY_STATUS,
  ERROR_CODE_BY_STATUS,
  MESSAGES,
  TRPC_CODE_BY_STATUS,
  type ErrorEnvelope,
  type ErrorStatus,
  type Language,
  type MessageKey,
} from "@customer-hub/domain";
import { ZodError, type z } from "zod";

import { translate } from "../lib/i18n";
import { translateDbError } from "./db-errors";

/** A message still to be translated: the language is known only when the answer is built. */
export type Message = { key: MessageKey; params?: Record<string, string | number> };
export type FieldMessages = Record<string, Message[]>;

// A compile-time check that the domain's table names only codes tRPC has.
const TRPC_CODES: Record<ErrorStatus, TRPC_ERROR_CODE_KEY> = TRPC_CODE_BY_STATUS;

// Several statuses share BAD_REQUEST; reading the table backwards lets the first (400) win.
const STATUS_BY_TRPC_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorStatus>> = {
  ...Object.fromEntries(Object.entries(TRPC_CODES).reverse().map(([status, code]) => [code, Number(status)])),
  PARSE_ERROR: 400,
};

/**
 * The one error type handlers throw. It is a TRPCError, so tRPC and trpc-to-openapi carry it
 * as is, and the error formatter turns it into the envelope of CONTRACT §2.
 */
export class ApiError extends TRPCError {
  readonly status: ErrorStatus;
  readonly messageKey: MessageKey;
  readonly messageParams: Record<string, string | number> | undefined;
  readonly fields: FieldMessages | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: ErrorStatus,
    options: {
      message?: Message;
      fields?: FieldMessages;
      headers?: Record<string, string>;
      /** What went wrong underneath, for the log (never sent). */
      cause?: unknown;
    } = {},
  ) {
    const key = options.message?.key ?? DEFAULT_MESSAGE_BY_STATUS[status];
    super({ code: TRPC_CODES[status], message: key, cause: options.cause });
    this.status = status;
    this.messageKey = key;
    this.messageParams = options.message?.params;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const notFound = (key: MessageKey = "not_found") => new ApiError(404, { message: { key } });
/** For MikroORM's `findOneOrFail` and the repositories' finders: nothing found is this 404. */
export const orNotFound = (key: MessageKey = "not_found"): OrFail => ({ failHandler: () => notFound(key) });
export const unauthorized = () => new ApiError(401);
export const forbidden = () => new ApiError(403);
/** The database is down, frozen or saturated: the client may retry shortly. */
export const databaseUnavailable = () => new ApiError(503, { headers: { "Retry-After": "1" } });
/** 400 with errors keyed by field (`non_field_errors` for rules across fields). */
export const invalid = (fields: FieldMessages, key: MessageKey = "bad_request") =>
  new ApiError(400, { message: { key }, fields });
export const fieldError = (field: string, key: MessageKey, params?: Message["params"]) =>
  invalid({ [field]: [{ key, params }] });

type ZodIssue = z.core.$ZodIssue;

/** zod 4 leaves the offending value out of issues; take it from the input by the issue's path. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

/** DRF-style wording for each kind of zod issue, so every schema reports errors the same way. */
function messageForIssue(issue: ZodIssue, input: unknown): Message {
  switch (issue.code) {
    case "invalid_type": {
      const value = valueAt(input, issue.path);
      if (value === undefined) return { key: "field_required" };
      if (value === null) return { key: "field_null" };
      switch (issue.expected) {
        case "int":
        case "number":
          return { key: issue.expected === "int" ? "field_invalid_integer" : "field_invalid_number" };
        case "boolean":
          return { key: "field_invalid_boolean" };
        case "array":
          return { key: "field_invalid_list" };
        case "object":
          return { key: "field_invalid_object" };
        default:
          return { key: "field_invalid_string" };
      }
    }
    case "invalid_value": {
      const value = valueAt(input, issue.path);
      if (value === undefined) return { key: "field_required" };
      if (value === null) return { key: "field_null" };
      return { key: "field_invalid_choice", params: { value: typeof value === "string" ? value : JSON.stringify(value) } };
    }
    case "invalid_format":
      switch (issue.format) {
        case "email":
          return { key: "field_invalid_email" };
        case "url":
          return { key: "field_invalid_url" };
        case "date":
          return { key: "field_invalid_date" };
        case "datetime":
          return { key: "field_invalid_datetime" };
        default:
          return { key: "field_invalid" };
      }
    case "too_big":
      if (issue.origin === "string") return { key: "field_max_length", params: { max: Number(issue.maximum) } };
      if (issue.origin === "array") return { key: "field_max_items", params: { max: Number(issue.maximum) } };
      return { key: "field_max_value", params: { max: Number(issue.maximum) } };
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) === 1
          ? { key: "field_blank" }
          : { key: "field_min_length", params: { min: Number(issue.minimum) } };
      if (issue.origin === "array") return { key: "field_min_items", params: { min: Number(issue.minimum) } };
      return { key: "field_min_value", params: { min: Number(issue.minimum) } };
    case "invalid_union": {
      // Unions here are "a value of one of these forms" (date or date-time, "" or email): report
      // the most specific branch's first problem, or "required" when the value is absent.
      const nested = issue.errors.flat()[0];
      return nested ? messageForIssue({ ...nested, path: [...issue.path, ...nested.path] } as ZodIssue, input) : { key: "field_invalid" };
    }
    case "custom": {
      // A refinement names its own message and placeholders: `params: { messageKey: "end_before_start", … }`.
      const { messageKey, ...params } = (issue.params ?? {}) as { messageKey?: string } & Record<string, string | number>;
      return messageKey !== undefined && messageKey in MESSAGES
        ? { key: messageKey as MessageKey, params }
        : { key: "field_invalid" };
    }
    default:
      return { key: "field_invalid" };
  }
}

export function fieldMessagesFromZod(error: ZodError, input?: unknown): FieldMessages {
  const fields: FieldMessages = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "non_field_errors";
    const message = messageForIssue(issue, input);
    (fields[field] ??= []).push(message);
  }
  return fields;
}

/** A deadlock or serialization failure after every retry, or a lock timeout: nothing was stored, retry later. */
const databaseBusy = (cause: DatabaseBusyError) => new ApiError(503, { headers: { "Retry-After": "1" }, cause });

/** Any thrown value → the ApiError it stands for. Unknown failures become a masked 500. */
export function toApiError(error: unknown, input?: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DatabaseBusyError) return databaseBusy(error);
  if (error instanceof TRPCError) {
    const cause = error.cause;
    if (cause instanceof ApiError) return cause;
    if (cause instanceof DatabaseBusyError) return databaseBusy(cause);
    // Input validation (tRPC wraps the ZodError); output validation stays a 500.
    if (error.code === "BAD_REQUEST" && cause instanceof ZodError) return invalid(fieldMessagesFromZod(cause, input));
    const refused = translateDbError(cause, input);
    if (refused) return new ApiError(refused.status, { ...refused, cause });
    if (isDatabaseUnavailable(cause)) return databaseUnavailable();
    if (error.code === "PARSE_ERROR") return invalid({ non_field_errors: [{ key: "malformed_json" }] });
    const status = STATUS_BY_TRPC_CODE[error.code] ?? 500;
    return new ApiError(status);
  }
  if (error instanceof ZodError) return invalid(fieldMessagesFromZod(error, input));
  const refused = translateDbError(error, input);
  if (refused) return new ApiError(refused.status, { ...refused, cause: error });
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return new ApiError(500);
}

export function toEnvelope(error: ApiError, language: Language): ErrorEnvelope {
  const envelope: ErrorEnvelope = {
    success: false,
    code: ERROR_CODE_BY_STATUS[error.status],
    message: translate(error.messageKey, language, error.messageParams),
  };
  if (error.fields) {
    envelope.errors = Object.fromEntries(
      Object.entries(error.fields).map(([field, messages]) => [
        field,
        messages.map((message) => translate(message.key, language, message.params)),
      ]),
    );
  }
  return envelope;
}
