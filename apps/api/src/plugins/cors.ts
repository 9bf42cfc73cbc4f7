import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * CORS for the origins of `CORS_ORIGINS` only (none by default: no CORS headers, browsers on other
 * origins are refused). Credentials are headers, never cookies, so none are allowed.
 */
export default fp(
  async (app: FastifyInstance, options: { origins: string[] }) => {
    if (options.origins.length === 0) return;
    await app.register(cors, {
      origin: options.origins,
      methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      allowedHeaders: ["Authorization", "Content-Type", "Accept-Language", "X-Tenant-ID", "X-Request-Id"],
      exposedHeaders: ["X-Request-Id", "X-Total-Count", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
      maxAge: 600,
    });
  },
  { name: "cors" },
);
