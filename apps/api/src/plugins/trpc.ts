import type { FastifyInstance } from "fastify";
import { TRPC_MAX_BATCH_SIZE } from "@customer-hub/domain";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";

import { appRouter, type AppRouter } from "../routers/root";
import { createRequestContext, type Services } from "../trpc/context";

/** tRPC for the typed client, at `/trpc`. */
export async function trpcRoutes(app: FastifyInstance, options: { services: Services; onError: (error: unknown) => void }) {
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      // A larger batch is a 400 envelope; the client splits its batches below this.
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req }) => createRequestContext(options.services, req, false),
      onError: ({ error }) => options.onError(error),
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
}
