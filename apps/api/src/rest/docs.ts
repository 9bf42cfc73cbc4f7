import { createRequire } from "node:module";
import path from "node:path";

import fastifyStatic from "@fastify/static";
import type { AnyRouter } from "@trpc/server";
import type { FastifyInstance } from "fastify";

import { buildOpenApiDocument } from "./openapi";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const SCHEMA_URL = "/api/v1/schema/";

// Every asset is served from node_modules: the docs work with no internet access.
const swaggerPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>customer-hub API · Swagger UI</title>
  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/v1/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/v1/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: "${SCHEMA_URL}",
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
    });
  </script>
</body>
</html>`;

const redocPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>customer-hub API · ReDoc</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
  <redoc spec-url="${SCHEMA_URL}"></redoc>
  <script src="/api/v1/redoc/assets/redoc.standalone.js"></script>
</body>
</html>`;

/** `/api/v1/schema/` (OpenAPI 3.1 JSON), `/api/v1/docs/` (Swagger UI) and `/api/v1/redoc/` (ReDoc). */
export async function docsRoutes(app: FastifyInstance, options: { router: AnyRouter }) {
  const document = buildOpenApiDocument(options.router);
  app.get(SCHEMA_URL, async () => document);
  app.get("/api/v1/docs/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(swaggerPage));
  app.get("/api/v1/redoc/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(redocPage));

  await app.register(fastifyStatic, {
    root: packageDir("swagger-ui-dist"),
    prefix: "/api/v1/docs/assets/",
    allowedPath: (pathName) => !pathName.endsWith(".map") && !pathName.endsWith(".html"),
  });
  await app.register(fastifyStatic, {
    root: path.join(packageDir("redoc"), "bundles"),
    prefix: "/api/v1/redoc/assets/",
    decorateReply: false,
  });
}
