import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

/**
 * One log line per request, when its answer is sent, instead of Fastify's two (the incoming line
 * cost a sixth of by-id throughput): request id (`reqId`, bound to the request's logger), method,
 * URL, status and time. A route's own `logLevel` (the health probes') still silences it.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}
