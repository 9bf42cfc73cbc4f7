import type { AnyRouter } from "@trpc/server";
import {
  DEFAULT_MESSAGE_BY_STATUS,
  ERROR_CODE_BY_STATUS,
  errorEnvelopeSchema,
  MESSAGES,
  SUCCESS_CODE,
  SUCCESS_MESSAGE,
  successEnvelopeSchema,
} from "@customer-hub/domain";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";

import type { Meta } from "../trpc/init";
import { restOperations, type RestOperation, type RestSurface } from "./operations";

type Json = Record<string, unknown>;
type Parameter = Json & { in: string; name: string };
type Operation = Json & {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

const ERROR_RESPONSES = {
  400: { name: "BadRequest", description: "Invalid input: field errors under `errors`, keyed by field (nested fields joined with dots)." },
  401: { name: "Unauthorized", description: "No credentials, or credentials that are invalid, expired or revoked." },
  403: { name: "Forbidden", description: "Authenticated, but the role may not use this operation." },
  404: { name: "NotFound", description: "The resource does not exist (or is deleted), or the page is past the last." },
  409: { name: "Conflict", description: "The resource already exists." },
  413: { name: "PayloadTooLarge", description: "The request body is larger than 16 MiB." },
  414: { name: "UriTooLong", description: "A path segment is longer than 5000 characters." },
  415: { name: "UnsupportedMediaType", description: "The request has a body that is not `application/json`." },
  431: { name: "RequestHeaderFieldsTooLarge", description: "The request line and headers together are larger than 16 KiB." },
  429: { name: "TooManyRequests", description: "Rate limit (per credential, or per address without one) or login throttle reached; wait `Retry-After` seconds." },
  503: {
    name: "ServiceUnavailable",
    description:
      "The server cannot answer now: the database is unreachable, or a write could not get its locks (a lock stayed taken, or a deadlock outlasted the retries). Nothing was stored; send it again after `Retry-After` seconds.",
    headers: { "Retry-After": { description: "Seconds to wait before sending the request again.", schema: { type: "integer", minimum: 0 } } },
  },
} as const satisfies Record<number, { name: string; description: string; headers?: Json }>;
type DocumentedErrorStatus = keyof typeof ERROR_RESPONSES;

const errorExample = (status: DocumentedErrorStatus) => {
  const example: Json = {
    success: false,
    code: ERROR_CODE_BY_STATUS[status],
    message: MESSAGES[DEFAULT_MESSAGE_BY_STATUS[status]].zh,
  };
  if (status === 400) example.errors = { name: [MESSAGES.field_required.zh] };
  return example;
};

/** The operations of a router by operationId, which trpc-to-openapi's document keeps. */
const operationsById = (router: AnyRouter): Map<string, RestOperation> =>
  new Map(restOperations(router).flatMap((operation) => (operation.meta.openapi?.operationId ? [[operation.meta.openapi.operationId, operation]] : [])));

/** Methods whose requests Fastify reads a body for, even where the operation takes none. */
const BODY_METHODS = new Set(["post", "put", "patch"]);

/** The statuses an operation can answer with besides success (CONTRACT §13). */
function errorStatuses(method: string, operation: Operation, meta: Meta): DocumentedErrorStatus[] {
  // Every operation is rate limited, may meet a database that cannot answer (down, or a write's
  // lock timeout or exhausted deadlock retries), and is refused by Node/Fastify past their URL and
  // header limits before any procedure runs.
  const statuses = new Set<DocumentedErrorStatus>([414, 429, 431, 503]);
  const parameters = operation.parameters ?? [];
  if (operation.requestBody || parameters.length > 0) statuses.add(400);
  // Fastify refuses a body before any procedure runs: too large, or not JSON; also on
  // `set-primary/` and `restore/`, which read nothing from it.
  if (BODY_METHODS.has(method)) {
    statuses.add(413);
    statuses.add(415);
  }
  if (meta.access !== "public") statuses.add(401);
  if (meta.access === "admin" || meta.access === "tenant") statuses.add(403);
  // A path id that is unknown, a page past the last, or (tenant view) an unknown X-Tenant-ID.
  if (parameters.some((parameter) => parameter.in === "path" || parameter.name === "page")) statuses.add(404);
  if (meta.access === "tenant") statuses.add(404);
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

/** A domain schema as the document shows it (JSON Schema 2020-12, what OpenAPI 3.1 speaks). */
const jsonSchemaOf = (schema: z.ZodType): Json => {
  const { $schema: _dialect, ...rendered } = z.toJSONSchema(schema);
  return rendered;
};

const ERROR_ENVELOPE = jsonSchemaOf(errorEnvelopeSchema);
const SUCCESS_ENVELOPE = jsonSchemaOf(successEnvelopeSchema(z.null()));

/** The domain's success envelope around the payload schema trpc-to-openapi rendered. */
function successEnvelopeAround(data: unknown): Json {
  return { ...SUCCESS_ENVELOPE, properties: { ...(SUCCESS_ENVELOPE.properties as Json), data: data ?? { type: "null" } } };
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

/** trpc-to-openapi documents a `z.void()` output as the empty schema. */
const isEmptySchema = (schema: unknown) =>
  schema === undefined || (typeof schema === "object" && schema !== null && Object.keys(schema).length === 0);

/** The first of the `examples` of the component a `$ref` names (they come from the domain schemas). */
function exampleOf(schema: unknown, components: Json): unknown {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  const component = ref?.startsWith("#/components/schemas/") ? (components[ref.slice(21)] as Json | undefined) : undefined;
  return (component?.examples as unknown[] | undefined)?.[0];
}

/** The one success answer of an operation: its status, body (enveloped or raw) and headers. */
function successResponse(operation: Operation, meta: Meta, enveloped: boolean, components: Json): [string, Json] {
  const status = meta.successStatus ?? 200;
  const generated = operation.responses["200"] ?? {};
  const payload = (generated.content as Json | undefined)?.["application/json"] as Json | undefined;
  const description = { 200: "OK", 201: "Created", 204: "No Content" }[status];
  const headers = generated.headers ? { headers: generated.headers } : {};
  if (status === 204 || (!enveloped && isEmptySchema(payload?.schema))) {
    return [String(status), { description: status === 204 ? description : `${description}, with an empty body`, ...headers }];
  }
  const schema = enveloped ? successEnvelopeAround(payload?.schema) : payload?.schema;
  const data = exampleOf(payload?.schema, components);
  const example =
    data === undefined ? {} : { example: enveloped ? { success: true, code: SUCCESS_CODE, message: SUCCESS_MESSAGE, data } : data };
  return [String(status), { description, ...headers, content: { "application/json": { schema, ...example } } }];
}

/**
 * trpc-to-openapi renders a request body from a copy of the input (without the path
 * parameters), which loses the input's component id and examples: put both back, so a body is
 * `$ref: CustomerCreateInput` with the domain's example, which Swagger UI's "Try it out" sends.
 */
function namedRequestBody(operation: Operation, input: unknown, components: Json): Json | undefined {
  const body = operation.requestBody as { content?: Record<string, { schema?: Json }> } | undefined;
  const rendered = body?.content?.["application/json"]?.schema;
  const meta = input ? z.globalRegistry.get(input as z.ZodType) : undefined;
  if (!body || !rendered || !meta?.id) return body;
  const example = (meta.examples as unknown[] | undefined)?.[0];
  components[meta.id] ??= { ...rendered, ...(example === undefined ? {} : { examples: [example] }) };
  return {
    ...body,
    content: {
      "application/json": { schema: { $ref: `#/components/schemas/${meta.id}` }, ...(example === undefined ? {} : { example }) },
    },
  };
}

const EMPTY_IS_ABSENT = "An empty value (`name=`) is the same as leaving the parameter out.";

/**
 * zod-openapi puts a query field's description on its schema; OpenAPI readers look for it on
 * the parameter. trpc-to-openapi drops empty query values before validation (as django-filter
 * ignores them), so an optional query parameter allows an empty value whatever its schema says.
 */
const describedParameters = (parameters: Parameter[]): Parameter[] =>
  parameters.map((parameter) => {
    const description = (parameter.description ?? (parameter.schema as Json | undefined)?.description) as string | undefined;
    if (parameter.in === "query" && !parameter.required) {
      return { ...parameter, description: [description, EMPTY_IS_ABSENT].filter(Boolean).join(" "), allowEmptyValue: true };
    }
    return description === undefined ? parameter : { ...parameter, description };
  });

const WHO_MAY_CALL: Record<NonNullable<Meta["access"]>, string> = {
  public: "Anyone may call it; no credentials.",
  authenticated: "Any authenticated user may call it.",
  admin: "Only admins (role `admin`) may call it; others get 403.",
  tenant:
    "Tenant admins see their own tenant; admins name the tenant in `X-Tenant-ID`. A customer not related to the tenant is 404, never 403.",
};

/** The procedure's own description, then who may call it: one rule, stated once for every operation. */
const operationDescription = (meta: Meta) =>
  [meta.openapi?.description, WHO_MAY_CALL[meta.access ?? "public"]].filter(Boolean).join("\n\n");

/** One source's operations under their real paths (prefix + path + trailing slash). */
function documentedPaths(source: RestSurface, generated: OpenAPIObject, components: Json): Record<string, Json> {
  const procedures = operationsById(source.router);
  const paths: Record<string, Json> = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    const rewritten: Json = {};
    for (const [method, value] of Object.entries(item as Json)) {
      const generatedOperation = value as Operation;
      const procedure = procedures.get(generatedOperation.operationId ?? "");
      if (!procedure) throw new Error(`operation without operationId at ${method.toUpperCase()} ${path}`);
      const { meta, input } = procedure;
      const parameters: Parameter[] = [...(generatedOperation.parameters ?? []), ...(meta.access === "tenant" ? [TENANT_HEADER] : [])];
      const operation: Operation = { ...generatedOperation, parameters: describedParameters(parameters) };
      const requestBody = namedRequestBody(operation, input, components);

      const [successStatus, success] = successResponse(operation, meta, source.enveloped, components);
      const responses: Record<string, Json> = { [successStatus]: success };
      for (const status of errorStatuses(method, operation, meta)) {
        responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
      }
      rewritten[method] = {
        ...operation,
        description: operationDescription(meta),
        ...(requestBody ? { requestBody } : {}),
        security: meta.access === "public" ? [] : [{ bearerAuth: [] }, { tokenAuth: [] }],
        responses,
      };
    }
    paths[`${source.basePath}${path === "/" ? "" : path}/`] = rewritten;
  }
  return paths;
}

/**
 * trpc-to-openapi's documents of every mounted router, merged and corrected until they tell the
 * truth about what the server sends: real paths with trailing slashes, the envelope around every
 * payload of an enveloped source, 201/204 where they are sent, response headers, our error
 * envelope for the statuses each operation can really answer, and both security schemes.
 */
export function buildOpenApiDocument(sources: RestSurface[]): OpenAPIObject {
  const documents = sources.map((source) => ({ source, generated: generateOpenApiDocument(source.router, DOCUMENT_INFO) }));
  const generated = documents[0]!.generated;
  const schemas: Json = Object.fromEntries(
    documents
      .flatMap(({ generated }) => Object.entries((generated.components?.schemas ?? {}) as Json))
      .filter(([name]) => !name.startsWith("error.")),
  );
  const paths = Object.assign(
    {},
    ...documents.map(({ source, generated }) => documentedPaths(source, generated, schemas)),
  ) as Record<string, Json>;

  return {
    ...generated,
    servers: [{ url: "/" }],
    paths,
    components: {
      ...generated.components,
      schemas: {
        ...schemas,
        ErrorEnvelope: ERROR_ENVELOPE,
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
