import type { FastifyInstance } from "fastify";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";

import { appRouter, type AppRouter } from "../routers/root";
import { createRequestContext, type Services } from "../trpc/context";

/** tRPC for the typed client, at `/trpc`. */
export async function trpcRoutes(app: FastifyInstance, options: { services: Services; onError: (error: unknown) => void }) {
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => createRequestContext(options.services, req, false),
      onError: ({ error }) => options.onError(error),
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
}
