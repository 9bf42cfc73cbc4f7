import { initTRPC } from "@trpc/server";
import type { ErrorEnvelope, Language } from "@customer-hub/domain";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY, type TRPC_ERROR_CODE_NUMBER } from "@trpc/server/rpc";
import type { OpenApiMeta } from "trpc-to-openapi";

import type { Context } from "./context";
import { toApiError, toEnvelope, type ApiError } from "./errors";

/** Who may call a procedure; drives both the middleware and the OpenAPI security/error answers. */
export type Access = "public" | "authenticated" | "admin" | "tenant";

export type Meta = OpenApiMeta<{
  access?: Access;
  /** The HTTP status of success on REST; trpc-to-openapi has no option for it. */
  successStatus?: 200 | 201 | 204;
}>;

/**
 * A tRPC error's `data`: tRPC's own `code` and `httpStatus`, as every tRPC client expects, and the
 * envelope REST answers with, which the REST layer extracts.
 */
export type ErrorData = {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path: string | undefined;
  envelope: ErrorEnvelope;
};

export type ErrorShape = { message: string; code: TRPC_ERROR_CODE_NUMBER; data: ErrorData };

/**
 * tRPC's JSON-RPC error for an ApiError: what the error formatter answers for procedures, and what
 * `/trpc` answers for refusals before any procedure runs (rate limit, body), so the typed client
 * sees a TRPCClientError with `data.code` either way.
 */
export function errorShape(apiError: ApiError, language: Language, path: string | undefined): ErrorShape {
  const envelope = toEnvelope(apiError, language);
  return {
    message: envelope.message,
    // The code of the error as answered (a unique violation is BAD_REQUEST, not INTERNAL_SERVER_ERROR).
    code: TRPC_ERROR_CODES_BY_KEY[apiError.code],
    data: { code: apiError.code, httpStatus: apiError.status, path, envelope },
  };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    // `code` must be tRPC's own number type, or tRPC cannot infer this shape and the client's
    // errors fall back to the default one (no `envelope`).
    errorFormatter({ shape, error, ctx, input }): ErrorShape {
      return errorShape(toApiError(error, input), ctx?.language ?? "zh", shape.data.path);
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const procedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
