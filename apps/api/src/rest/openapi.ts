import type { AnyRouter } from "@trpc/server";
import { ERROR_CODE_BY_STATUS, MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE } from "@customer-hub/domain";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { DEFAULT_MESSAGE } from "../trpc/errors";
import type { Meta } from "../trpc/init";

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

const ERROR_RESPONSES = {
  400: { name: "BadRequest", description: "Invalid input: field errors under `errors`, keyed by field (nested fields joined with dots)." },
  401: { name: "Unauthorized", description: "No credentials, or credentials that are invalid, expired or revoked." },
  403: { name: "Forbidden", description: "Authenticated, but the role may not use this operation." },
  404: { name: "NotFound", description: "The resource does not exist (or is deleted), or the page is past the last." },
  405: { name: "MethodNotAllowed", description: "The path exists but not with this method." },
  409: { name: "Conflict", description: "The resource already exists." },
  413: { name: "PayloadTooLarge", description: "The request body is larger than 16 MiB." },
  415: { name: "UnsupportedMediaType", description: "The request body is not `application/json`." },
  429: { name: "TooManyRequests", description: "Rate limit (per credential, or per address without one) or login throttle reached; wait `Retry-After` seconds." },
  503: {
    name: "ServiceUnavailable",
    description: "The database could not do the write now (a lock stayed taken, or a deadlock outlasted the retries). Nothing was stored; send it again after `Retry-After` seconds.",
    headers: { "Retry-After": { description: "Seconds to wait before sending the request again.", schema: { type: "integer", minimum: 0 } } },
  },
} as const satisfies Record<number, { name: string; description: string; headers?: Json }>;
type DocumentedErrorStatus = keyof typeof ERROR_RESPONSES;

const errorExample = (status: DocumentedErrorStatus) => {
  const example: Json = {
    success: false,
    code: ERROR_CODE_BY_STATUS[status],
    message: MESSAGES[DEFAULT_MESSAGE[status]].zh,
  };
  if (status === 400) example.errors = { name: [MESSAGES.field_required.zh] };
  return example;
};

function metaByOperationId(router: AnyRouter): Map<string, Meta> {
  const map = new Map<string, Meta>();
  for (const procedure of Object.values(router._def.procedures)) {
    const meta = (procedure as { _def: { meta?: Meta } })._def.meta;
    if (meta?.openapi?.operationId) map.set(meta.openapi.operationId, meta);
  }
  return map;
}

/** The statuses an operation can answer with besides success (CONTRACT §13). */
function errorStatuses(operation: Operation, meta: Meta): DocumentedErrorStatus[] {
  // Every operation is rate limited.
  const statuses = new Set<DocumentedErrorStatus>([429]);
  const parameters = operation.parameters ?? [];
  if (operation.requestBody || parameters.length > 0) statuses.add(400);
  // Fastify refuses a body before any procedure runs: too large, or not JSON.
  if (operation.requestBody) {
    statuses.add(413);
    statuses.add(415);
  }
  if (meta.access !== "public") statuses.add(401);
  if (meta.access === "admin" || meta.access === "tenant") statuses.add(403);
  // A path id that is unknown, a page past the last, or (tenant view) an unknown X-Tenant-ID.
  if (parameters.some((parameter) => parameter.in === "path" || parameter.name === "page")) statuses.add(404);
  if (meta.access === "tenant") statuses.add(404);
  // Every write runs in a transaction that can meet a lock timeout or exhaust its deadlock retries.
  if (meta.openapi?.method !== "GET") statuses.add(503);
  const extra = meta.openapi?.errorResponses;
  for (const status of Array.isArray(extra) ? extra : Object.keys(extra ?? {}).map(Number)) {
    if (status in ERROR_RESPONSES) statuses.add(status as DocumentedErrorStatus);
  }
  return [...statuses].sort();
}

/** How an admin picks the tenant of the tenant view (CONTRACT §4, §13); tenant admins send nothing. */
const TENANT_HEADER = {
  in: "header",
  name: "X-Tenant-ID",
  required: false,
  description: "The tenant's numeric id. Required for an admin (400 without it, 404 when unknown); ignored for a tenant admin.",
  schema: { type: "integer", minimum: 1 },
};

function successEnvelopeSchema(data: unknown): Json {
  return {
    type: "object",
    required: ["success", "code", "message", "data"],
    properties: {
      success: { type: "boolean", const: true },
      code: { type: "integer", const: SUCCESS_CODE },
      message: { type: "string", examples: [SUCCESS_MESSAGE] },
      data: data ?? { type: "null" },
    },
    additionalProperties: false,
  };
}

const DOCUMENT_INFO = {
  title: "customer-hub API",
  description:
    "Multi-tenant customer management. Every answer under `/api/v1/` is an envelope: `{success, code, message, data}` on success, " +
    "`{success: false, code, message, errors?}` on failure. The legacy CRM API under `/api/customer/` (tag `legacy`) answers " +
    "successes as its clients expect them (raw JSON or an empty body) and failures with the same error envelope. " +
    "Messages are Chinese; send `Accept-Language: en` for English.",
  version: "1.0.0",
  baseUrl: "/",
};

