import Fastify, { type FastifyRequest, type FastifyServerOptions } from "fastify";
import type { Orm } from "@customer-hub/db";

import { authenticate } from "./auth/authenticate";
import { PrincipalCache } from "./auth/principal-cache";
import { createKeyUsageRecorder } from "./auth/key-usage";
import { createTokenService } from "./auth/tokens";
import { DEFAULT_LIMITS, type Env } from "./env";
import { HTTP_DEFAULTS, serverOptions, type HttpSettings } from "./http-options";
import corsPlugin from "./plugins/cors";
import errorsPlugin from "./plugins/errors";
import headersPlugin from "./plugins/headers";
import healthPlugin from "./plugins/health";
import ormPlugin from "./plugins/orm";
import principalInvalidation from "./plugins/principal-invalidation";
import { OneLinePerRequest } from "./plugins/request-log";
import rateLimitPlugin from "./plugins/rate-limit";
import trpcPlugin from "./plugins/trpc";
import { docsRoutes } from "./rest/docs";
import { openApiRoutes } from "./rest/openapi-handler";
import { legacyRouter } from "./routers/legacy/router";
import { LEGACY_BASE_PATH, V1_BASE_PATH } from "./paths";
import type { RestSurface } from "./rest/operations";
import { appRouter } from "./routers/root";
import { createRequestContext, type Services } from "./trpc/context";
import { toApiError } from "./trpc/errors";

/** The REST surfaces, each on its base path (paths.ts); the legacy clients expect bare successes. */
export const REST_SURFACES: RestSurface[] = [
  { router: appRouter, basePath: V1_BASE_PATH, enveloped: true },
  { router: legacyRouter, basePath: LEGACY_BASE_PATH, enveloped: false },
];

export type AppOptions = {
  orm: Orm;
  env: Pick<Env, "jwtSecret" | "accessTokenTtlSeconds" | "refreshTokenTtlSeconds"> & Partial<Pick<Env, "limits">>;
  logger?: FastifyServerOptions["logger"];
  /** Timeouts, proxies, CORS, public URL; defaults: HTTP_DEFAULTS. */
  http?: Partial<HttpSettings>;
  /** Services["lockTimeoutMs"]. */
  lockTimeoutMs?: number;
  /** Called when the app closes, after everything that uses `orm` (the server hands over its database). */
  closeDatabase?: () => Promise<void>;
};

/** Builds the whole HTTP app without listening: the server and the tests share it. */
export async function buildApp(options: AppOptions) {
  const http = { ...HTTP_DEFAULTS, ...options.http };
  const app = Fastify({ ...serverOptions(http, options.logger ?? false), logController: new OneLinePerRequest() });

  const limits = options.env.limits ?? DEFAULT_LIMITS;
  const keyUsage = createKeyUsageRecorder(options.orm, (error) => app.log.error({ err: error }, "last_used_at not written"));
  const services: Services = {
    orm: options.orm,
    limits,
    recordKeyUse: keyUsage.record,
    tokens: createTokenService({
      secret: options.env.jwtSecret,
      accessTtlSeconds: options.env.accessTokenTtlSeconds,
      refreshTtlSeconds: options.env.refreshTokenTtlSeconds,
    }),
    principals: new PrincipalCache(),
    publicOrigin: http.publicUrl === undefined ? undefined : new URL(http.publicUrl).origin,
    lockTimeoutMs: options.lockTimeoutMs,
  };
  // Only server faults are logged, with the request's id; 4xx are the client's business. A 503 is
  // a write the database could not do now (the client retries), a warning rather than an error.
  const onError = (error: unknown, request: FastifyRequest) => {
    const apiError = toApiError(error);
    const err = (error as { cause?: unknown }).cause ?? error;
    if (apiError.status === 503) request.log.warn({ err }, "database busy, answered 503");
    else if (apiError.status >= 500) request.log.error({ err }, "procedure failed");
  };

  // Closed in reverse order: the ORM last, once the listener and the pending key writes are done.
  await app.register(ormPlugin, { orm: options.orm, close: options.closeDatabase });
  app.addHook("onClose", keyUsage.settled);
  await app.register(errorsPlugin);
  await app.register(principalInvalidation, { principals: services.principals });
  await app.register(headersPlugin);
  await app.register(corsPlugin, { origins: http.corsOrigins });
  await app.register(rateLimitPlugin, { limits });
  await app.register(healthPlugin);
  await app.register(trpcPlugin, { services, onError });
  const createContext = (request: FastifyRequest) => createRequestContext(services, request, true);
  const isAuthenticated = async (request: FastifyRequest) =>
    (await authenticate(services, request.headers.authorization)) !== null;
  await app.register(docsRoutes, { surfaces: REST_SURFACES });
  for (const surface of REST_SURFACES) {
    await app.register(openApiRoutes, { surface, createContext, onError, isAuthenticated });
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
