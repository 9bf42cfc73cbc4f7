import { languageFromHeader, type Language } from "@customer-hub/domain";
import type { AnyRouter } from "@trpc/server";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { fastifyTRPCOpenApiPlugin, normalizePath, type CreateOpenApiFastifyPluginOptions } from "trpc-to-openapi";

import { ApiError, invalid, toApiError, toEnvelope } from "../trpc/errors";
import { errorEnvelopeFromBody, successEnvelope } from "./envelope";
import { assertDeclarationOrder, operationsAtPath, restOperations, type RestOperation, type RestSurface } from "./operations";

/** What the REST layer needs of a procedure's context: where handlers leave response headers. */
type RestContext = { responseHeaders: Record<string, string> };

type Options = {
  surface: RestSurface;
  createContext: (request: FastifyRequest) => RestContext;
  onError: (error: unknown, request: FastifyRequest) => void;
  /** Whether the request's credentials name a user; asked only before answering 405. */
  isAuthenticated: (request: FastifyRequest) => Promise<boolean>;
};

const JSON_TYPE = "application/json; charset=utf-8";
const isJsonObject = (body: unknown) => typeof body === "object" && body !== null && !Array.isArray(body);
const jsonType = (body: unknown) => (body === null ? "null" : Array.isArray(body) ? "array" : typeof body);
const languageOf = (request: FastifyRequest): Language => languageFromHeader(request.headers["accept-language"]);

/**
 * REST over the tRPC router through trpc-to-openapi's own Fastify adapter. Its hooks add what the
 * adapter does not do: the envelope and success statuses of CONTRACT §2, HEAD, 401 before 405 with
 * `Allow`, and the body rules (an absent body is `{}`, a body must be a JSON object). An
 * encapsulated plugin: the hooks apply to this surface's routes alone.
 */
export async function openApiRoutes(app: FastifyInstance, options: Options) {
  const { router, basePath, enveloped } = options.surface;
  const operations = restOperations(router);
  assertDeclarationOrder(operations);
  const operationsAt = operationsAtPath(operations);
  const successStatus = new Map(operations.map((operation) => [operation.procedurePath, operation.successStatus]));
  /**
   * The requests handed to the adapter, with the method they came with: only their answers are
   * the adapter's bodies, to envelope.
   */
  const viaAdapter = new WeakMap<FastifyRequest, string>();

  /** A known path asked with a method it does not have is 405 with `Allow`, as in DRF. */
  function methodNotAllowed(method: string, here: RestOperation[]): ApiError | null {
    if (here.length === 0 || here.some((operation) => operation.method === method)) return null;
    const allowed = [...new Set(here.map((operation) => operation.method))];
    return new ApiError(405, { headers: { Allow: allowed.join(", ") } });
  }

  app.addHook("preHandler", async (request, reply) => {
    // Read before the adapter points `raw.url` below the base path; Fastify keeps it once read,
    // and the context's pagination links are built from it.
    const path = normalizePath(new URL(request.originalUrl, "http://localhost").pathname.slice(basePath.length));
    // HEAD is a GET without the body: the adapter knows no HEAD, and Fastify's HEAD route drops
    // the body whatever the method says by then.
    const sentMethod = request.raw.method!;
    const method = sentMethod === "HEAD" ? "GET" : sentMethod;
    request.raw.method = method;

    const here = operationsAt(path);
    const refused = methodNotAllowed(method, here);
    // As in DRF, who is asking is settled before the method: an anonymous caller gets 401.
    if (refused && !(await options.isAuthenticated(request))) {
      return reply.code(401).send(toEnvelope(new ApiError(401), languageOf(request)));
    }
    if (refused) return reply.code(405).headers(refused.headers ?? {}).send(toEnvelope(refused, languageOf(request)));

    // A POST with no body at all (`curl -X POST …/set-primary/`) is an empty JSON object, not a 415.
    const takesBody = method !== "GET" && method !== "DELETE";
    if (takesBody && request.body === undefined) {
      request.body = {};
      request.raw.headers["content-type"] = "application/json";
    }
    // Every body is a JSON object. trpc-to-openapi would spread an array or a string into the
    // input (`[1]` → `{"0": 1}`) and report nonsense, so refuse it the way DRF does.
    if (takesBody && !isJsonObject(request.body) && here.length > 0) {
      const notObject = { key: "body_not_object", params: { type: jsonType(request.body) } } as const;
      return reply.code(400).send(toEnvelope(invalid({ non_field_errors: [notObject] }), languageOf(request)));
    }
    viaAdapter.set(request, sentMethod);
  });

  // The adapter sends the procedure's bare output, or its error body with our envelope inside.
  app.addHook("onSend", async (request, reply, payload: string | undefined) => {
    const sentMethod = viaAdapter.get(request);
    if (sentMethod === undefined) return payload;
    // Logs and later hooks see the request as it came, not as the adapter rewrote it.
    request.raw.url = request.originalUrl;
    request.raw.method = sentMethod;

    const status = reply.statusCode;
    if (status >= 400) {
      void reply.type(JSON_TYPE);
      return JSON.stringify(errorEnvelopeFromBody(payload, status, languageOf(request)));
    }
    if (status === 204 || (!enveloped && payload === undefined)) {
      void reply.removeHeader("content-type");
      return undefined;
    }
    void reply.type(JSON_TYPE);
    return enveloped ? successEnvelope(payload, languageOf(request)) : payload;
  });

  const adapterOptions: CreateOpenApiFastifyPluginOptions<AnyRouter> = {
    router,
    basePath: basePath as `/${string}`,
    // The Fastify adapter hands over Fastify's own request (with Node's stream methods added).
    createContext: ({ req }) => options.createContext(req as unknown as FastifyRequest),
    onError: ({ error, req }) => options.onError(error, req as unknown as FastifyRequest),
    responseMeta: ({ paths, errors, ctx }) => {
      if (errors.length > 0) {
        // The status of the mapped error: a wrapped driver failure is a 503, not tRPC's 500.
        const { status, headers } = toApiError(errors[0]);
        return headers ? { status, headers } : { status };
      }
      return { status: successStatus.get(paths?.[0] ?? "") ?? 200, headers: (ctx as RestContext | undefined)?.responseHeaders };
    },
  };
  await app.register(fastifyTRPCOpenApiPlugin, adapterOptions);
}
