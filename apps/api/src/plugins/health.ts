import type { FastifyInstance } from "fastify";
import { isDatabaseReachable, type Orm } from "@customer-hub/db";

/** `/healthz`: the process answers. `/readyz`: and its database too (503 otherwise). */
export async function healthRoutes(app: FastifyInstance, options: { orm: Orm }) {
  app.get("/healthz", { logLevel: "warn" }, async () => ({ status: "ok" }));
  app.get("/readyz", { logLevel: "warn" }, async (_request, reply) => {
    const database = await isDatabaseReachable(options.orm);
    return reply.code(database ? 200 : 503).send({ status: database ? "ok" : "unavailable", database });
  });
}
