import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { isDatabaseUnavailable } from "@customer-hub/db";

import { languageFromHeader } from "../lib/i18n";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../lib/json-depth";
import { envelopeForStatus, isErrorStatus } from "../rest/envelope";
import { ApiError, databaseUnavailable, invalid, toEnvelope } from "../trpc/errors";

export const languageOf = (request: FastifyRequest) => languageFromHeader(request.headers["accept-language"]);

function sendApiError(request: FastifyRequest, reply: FastifyReply, error: ApiError) {
  return reply
    .code(error.status)
    .headers(error.headers ?? {})
    .send(toEnvelope(error, languageOf(request)));
}

/**
 * The ApiError for an error that reached Fastify (a hook's refusal, bad JSON, a body too large, the
 * database down outside a procedure); a server fault is logged and masked as 500.
 */
export function apiErrorOf(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError) {
    return invalid({ non_field_errors: [{ key: "malformed_json" }] });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, "database unavailable");
    return databaseUnavailable();
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, "unhandled error");
    return new ApiError(500);
  }
  // A refusal outside the contract's table (Fastify's 406, …) is still the client's: a 400.
  return new ApiError(isErrorStatus(status) ? status : 400);
}

/**
 * Errors raised by Fastify itself (bad JSON, body too large, unknown route, database down outside
 * a procedure) in the envelope of CONTRACT §2. Procedure errors never come here: the REST and tRPC
 * layers answer those.
 */
export default fp(
  async (app: FastifyInstance) => {
    // An empty body sent as JSON is an empty object (a bodyless POST to an action must work).
    // Nesting is bounded before parsing, so no recursive code downstream ever sees deep input.
    const parseJson = app.getDefaultJsonParser("error", "error");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
      const text = body as string;
      if (text.trim() === "") return done(null, {});
      if (exceedsJsonDepth(text)) {
        return done(invalid({ non_field_errors: [{ key: "json_too_deep", params: { max: MAX_JSON_DEPTH } }] }), undefined);
      }
      return parseJson(request, text, done);
    });

    app.setErrorHandler((error: FastifyError, request, reply) => sendApiError(request, reply, apiErrorOf(error, request)));

    app.setNotFoundHandler((request, reply) => reply.code(404).send(envelopeForStatus(404, languageOf(request))));

    // Fastify's own 503 while closing has its bare body; this one is the envelope.
    let closing = false;
    app.addHook("preClose", async () => {
      closing = true;
    });
    app.addHook("onRequest", async (request, reply) => {
      if (!closing) return;
      return reply
        .code(503)
        .header("connection", "close")
        .header("retry-after", "1")
        .send(envelopeForStatus(503, languageOf(request)));
    });
  },
  { name: "errors" },
);

/** Router refusals that never reach a route (Fastify's `frameworkErrors` option). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === "FST_ERR_BAD_URL") {
    return reply.code(400).send(toEnvelope(new ApiError(400, { message: { key: "bad_url" } }), languageOf(request)));
  }
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") return reply.code(414).send(envelopeForStatus(414, languageOf(request)));
  request.log.error({ err: error }, "router error");
  return reply.code(500).send(envelopeForStatus(500, languageOf(request)));
}

/**
 * What Node's HTTP parser refuses before there is a request (headers too large, a request that did
 * not arrive in time, garbage): Fastify's `clientErrorHandler`, writing the envelope on the socket.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  // Node's parser refuses raw UTF-8 in a URL (`curl '…?q=普全'`); say what to do instead.
  const envelope =
    error.code === "HPE_INVALID_URL"
      ? toEnvelope(new ApiError(400, { message: { key: "url_not_encoded" } }), "zh")
      : envelopeForStatus(status, "zh");
  const body = JSON.stringify(envelope);
  // As Node does: never write into an answer already under way on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
