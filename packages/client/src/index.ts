import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
// Types only: the client carries none of the server's code, so it runs in Node 20+ and browsers.
import type { AppRouter } from "@customer-hub/api/router";
import type { ErrorEnvelope } from "@customer-hub/domain";
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_URL_LENGTH } from "@customer-hub/domain/limits";

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type CustomerHubClient = TRPCClient<AppRouter>;
/** What a failed call rejects with; `data.envelope` is the same envelope REST answers with. */
export type CustomerHubClientError = TRPCClientError<AppRouter>;

// Enums, inputs, outputs and the envelopes of the domain, as types.
export type * from "@customer-hub/domain";

/** A token, or a function asked before every request (so a refreshed token is picked up). */
export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export type ClientOptions = {
  /** The API's origin (and base path, if any), e.g. `http://127.0.0.1:3000`; tRPC is at `${url}/trpc`. */
  url: string;
  /** A JWT access token, sent as `Authorization: Bearer <token>`. */
  token?: TokenSource;
  /** `zh` (the default) or `en`: the language of error messages. */
  language?: "zh" | "en";
  /** A fetch implementation, for runtimes or tests that need their own. */
  fetch?: typeof globalThis.fetch;
};

/** A typed tRPC client of the customer-hub API. */
export function createClient(options: ClientOptions): CustomerHubClient {
  const base = options.url.replace(/\/+$/, "");
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        // Calls made together go out as one request; past the server's limits the link splits
        // them into several, so a caller never meets a 400/414 for batching.
        maxItems: TRPC_MAX_BATCH_SIZE,
        maxURLLength: TRPC_MAX_URL_LENGTH,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        async headers() {
          const token = typeof options.token === "function" ? await options.token() : options.token;
          return {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(options.language ? { "accept-language": options.language } : {}),
          };
        },
      }),
    ],
  });
}

/** Whether `error` is an error answered by the API through this client. */
export function isClientError(error: unknown): error is CustomerHubClientError {
  return error instanceof TRPCClientError;
}

/**
 * The error envelope (`{success: false, code, message, errors?}`, CONTRACT §2) a failed call
 * carries; `undefined` when the call never got an answer from the API (network down, …).
 */
export function errorEnvelope(error: unknown): ErrorEnvelope | undefined {
  if (!isClientError(error)) return undefined;
  return error.data?.envelope;
}

export { TRPCClientError };
