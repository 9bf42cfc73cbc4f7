import type { LightMyRequestResponse } from "fastify";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { normalizePath } from "trpc-to-openapi";
import { expect } from "vitest";

import { REST_SURFACES, type App } from "../src/app";
import { operationsAtPath, restOperations } from "../src/rest/operations";

import type { Json } from "./json";

type Compiled = { document: Json; cache: Map<string, ValidateFunction> };

/** Every REST surface with its operations, read by the reader the server routes with. */
const surfaces = REST_SURFACES.map((surface) => ({ ...surface, operationsAt: operationsAtPath(restOperations(surface.router)) }));

/**
 * The documented path a request's path falls under, decided as on the server (the first declared
 * match, the most literal: `statistics/` before `{id}/`); undefined for an unknown path.
 */
function templateOf(pathname: string): string | undefined {
  for (const { basePath, operationsAt } of surfaces) {
    if (!pathname.startsWith(`${basePath}/`)) continue;
    const path = operationsAt(normalizePath(pathname.slice(basePath.length)))[0]?.path;
    if (path !== undefined) return `${basePath}${path === "/" ? "" : path}/`;
  }
  return undefined;
}

const documents = new WeakMap<App, Promise<Compiled>>();

async function load(app: App): Promise<Compiled> {
  const response = await app.inject({ method: "GET", url: "/api/v1/schema/" });
  return { document: response.json() as Json, cache: new Map() };
}

function responseSchema(document: Json, template: string, method: string, status: number): Json | "no-body" | undefined {
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) return undefined;
  let response = operation.responses?.[String(status)];
  if (!response) return undefined;
  if (response.$ref) response = document.components.responses[String(response.$ref).split("/").pop()!];
  const schema = response.content?.["application/json"]?.schema;
  return schema ?? "no-body";
}

/**
 * Asserts that an answer is one the served document describes: its path, method and status are
 * documented, and its JSON body validates against the schema given for them.
 */
export async function assertMatchesDocument(app: App, method: string, url: string, response: LightMyRequestResponse) {
  let compiled = documents.get(app);
  if (!compiled) {
    compiled = load(app);
    documents.set(app, compiled);
  }
  const { document, cache } = await compiled;
  const pathname = new URL(url, "http://localhost").pathname;
  const withSlash = pathname.endsWith("/") ? pathname : `${pathname}/`;
  if (!withSlash.startsWith("/api/") || withSlash.startsWith("/api/v1/docs/") || withSlash.startsWith("/api/v1/redoc/")) return;
  if (withSlash === "/api/v1/schema/") return;

  const template = templateOf(withSlash);
  if (!template || !document.paths[template]?.[method.toLowerCase()]) {
    // Unknown paths and wrong methods answer with the plain error envelope (401 first for an
    // anonymous caller, as in DRF).
    expect([401, 404, 405], `${method} ${url} is not in the document`).toContain(response.statusCode);
    expect(response.json()).toMatchObject({ success: false });
    return;
  }
  const schema = responseSchema(document, template, method, response.statusCode);
  expect(schema, `${method} ${template} does not document status ${response.statusCode}: ${response.body}`).toBeDefined();
  if (schema === "no-body") {
    expect(response.body, `${method} ${template} ${response.statusCode} should have no body`).toBe("");
    return;
  }
  const key = `${method} ${template} ${response.statusCode}`;
  let validate = cache.get(key);
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile({ ...schema, components: document.components });
    cache.set(key, validate);
  }
  const body = response.json();
  expect(validate(body), `${key} body does not match the document: ${JSON.stringify(validate.errors)}\n${response.body}`).toBe(true);
}
