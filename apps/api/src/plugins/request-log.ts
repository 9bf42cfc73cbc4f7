import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * One log line per request, when its answer is sent (Fastify's own two lines are off:
 * `disableRequestLogging`). Health probes log only at their route's `logLevel`.
 */
async function requestLog(app: FastifyInstance) {
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime * 10) / 10 },
      "request completed",
    );
  });
}

export default fp(requestLog, { name: "request-log" });