/** A router mounted by openApiRoutes, as the document describes it. */
export type OpenApiSource = {
  router: AnyRouter;
  /** Where its REST paths are mounted, e.g. `/api/v1`. */
  prefix: string;
  /** Whether its successes are wrapped in the envelope (openApiRoutes' `envelope` option). */
  enveloped: boolean;
};

/** trpc-to-openapi documents a `z.void()` output as the empty schema. */
const isEmptySchema = (schema: unknown) =>
  schema === undefined || (typeof schema === "object" && schema !== null && Object.keys(schema).length === 0);

/** The one success answer of an operation: its status, body (enveloped or raw) and headers. */
function successResponse(operation: Operation, meta: Meta, enveloped: boolean): [string, Json] {
  const status = meta.successStatus ?? 200;
  const generated = operation.responses["200"] ?? {};
  const payload = (generated.content as Json | undefined)?.["application/json"] as Json | undefined;
  const description = { 200: "OK", 201: "Created", 204: "No Content" }[status];
  const headers = generated.headers ? { headers: generated.headers } : {};
  if (status === 204 || (!enveloped && isEmptySchema(payload?.schema))) {
    return [String(status), { description: status === 204 ? description : `${description}, with an empty body`, ...headers }];
  }
  const schema = enveloped ? successEnvelopeSchema(payload?.schema) : payload?.schema;
  return [String(status), { description, ...headers, content: { "application/json": { schema } } }];
}

/** One source's operations under their real paths (prefix + path + trailing slash). */
function documentedPaths(source: OpenApiSource, generated: OpenAPIObject): Record<string, Json> {
  const metas = metaByOperationId(source.router);
  const paths: Record<string, Json> = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    const rewritten: Json = {};
    for (const [method, value] of Object.entries(item as Json)) {
      const generatedOperation = value as Operation;
      const meta = metas.get(generatedOperation.operationId ?? "");
      if (!meta) throw new Error(`operation without operationId at ${method.toUpperCase()} ${path}`);
      const operation: Operation =
        meta.access === "tenant"
          ? { ...generatedOperation, parameters: [...(generatedOperation.parameters ?? []), TENANT_HEADER] }
          : generatedOperation;

      const [successStatus, success] = successResponse(operation, meta, source.enveloped);
      const responses: Record<string, Json> = { [successStatus]: success };
      for (const status of errorStatuses(operation, meta)) {
        responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
      }
      rewritten[method] = {
        ...operation,
        security: meta.access === "public" ? [] : [{ bearerAuth: [] }, { tokenAuth: [] }],
        responses,
      };
    }
    paths[`${source.prefix}${path === "/" ? "" : path}/`] = rewritten;
  }
  return paths;
}

/**
 * trpc-to-openapi's documents of every mounted router, merged and corrected until they tell the
 * truth about what the server sends: real paths with trailing slashes, the envelope around every
 * payload of an enveloped source, 201/204 where they are sent, response headers, our error
 * envelope for the statuses each operation can really answer, and both security schemes.
 */
export function buildOpenApiDocument(sources: OpenApiSource[]): OpenAPIObject {
  const documents = sources.map((source) => ({ source, generated: generateOpenApiDocument(source.router, DOCUMENT_INFO) }));
  const generated = documents[0]!.generated;
  const paths = Object.assign({}, ...documents.map(({ source, generated }) => documentedPaths(source, generated))) as Record<string, Json>;

  const schemas = Object.fromEntries(
    documents
      .flatMap(({ generated }) => Object.entries((generated.components?.schemas ?? {}) as Json))
      .filter(([name]) => !name.startsWith("error.")),
  );
  return {
    ...generated,
    servers: [{ url: "/" }],
    paths,
    components: {
      ...generated.components,
      schemas: {
        ...schemas,
        ErrorEnvelope: {
          type: "object",
          required: ["success", "code", "message"],
          properties: {
            success: { type: "boolean", const: false },
            code: { type: "integer", enum: Object.values(ERROR_CODE_BY_STATUS) },
            message: { type: "string" },
            errors: {
              type: "object",
              description: "Messages by field name; `non_field_errors` for rules across fields.",
              additionalProperties: { type: "array", items: { type: "string" } },
            },
          },
          additionalProperties: false,
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, response]) => [
          response.name,
          {
            description: response.description,
            ...("headers" in response ? { headers: response.headers } : {}),
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/ErrorEnvelope" },
                example: errorExample(Number(status) as DocumentedErrorStatus),
              },
            },
          },
        ]),
      ),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "`Authorization: Bearer <access token>` from POST /api/v1/auth/token/." },
        tokenAuth: { type: "apiKey", in: "header", name: "Authorization", description: "`Authorization: Token <API key>`; keys are made with `pnpm cli apikey create`." },
      },
    },
  } as OpenAPIObject;
}
