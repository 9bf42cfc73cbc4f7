import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * Headers on every answer: helmet's defaults with a CSP for JSON (nothing may load; the docs pages
 * set their own, see rest/docs.ts), `no-store` unless a route chose its caching (the static docs
 * assets), the request id, and the scheme to use after a 401.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    });
    app.addHook("onRequest", async (request, reply) => {
      reply.header("x-request-id", request.id);
    });
    app.addHook("onSend", async (_request, reply, payload) => {
      // Answers carry customers' data and tokens: no cache, shared or private, may keep them.
      if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
      // tRPC sends a web Response, whose status Fastify applies only after this hook.
      const status = payload instanceof Response ? payload.status : reply.statusCode;
      if (status === 401) reply.header("www-authenticate", 'Bearer realm="customer-hub"');
      return payload;
    });
  },
  { name: "headers" },
);
