import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import type { FastifyRequest } from "fastify";
import type { Language } from "@customer-hub/domain";

import type { Principal } from "../auth/authenticate";
import type { PrincipalCache } from "../auth/principal-cache";
import type { TokenService } from "../auth/tokens";
import type { Limits } from "../env";
import { languageFromHeader } from "../lib/i18n";

/** Long-lived things the procedures need, built once by buildApp. */
export type Services = {
  orm: MikroORM;
  tokens: TokenService;
  principals: PrincipalCache;
  /** `PUBLIC_URL`'s origin, for links; unset, the request's own scheme and host. */
  publicOrigin?: string;
  limits: Limits;
  recordKeyUse: (apiKeyId: number) => void;
  /** How long a write waits for a row lock before answering 503; LOCK_TIMEOUT_MS when unset. */
  lockTimeoutMs?: number;
};

/**
 * What a call knows before any procedure runs. It carries no EntityManager: one HTTP request may
 * hold a whole tRPC batch, so the base procedure forks one per procedure call (`ProcedureContext`).
 */
export type Context = {
  services: Services;
  language: Language;
  /** Raw `Authorization` header; authedProcedure resolves it into `principal`. */
  authorization: string | undefined;
  /** Raw `X-Tenant-ID` header, for an admin reading the tenant view. */
  tenantHeader: string | undefined;
  /** `scheme://host` of the request, for absolute pagination links. */
  origin: string;
  /** The REST request's own URL, whose query the pagination links keep; null on tRPC. */
  restUrl: URL | null;
  /** The client's address (as Fastify resolves it), for login throttling. */
  clientAddress: string;
  /** Set by tests that call procedures directly, or by authedProcedure. */
  principal: Principal | null;
  /**
   * Headers for a successful REST answer (`Location`, `X-Total-Count`), written by handlers and
   * sent by the REST layer; tRPC ignores them. One object per request, shared by every ctx
   * derived from it, so middleware that spread `ctx` do not lose what a handler sets.
   */
  responseHeaders: Record<string, string>;
};

/** What every procedure sees: the call's context plus the EntityManager forked for this call alone. */
export type ProcedureContext = Context & {
  em: EntityManager;
  /** The called procedure's own REST path (`meta.openapi.path`, e.g. `/customers/{id}/follow-ups`), for links. */
  restPath: string | undefined;
};

/** The inner context: everything but HTTP. Tests use it with `createCaller`. */
export function createContextInner(
  options: Pick<Context, "services"> & Partial<Omit<Context, "services">>,
): Context {
  return {
    services: options.services,
    language: options.language ?? "zh",
    authorization: options.authorization,
    tenantHeader: options.tenantHeader,
    origin: options.origin ?? "http://127.0.0.1",
    restUrl: options.restUrl ?? null,
    clientAddress: options.clientAddress ?? "127.0.0.1",
    principal: options.principal ?? null,
    responseHeaders: options.responseHeaders ?? {},
  };
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The outer context, from a Fastify request (tRPC and REST alike). */
export function createRequestContext(services: Services, request: FastifyRequest, rest: boolean): Context {
  // `request.host` follows `X-Forwarded-Host` only from a trusted proxy (TRUST_PROXY).
  const origin = services.publicOrigin ?? `${request.protocol}://${request.host}`;
  return createContextInner({
    services,
    language: languageFromHeader(header(request, "accept-language")),
    authorization: header(request, "authorization"),
    tenantHeader: header(request, "x-tenant-id"),
    origin,
    restUrl: rest ? new URL(request.originalUrl, origin) : null,
    clientAddress: request.ip,
  });
}
