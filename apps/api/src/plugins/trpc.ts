import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { TRPC_MAX_BATCH_SIZE } from "@customer-hub/domain";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";

import { languageFromHeader } from "../lib/i18n";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../lib/json-depth";
import { appRouter, type AppRouter } from "../routers/root";
import { createRequestContext, type Services } from "../trpc/context";
import { invalid, toApiError, toEnvelope } from "../trpc/errors";
import type { ErrorData } from "../trpc/init";

/** tRPC for the typed client, at `/trpc`. */
async function trpcRoutes(app: FastifyInstance, options: { services: Services; onError: (error: unknown, request: FastifyRequest) => void }) {
  // tRPC parses bodies and `?input=` itself: bound their nesting before it does (see lib/json-depth).
  app.addHook("preHandler", async (request, reply) => {
    const input = (request.query as { input?: unknown }).input;
    const texts = [request.body, input].filter((text): text is string => typeof text === "string");
    if (!texts.some((text) => exceedsJsonDepth(text))) return;
    const envelope = toEnvelope(
      invalid({ non_field_errors: [{ key: "json_too_deep", params: { max: MAX_JSON_DEPTH } }] }),
      languageFromHeader(request.headers["accept-language"]),
    );
    // tRPC's error shape (ErrorData in trpc/init.ts), as the typed client reads it.
    const data: ErrorData = { code: "BAD_REQUEST", httpStatus: 400, path: undefined, envelope };
    return reply.code(400).send({ error: { message: envelope.message, code: -32600, data } });
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
