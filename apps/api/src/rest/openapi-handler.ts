import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createOpenApiNodeHttpHandler, normalizePath, type OpenApiMethod } from "trpc-to-openapi";

import { languageFromHeader } from "../lib/i18n";
import { ApiError, invalid, toApiError, toEnvelope } from "../trpc/errors";
import { errorEnvelopeFromBody, successEnvelope } from "./envelope";
import { assertDeclarationOrder, operationsAtPath, restOperations, type RestOperation, type RestSurface } from "./operations";

const METHODS: OpenApiMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** What the REST layer needs of a procedure's context: where handlers leave response headers. */
type RestContext = { responseHeaders: Record<string, string> };

type Options = {
  surface: RestSurface;
  createContext: (request: FastifyRequest) => RestContext;
  onError: (error: unknown, request: FastifyRequest) => void;
  /** Whether the request's credentials name a user; asked only before answering 405. */
  isAuthenticated: (request: FastifyRequest) => Promise<boolean>;
};

/**
 * REST over the tRPC router through trpc-to-openapi's node handler, with the envelope, the
 * success statuses, the handlers' response headers, HEAD, 401 before 405 and the body rules of
 * CONTRACT §2 done here, once, for every route. Not on the library's own Fastify plugin
 * (`fastifyTRPCOpenApiPlugin` with preHandler/onSend hooks carries every rule, see the branch
 * history): that plugin grafts a dozen Node methods and a `statusCode` accessor onto every
 * Fastify request and reply, and measured ~30 % more CPU per GET by id than these two plain
 * objects, on the hot path. The handler's unused per-call AbortSignal (a whole web Request) is
 * built only when read, by a patch (patches/trpc-to-openapi@3.3.0.patch).
 */
export async function openApiRoutes(app: FastifyInstance, options: Options) {
  const { router, basePath, enveloped } = options.surface;
  const operations = restOperations(router);
  assertDeclarationOrder(operations);
  const operationsAt = operationsAtPath(operations);
  const successStatus = new Map(operations.map((operation) => [operation.procedurePath, operation.successStatus]));
  const handle = createOpenApiNodeHttpHandler({
    router,
    createContext: ({ req }) => options.createContext((req as unknown as { fastifyRequest: FastifyRequest }).fastifyRequest),
    onError: ({ error, req }) => options.onError(error, (req as unknown as { fastifyRequest: FastifyRequest }).fastifyRequest),
    responseMeta: ({ paths, errors, ctx }) => {
      if (errors.length > 0) {
        // The status of the mapped error: a wrapped driver failure is a 503, not tRPC's 500.
        const { status, headers } = toApiError(errors[0]);
        return headers ? { status, headers } : { status };
      }
      return {
        status: successStatus.get(paths?.[0] ?? "") ?? 200,
        headers: (ctx as RestContext | undefined)?.responseHeaders,
      };
    },
  });

  /** A known path asked with a method it does not have is 405 with `Allow`, as in DRF. */
  function methodNotAllowed(method: string, here: RestOperation[]): ApiError | null {
    if (here.length === 0 || here.some((operation) => operation.method === method)) return null;
    const allowed = [...new Set(here.map((operation) => operation.method))];
    return new ApiError(405, { headers: { Allow: allowed.join(", ") } });
  }

  app.route({
    method: METHODS,
    url: `${basePath}/*`,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const language = languageFromHeader(request.headers["accept-language"]);
      const url = new URL(request.url, "http://localhost");
      const path = normalizePath(url.pathname.slice(basePath.length));
      // HEAD is a GET without the body (Fastify drops the body it is sent).
      const method = request.method === "HEAD" ? "GET" : request.method;

      const here = operationsAt(path);
      const refused = methodNotAllowed(method, here);
      // As in DRF, who is asking is settled before the method: an anonymous caller gets 401.
      if (refused && !(await options.isAuthenticated(request))) {
        return reply.code(401).send(toEnvelope(new ApiError(401), language));
      }
      if (refused) {
        return reply.code(405).headers(refused.headers ?? {}).send(toEnvelope(refused, language));
      }

      // A POST with no body at all (`curl -X POST …/set-primary/`) is an empty JSON object, not a 415.
      const takesBody = method !== "GET" && method !== "DELETE";
      if (request.body === undefined && takesBody) {
        request.body = {};
        request.raw.headers["content-type"] = "application/json";
      }
      // Every body is a JSON object. trpc-to-openapi would spread an array or a string into the
      // input (`[1]` → `{"0": 1}`) and report nonsense, so refuse it the way DRF does.
      if (takesBody && !isJsonObject(request.body) && here.length > 0) {
        const notObject = { key: "body_not_object", params: { type: jsonType(request.body) } } as const;
        return reply.code(400).send(toEnvelope(invalid({ non_field_errors: [notObject] }), language));
      }

      const answer = await runHandler(handle, request, reply, method, `${path}${url.search}`);
      for (const [name, value] of Object.entries(answer.headers)) {
        if (name.toLowerCase() !== "content-type") void reply.header(name, value);
      }
      if (answer.status === 204) return reply.code(204).send();
      if (answer.status < 400) {
        if (enveloped) {
          return reply.code(answer.status).type("application/json; charset=utf-8").send(successEnvelope(answer.body, language));
        }
        if (answer.body === undefined) return reply.code(answer.status).send();
        return reply.code(answer.status).type("application/json; charset=utf-8").send(answer.body);
      }
      return reply.code(answer.status).send(errorEnvelopeFromBody(answer.body, answer.status, language));
    },
  });
}

const isJsonObject = (body: unknown) => typeof body === "object" && body !== null && !Array.isArray(body);
const jsonType = (body: unknown) => (body === null ? "null" : Array.isArray(body) ? "array" : typeof body);

type Answer = { status: number; headers: Record<string, string>; body: string | undefined };

/** Runs trpc-to-openapi's node handler against the Fastify request, capturing what it would send. */
async function runHandler(
  handle: ReturnType<typeof createOpenApiNodeHttpHandler>,
  request: FastifyRequest,
  reply: FastifyReply,
  method: string,
  url: string,
): Promise<Answer> {
  const answer: Answer = { status: 200, headers: {}, body: undefined };
  // A plain object: Fastify's request has getter-only fields (url) that the handler would set.
  const req = {
    fastifyRequest: request,
    url,
    method,
    headers: request.headers,
    body: request.body,
    query: request.query,
    once: request.raw.once.bind(request.raw),
    on: request.raw.on.bind(request.raw),
    off: request.raw.off.bind(request.raw),
    destroy: request.raw.destroy.bind(request.raw),
    socket: request.raw.socket,
  };
  const res = {
    get statusCode() {
      return answer.status;
    },
    set statusCode(status: number) {
      answer.status = status;
    },
    setHeader(name: string, value: string) {
      answer.headers[name] = value;
    },
    end(body?: string) {
      answer.body = body;
    },
    get writableEnded() {
      return reply.raw.writableEnded;
    },
    once: reply.raw.once.bind(reply.raw),
    on: reply.raw.on.bind(reply.raw),
    off: reply.raw.off.bind(reply.raw),
    emit: reply.raw.emit.bind(reply.raw),
    removeListener: reply.raw.removeListener.bind(reply.raw),
  };
  await (handle as (req: unknown, res: unknown) => Promise<void>)(req, res);
  return answer;
}
