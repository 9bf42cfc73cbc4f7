import type { MikroORM } from "@mikro-orm/postgresql";
import { ApiKeySchema } from "@customer-hub/db";

const INTERVAL_MS = 60_000;

/**
 * `api_key.last_used_at`, written at most once a minute per key and never awaited by the
 * request: an UPDATE per request would cost a write (and, with a principal cache invalidated by
 * row updates, a cache miss) on every call. The guard in the WHERE clause keeps several
 * instances to about one write a minute too.
 */
export function createKeyUsageRecorder(orm: MikroORM, onError: (error: unknown) => void) {
  const lastWritten = new Map<number, number>();
  // Writes still out; the app waits for them when it closes, so none meets a closed pool.
  const pending = new Set<Promise<unknown>>();
  const record = (apiKeyId: number): void => {
    const now = Date.now();
    if ((lastWritten.get(apiKeyId) ?? 0) > now - INTERVAL_MS) return;
    lastWritten.set(apiKeyId, now);
    const write = orm.em
      .fork()
      .nativeUpdate(
        ApiKeySchema,
        { id: apiKeyId, $or: [{ last_used_at: null }, { last_used_at: { $lt: new Date(now - INTERVAL_MS) } }] },
        { last_used_at: new Date(now) },
      )
      .catch(onError)
      .finally(() => pending.delete(write));
    pending.add(write);
  };
  return { record, settled: async () => void (await Promise.all(pending)) };
}
