import type { IncomingMessage, ServerResponse } from "node:http";

import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";

// helmet's defaults with a CSP for JSON: nothing may load (the docs pages set their own, see rest/docs.ts).
const POLICY: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

/**
 * The headers helmet sets for POLICY, taken once at start-up: they depend on no request. (Through
 * @fastify/helmet, helmet rebuilt its middleware and its CSP on every request, a thirtieth of a
 * GET by id's CPU; Fastify now sends these with the reply's other headers.)
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * Headers on every answer: helmet's, `no-store` unless a route chose its caching (the static docs
 * assets), the request id, and the scheme to use after a 401.
 */
export default fp(
  async (app: FastifyInstance) => {
    const securityHeaders = helmetHeaders(POLICY);
    app.addHook("onRequest", (request, reply, done) => {
      reply.headers(securityHeaders).header("x-request-id", request.id);
      done();
    });
    app.addHook("onSend", (_request, reply, payload, done) => {
      // Answers carry customers' data and tokens: no cache, shared or private, may keep them.
      if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
      // tRPC sends a web Response, whose status Fastify applies only after this hook.
      const status = payload instanceof Response ? payload.status : reply.statusCode;
      if (status === 401) reply.header("www-authenticate", 'Bearer realm="customer-hub"');
      done(null, payload);
    });
  },
  { name: "headers" },
);
