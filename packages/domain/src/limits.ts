/**
 * Limits of the tRPC surface that both ends must agree on. This file imports nothing, so the client
 * can bundle it without pulling zod or the schemas in.
 */

/** The most procedure calls one tRPC HTTP request may carry; the client splits larger batches. */
export const TRPC_MAX_BATCH_SIZE = 50;

/**
 * The longest URL the client puts a GET batch in (inputs travel in the query string). Well under
 * Node's 16 KiB request-header limit, so a batch never meets a 414 or 431.
 */
export const TRPC_MAX_URL_LENGTH = 8_000;

/**
 * Fastify's limit on one path parameter, which for tRPC is the comma-joined procedure names of a
 * batch: 50 names of up to ~60 characters fit with room to spare (tRPC's Fastify docs suggest 5000).
 */
export const TRPC_MAX_PATH_PARAM_LENGTH = 5_000;
