import type { AnyRouter } from "@trpc/server";
import { ERROR_CODE_BY_STATUS, MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE } from "@customer-hub/domain";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import type { Meta } from "../trpc/init";

export const V1_PREFIX = "/api/v1";

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
} as const;
type DocumentedErrorStatus = keyof typeof ERROR_RESPONSES;

const errorExample = (status: DocumentedErrorStatus) => {
  const key = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict" }[status] as keyof typeof MESSAGES;
  const example: Json = { success: false, code: ERROR_CODE_BY_STATUS[status], message: MESSAGES[key].zh };
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
  const statuses = new Set<DocumentedErrorStatus>();
  const parameters = operation.parameters ?? [];
  if (operation.requestBody || parameters.length > 0) statuses.add(400);
  if (meta.access !== "public") statuses.add(401);
  if (meta.access === "admin" || meta.access === "tenant") statuses.add(403);
  // A path id that is unknown, or a page past the last.
  if (parameters.some((parameter) => parameter.in === "path" || parameter.name === "page")) statuses.add(404);
  const extra = meta.openapi?.errorResponses;
  for (const status of Array.isArray(extra) ? extra : Object.keys(extra ?? {}).map(Number)) {
    if (status in ERROR_RESPONSES) statuses.add(status as DocumentedErrorStatus);
  }
  return [...statuses].sort();
}

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

/**
 * trpc-to-openapi's document, corrected until it tells the truth about what the server sends:
 * trailing slashes, the envelope around every payload, 201/204 where they are sent, our error
 * envelope for the statuses each operation can really answer, and both security schemes.
 */
export function buildOpenApiDocument(router: AnyRouter): OpenAPIObject {
  const generated = generateOpenApiDocument(router, {
    title: "customer-hub API",
    description:
      "Multi-tenant customer management. Every answer is an envelope: `{success, code, message, data}` on success, " +
      "`{success: false, code, message, errors?}` on failure. Messages are Chinese; send `Accept-Language: en` for English.",
    version: "1.0.0",
    baseUrl: "/",
  });
  const metas = metaByOperationId(router);

  const paths: Record<string, Json> = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    const rewritten: Json = {};
    for (const [method, value] of Object.entries(item as Json)) {
      const operation = value as Operation;
      const meta = metas.get(operation.operationId ?? "");
      if (!meta) throw new Error(`operation without operationId at ${method.toUpperCase()} ${path}`);

      const success = meta.successStatus ?? 200;
      const payload = (operation.responses["200"]?.content as Json | undefined)?.["application/json"] as Json | undefined;
      const responses: Record<string, Json> = {};
      responses[String(success)] =
        success === 204
          ? { description: "No Content" }
          : {
              description: success === 201 ? "Created" : "OK",
              content: { "application/json": { schema: successEnvelopeSchema(payload?.schema) } },
            };
      for (const status of errorStatuses(operation, meta)) {
        responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
      }
      rewritten[method] = {
        ...operation,
        security: meta.access === "public" ? [] : [{ bearerAuth: [] }, { tokenAuth: [] }],
        responses,
      };
    }
    paths[`${V1_PREFIX}${path === "/" ? "" : path}/`] = rewritten;
  }

  const schemas = Object.fromEntries(
    Object.entries((generated.components?.schemas ?? {}) as Json).filter(([name]) => !name.startsWith("error.")),
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
        Object.entries(ERROR_RESPONSES).map(([status, { name, description }]) => [
          name,
          {
            description,
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
