import type { FastifyError, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { languageFromHeader } from "@customer-hub/domain";

import { envelopeForStatus } from "../rest/envelope";
import { ApiError, invalid, toEnvelope } from "../trpc/errors";

/**
 * Errors raised by Fastify itself (bad JSON, body too large, unknown route) in the envelope of
 * CONTRACT §2. Procedure errors never come here: the REST and tRPC layers answer those.
 */
export default fp(
  async (app: FastifyInstance) => {
    // An empty body sent as JSON is an empty object (a bodyless POST to an action must work).
    const parseJson = app.getDefaultJsonParser("error", "error");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
      if (typeof body === "string" && body.trim() === "") return done(null, {});
      return parseJson(request, body as string, done);
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const language = languageFromHeader(request.headers["accept-language"]);
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, "unhandled error");
        return reply.code(500).send(envelopeForStatus(500, language));
      }
      if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError) {
        return reply.code(400).send(toEnvelope(invalid({ non_field_errors: [{ key: "malformed_json" }] }), language));
      }
      const known = error instanceof ApiError ? error : null;
      return reply.code(status).send(known ? toEnvelope(known, language) : envelopeForStatus(status, language));
    });

    app.setNotFoundHandler((request, reply) => {
      const language = languageFromHeader(request.headers["accept-language"]);
      return reply.code(404).send(envelopeForStatus(404, language));
    });
  },
  { name: "errors" },
);
