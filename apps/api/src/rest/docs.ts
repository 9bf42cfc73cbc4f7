import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { buildOpenApiDocument } from "./openapi";
import type { RestSurface } from "./operations";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const SCHEMA_URL = "/api/v1/schema/";

// Only the assets the pages load: no source maps, no sample pages of the packages.
const isServedAsset = (pathName: string) => !pathName.endsWith(".map") && !pathName.endsWith(".html");

// Every asset is served from node_modules: the docs work with no internet access.
const swaggerPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>customer-hub API · Swagger UI</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/v1/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/v1/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/api/v1/docs/swagger-initializer.js"></script>
</body>
</html>`;

// A file rather than an inline script, so the page's CSP can forbid inline scripts.
const swaggerInitializer = `window.ui = SwaggerUIBundle({
  url: "${SCHEMA_URL}",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

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
  <link rel="icon" type="image/png" href="/api/v1/docs/assets/favicon-32x32.png">
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
  const document = JSON.stringify(buildOpenApiDocument(options.surfaces));
  app.get(SCHEMA_URL, async (_request, reply) => reply.type("application/json; charset=utf-8").send(document));
  const html = (page: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type("text/html; charset=utf-8").header("content-security-policy", DOCS_CSP).send(page);
  app.get("/api/v1/docs/", html(swaggerPage));
  app.get("/api/v1/redoc/", html(redocPage));
  app.get("/api/v1/docs/swagger-initializer.js", async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").send(swaggerInitializer),
  );
  const redocBundle = localRedocBundle();
  app.get(REDOC_BUNDLE_URL, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=3600").send(redocBundle),
  );

  await app.register(fastifyStatic, {
    root: packageDir("swagger-ui-dist"),
    prefix: "/api/v1/docs/assets/",
    allowedPath: isServedAsset,
  });
}
