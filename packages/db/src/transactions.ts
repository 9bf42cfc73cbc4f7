import type { EntityManager } from "@mikro-orm/postgresql";
import pRetry from "p-retry";

/**
 * How long a write waits for a row lock before giving up. A request stuck behind a lock answers
 * 503 (retry later) in seconds instead of holding a connection for as long as the other does.
 */
export const LOCK_TIMEOUT_MS = 3_000;

/** Attempts of a whole write transaction that lost a deadlock or a serialization race. */
export const TRANSACTION_ATTEMPTS = 4;

/** Jittered exponential backoff between attempts: 10–20 ms, then 20–40 ms, 40–80 ms. */
const BACKOFF = { minTimeout: 10, maxTimeout: 200, factor: 2, randomize: true } as const;

/** SQLSTATEs after which running the whole transaction again can succeed. */
const RETRYABLE = new Set(["40P01" /* deadlock_detected */, "40001" /* serialization_failure */]);
/** lock_not_available: `lock_timeout` expired. Not retried here: waiting again would double the wait. */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * A write the database could not do now (deadlock or serialization failure after every attempt,
 * or a lock that stayed taken longer than LOCK_TIMEOUT_MS). Nothing was stored; the same request
 * sent again later can succeed.
 */
export class DatabaseBusyError extends Error {
  constructor(
    readonly sqlState: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`database busy (SQLSTATE ${sqlState} after ${attempts} attempt(s))`, options);
    this.name = "DatabaseBusyError";
  }
}

/** The SQLSTATE of a driver error (pg's, or MikroORM's conversion of it, which keeps `code`). */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs `work` in one transaction (MikroORM `em.transactional`), the way every write runs:
 * `lock_timeout` is set for the transaction, and the whole transaction runs again, after a short
 * jittered pause, when PostgreSQL aborts it for a deadlock or a serialization failure. `work` must
 * therefore do all its reads and writes through the `em` it is given and have no other effect.
 * Called inside a transaction it simply joins it: only the outermost one can be retried.
 * `lockTimeoutMs` replaces LOCK_TIMEOUT_MS (tests make it tiny, or long where they measure
 * something else than waiting).
 */
export async function writeTransaction<T>(
  em: EntityManager,
  work: (em: EntityManager) => Promise<T>,
  options: { lockTimeoutMs?: number } = {},
): Promise<T> {
  const lockTimeoutMs = Math.trunc(options.lockTimeoutMs ?? LOCK_TIMEOUT_MS);
  if (em.isInTransaction()) return work(em);
  let attempts = 0;
  try {
    return await pRetry(
      () => {
        attempts++;
        // A fresh identity map each attempt: nothing a failed attempt loaded or changed survives.
        return em.transactional(
          async (tx) => {
            await tx.getConnection().execute(`set local lock_timeout = ${lockTimeoutMs}`, [], "run", tx.getTransactionContext());
            return work(tx);
          },
          { clear: true },
        );
      },
      { retries: TRANSACTION_ATTEMPTS - 1, ...BACKOFF, shouldRetry: ({ error }) => RETRYABLE.has(sqlStateOf(error) ?? "") },
    );
  } catch (error) {
    const state = sqlStateOf(error);
    if (state !== undefined && (RETRYABLE.has(state) || state === LOCK_NOT_AVAILABLE)) {
      throw new DatabaseBusyError(state, attempts, { cause: error });
    }
    throw error;
  }
}
