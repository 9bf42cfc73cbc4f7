import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import pg from "pg";

import type { CatchUp, PrincipalCache } from "../auth/principal-cache";

/** Sent by the triggers on app_user and api_key (migration 20261201211900) with the user id. */
export const PRINCIPAL_CHANNEL = "principal_changed";
const RECONNECT_DELAY_MS = 1_000;
/**
 * A catch-up that takes longer means the database is frozen or gone: notifications may be missed,
 * so the connection is dropped (caching off) and requests read the database, bounded as every read.
 */
const CATCH_UP_TIMEOUT_MS = 500;

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * A catch-up on `client`: callers that arrive while one round trip is out wait for the next one,
 * which starts after they asked; so one `select 1` serves every request that arrived meanwhile.
 */
function catchUpOn(client: pg.Client, failed: (error: Error) => void): CatchUp {
  let waiting: Waiter[] = [];
  let running = false;
  async function drain() {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await client.query("select 1");
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
        failed(error as Error);
      }
    }
    running = false;
  }
  return () =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (!running) void drain();
    });
}

/**
 * One LISTEN connection per app: a user deactivated or changed, or a key revoked, by any process
 * drops that user's cached principals. While the connection is down the cache is off (every
 * request reads the database), so a missed notification can never keep a stale principal.
 */
async function principalInvalidation(app: FastifyInstance, options: { principals: PrincipalCache }) {
  const { principals } = options;
  let client: pg.Client | undefined;
  let closing = false;
  let retry: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    const next = new pg.Client({
      connectionString: app.orm.config.getClientUrl(),
      connectionTimeoutMillis: CATCH_UP_TIMEOUT_MS,
      query_timeout: CATCH_UP_TIMEOUT_MS,
    });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      principals.setCatchUp(null);
      void next.end().catch(() => {});
      if (closing) return;
      if (error) app.log.warn({ err: error }, "principal notifications lost; caching off until reconnected");
      retry = setTimeout(() => void listen(), RECONNECT_DELAY_MS);
    };
    client = next;
    next.on("error", lost);
    next.on("end", () => lost());
    next.on("notification", (message) => {
      const userId = Number(message.payload);
      if (Number.isSafeInteger(userId)) principals.dropUser(userId);
      else principals.clear();
    });
    try {
      await next.connect();
      await next.query(`listen ${PRINCIPAL_CHANNEL}`);
      if (client === next) principals.setCatchUp(catchUpOn(next, lost));
    } catch (error) {
      // Without notifications the app still answers correctly, only uncached; it keeps retrying.
      lost(error as Error);
    }
  }

  await listen();

  app.addHook("onClose", async () => {
    closing = true;
    clearTimeout(retry);
    principals.setCatchUp(null);
    const open = client;
    client = undefined;
    await open?.end().catch(() => {});
  });
}

export default fp(principalInvalidation, { name: "principal-invalidation", dependencies: ["orm"] });
