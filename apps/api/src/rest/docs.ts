import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

import { buildOpenApiDocument } from "./openapi";
import type { RestSurface } from "./operations";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const SCHEMA_URL = "/api/v1/schema/";

const SWAGGER_UI_PREFIX = "/api/v1/docs";

const REDOC_BUNDLE_URL = "/api/v1/redoc/redoc.standalone.js";

/**
 * ReDoc's sidebar always shows Redocly's logo from cdn.redoc.ly (no option turns it off), which
 * the CSP blocks with a console error. The bundle is served with that address swapped for a
 * local image, so the page makes no request outside the API.
 */
const REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const LOCAL_LOGO =
  "data:image/svg+xml," +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#32329f"/></svg>');

function localRedocBundle(): string {
  const bundle = readFileSync(path.join(packageDir("redoc"), "bundles", "redoc.standalone.js"), "utf8");
  if (!bundle.includes(REDOC_CDN_LOGO)) throw new Error("redoc's bundle no longer loads its logo from the CDN: revisit localRedocBundle");
  return bundle.replaceAll(REDOC_CDN_LOGO, LOCAL_LOGO);
}

const redocPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>customer-hub API · ReDoc</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/png" href="${SWAGGER_UI_PREFIX}/static/favicon-32x32.png">
</head>
<body>
  <redoc spec-url="${SCHEMA_URL}"></redoc>
  <script src="${REDOC_BUNDLE_URL}"></script>
</body>
</html>`;

/**
 * The browser enforces "everything local". Styles inline and blob: workers are what Swagger
 * UI's and ReDoc's bundles inject at run time.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join("; ");

/**
 * `/api/v1/schema/` (OpenAPI 3.1 JSON), `/api/v1/docs/` (Swagger UI) and `/api/v1/redoc/` (ReDoc),
 * describing every REST surface (v1 and the legacy API).
 */
export async function docsRoutes(app: FastifyInstance, options: { surfaces: RestSurface[] }) {
  // Built and serialised once, at startup: the routers cannot change while the server runs.
  const document = buildOpenApiDocument(options.surfaces);
  const serialized = JSON.stringify(document);
  app.get(SCHEMA_URL, async (_request, reply) => reply.type("application/json; charset=utf-8").send(serialized));

  // @fastify/swagger in static mode only hands our document to the UI: it reads no routes. The
  // UI's page, initializer and assets (all from the package, so nothing loads from the internet)
  // are @fastify/swagger-ui's. Its initializer always loads the spec from `./json` (below the
  // prefix), so the UI reads the same document at `/api/v1/docs/json`.
  // Its types know OpenAPI 2 and 3.0 only; a static document is passed through as it is.
  await app.register(fastifySwagger, { mode: "static", specification: { document: document as never } });
  await app.register(fastifySwaggerUi, {
    routePrefix: SWAGGER_UI_PREFIX,
    staticCSP: DOCS_CSP,
    theme: { title: "customer-hub API · Swagger UI" },
    uiConfig: { persistAuthorization: true },
  });

  app.get("/api/v1/redoc/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").header("content-security-policy", DOCS_CSP).send(redocPage),
  );
  const redocBundle = localRedocBundle();
  app.get(REDOC_BUNDLE_URL, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=3600").send(redocBundle),
  );
}
