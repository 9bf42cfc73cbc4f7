import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";

import type { FastifyHttpOptions, FastifyServerOptions } from "fastify";
import { TRPC_MAX_PATH_PARAM_LENGTH } from "@customer-hub/domain";

import { clientErrorHandler, frameworkErrors } from "./plugins/errors";

/** How the HTTP server meets the outside world; from the environment (env.ts) or a test. */
export type HttpSettings = {
  /**
   * Proxies whose `X-Forwarded-*` headers are believed: `false` (none, the default), a hop count,
   * or addresses/CIDRs. Without it a client could point pagination links at any host.
   */
  trustProxy: false | number | string[];
  /** `https://api.example.com`: the origin of absolute links; unset, the request's `Host`. */
  publicUrl: string | undefined;
  /** Origins allowed by CORS; empty, no CORS headers at all. */
  corsOrigins: string[];
  /** The whole request (headers and body) must have arrived by then, or it is cut with a 408. */
  requestTimeoutMs: number;
  /** A connection with no traffic for this long is closed. */
  connectionTimeoutMs: number;
};

export const HTTP_DEFAULTS: HttpSettings = {
  trustProxy: false,
  publicUrl: undefined,
  corsOrigins: [],
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
};

/**
 * 1000 bulk items with every bounded field at its limit, text in Chinese (3 bytes a character in
 * UTF-8), are 7.5 MB of JSON, 13.8 MB with `\uXXXX` escapes (what many JSON encoders write); with
 * 255 characters in each of the four unbounded fields too, 10.7 MB (test/body-limit.test.ts).
 * 16 MiB (16.8 MB) fits all of these.
 */
export const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

// What a client may send as its request id: short, printable, nothing that could forge a log line.
const SANE_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/;

/** The client's `X-Request-Id` when it is sane, else a new one; echoed in answers and every log line. */
function requestId(request: IncomingMessage): string {
  const sent = request.headers["x-request-id"];
  return typeof sent === "string" && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** The Fastify server options: every bound on what a client may send or hold. */
export function serverOptions(settings: HttpSettings, logger: FastifyServerOptions["logger"]): FastifyHttpOptions<Server> {
  return {
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.connectionTimeoutMs,
    http: {
      headersTimeout: Math.min(settings.requestTimeoutMs, 60_000),
      // Node checks the timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, settings.requestTimeoutMs / 4)),
    },
    // A tRPC batch names its procedures in one path segment (`/trpc/a,b,c`); longer is a 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: TRPC_MAX_PATH_PARAM_LENGTH },
    // Fastify takes a hop count too (proxy-addr), though its types leave numbers out.
    trustProxy: settings.trustProxy as FastifyServerOptions["trustProxy"],
    requestIdHeader: false,
    genReqId: requestId,
    frameworkErrors,
    clientErrorHandler,
    // The errors plugin answers the envelope during shutdown instead.
    return503OnClosing: false,
  };
}
