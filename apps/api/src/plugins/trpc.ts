import type { FastifyInstance, FastifyRequest } from "fastify";
import { TRPC_MAX_BATCH_SIZE } from "@customer-hub/domain";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";

import { appRouter, type AppRouter } from "../routers/root";
import { createRequestContext, type Services } from "../trpc/context";
import { toApiError } from "../trpc/errors";

/** tRPC for the typed client, at `/trpc`. */
export async function trpcRoutes(app: FastifyInstance, options: { services: Services; onError: (error: unknown, request: FastifyRequest) => void }) {
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
