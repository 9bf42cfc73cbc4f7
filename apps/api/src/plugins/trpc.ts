import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { TRPC_MAX_BATCH_SIZE } from "@customer-hub/domain";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";

import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../lib/json-depth";
import { appRouter, type AppRouter } from "../routers/root";
import { createRequestContext, type Services } from "../trpc/context";
import { type ApiError, invalid, toApiError } from "../trpc/errors";
import { errorShape } from "../trpc/init";
import { apiErrorOf, languageOf } from "./errors";

/** The procedure a request names; none for a batch, whose calls all get the one error. */
const pathOf = (request: FastifyRequest) => {
  const path = (request.params as { path?: unknown } | undefined)?.path;
  return typeof path === "string" && !path.includes(",") ? path : undefined;
};

/** An error answered before any procedure ran, in tRPC's shape so the typed client can read it. */
const sendTrpcError = (request: FastifyRequest, reply: FastifyReply, error: ApiError) =>
  reply
    .code(error.status)
    .headers(error.headers ?? {})
    .send({ error: errorShape(error, languageOf(request), pathOf(request)) });

/** tRPC for the typed client, at `/trpc`. */
async function trpcRoutes(app: FastifyInstance, options: { services: Services; onError: (error: unknown, request: FastifyRequest) => void }) {
  // Refusals of the hooks (the rate limit's 429) and of body parsing on `/trpc`.
  app.setErrorHandler((error: FastifyError, request, reply) => sendTrpcError(request, reply, apiErrorOf(error, request)));
  // tRPC parses bodies and `?input=` itself: bound their nesting before it does (see lib/json-depth).
  app.addHook("preHandler", async (request, reply) => {
    const input = (request.query as { input?: unknown }).input;
    const texts = [request.body, input].filter((text): text is string => typeof text === "string");
    if (!texts.some((text) => exceedsJsonDepth(text))) return;
    return sendTrpcError(request, reply, invalid({ non_field_errors: [{ key: "json_too_deep", params: { max: MAX_JSON_DEPTH } }] }));
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      // A larger batch is a 400 envelope; the client splits its batches below this.
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req }) => createRequestContext(options.services, req, false),
      onError: ({ error, req }) => options.onError(error, req),
      // Headers an error carries (`Retry-After` on 429 and 503), as the REST layer sends them.
      responseMeta: ({ errors }) => {
        const headers = errors[0] && toApiError(errors[0]).headers;
        return headers ? { headers } : {};
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
}

// Encapsulated: the depth check above is for tRPC's own parsing, not for the other routes.
export default fp(trpcRoutes, { name: "trpc", encapsulate: true });
