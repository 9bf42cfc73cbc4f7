import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { isDatabaseReachable } from "@customer-hub/db";

/** `/healthz`: the process answers. `/readyz`: and its database too (503 otherwise). */
export default fp(
  async (app: FastifyInstance) => {
    app.get("/healthz", { logLevel: "warn" }, async () => ({ status: "ok" }));
    app.get("/readyz", { logLevel: "warn" }, async (_request, reply) => {
      const database = await isDatabaseReachable(app.orm);
      return reply.code(database ? 200 : 503).send({ status: database ? "ok" : "unavailable", database });
    });
  },
  { name: "health", dependencies: ["orm"] },
);
