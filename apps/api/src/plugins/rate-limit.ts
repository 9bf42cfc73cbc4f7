import { createHash } from "node:crypto";

import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

import type { Limits } from "../env";
import { ApiError } from "../trpc/errors";

const CREDENTIAL = "c:";

/**
 * The bucket of a request: its credential when it sends one, else its address. The credential is
 * hashed (microseconds, no database): keeping raw tokens in memory would be a gift to a heap dump.
 */
function bucketOf(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  if (!authorization) return `a:${request.ip}`;
  return CREDENTIAL + createHash("sha256").update(authorization).digest("base64url");
}

// Probes and the documentation pages are not the API.
const EXEMPT = /^\/(healthz|readyz|api\/(v1\/)?(docs|schema|redoc)\b)/;

/**
 * `@fastify/rate-limit` per credential, per address for anonymous requests, with the
 * `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` headers on every answer and the
 * 429 envelope (4290) with `Retry-After`. Its counters are in memory: each instance counts alone,
 * and the store (an LRU map, no timer, no connection) has nothing to close with the app.
 */
export default fp(
  async (app: FastifyInstance, options: { limits: Limits }) => {
    const { limits } = options;
    await app.register(rateLimit, {
      global: true,
      enableDraftSpec: true,
      timeWindow: limits.rateLimitWindowSeconds * 1000,
      keyGenerator: bucketOf,
      max: (_request, key) => (key.startsWith(CREDENTIAL) ? limits.rateLimitMax : limits.rateLimitAnonymousMax),
      allowList: (request) => EXEMPT.test(request.url),
      // The plugin has set the headers already; the errors plugin renders the envelope.
      errorResponseBuilder: () => Object.assign(new ApiError(429), { statusCode: 429 }),
    });
  },
  { name: "rate-limit", dependencies: ["errors"] },
);
