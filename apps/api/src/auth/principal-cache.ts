import { LRUCache } from "lru-cache";

import type { Authenticated } from "./authenticate";

/** How long a credential's principal is kept at most; changes drop it sooner (see below). */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Resolves once every `principal_changed` notification committed before the call has been applied
 * (a round trip on the LISTEN connection: PostgreSQL sends pending notifications before it answers).
 */
export type CatchUp = () => Promise<void>;

/**
 * Principals by credential (`key:<sha256>`, `jwt:<user id>`) for a few seconds, so the hot path
 * does not read the user on every request. A hit is served only after `catchUp`, so a change
 * committed by any process before the request arrived is always seen; concurrent requests share
 * one catch-up. With no LISTEN connection (`catchUp` null) nothing is cached. Refusals are never cached.
 */
export class PrincipalCache {
  private readonly entries = new LRUCache<string, Authenticated>({ max: MAX_ENTRIES, ttl: TTL_MS });
  private catchUp: CatchUp | null = null;
  /** Bumped by every invalidation, so a lookup that raced one is not cached. */
  private generation = 0;

  /** The cached principal of `credential`, as of now; undefined on a miss. */
  async get(credential: string): Promise<Authenticated | undefined> {
    if (!this.catchUp || !this.entries.has(credential)) return undefined;
    try {
      await this.catchUp();
    } catch {
      return undefined;
    }
    return this.entries.get(credential);
  }

  /** Taken before a lookup, passed to `set` after it. */
  currentGeneration(): number {
    return this.generation;
  }

  /** Keeps `principal` unless an invalidation came while it was being read (it may be stale). */
  set(credential: string, found: Authenticated, readAtGeneration: number): void {
    if (this.catchUp && readAtGeneration === this.generation) this.entries.set(credential, found);
  }

  /** A user, or one of their keys, changed: their principal must be read again. */
  dropUser(userId: number): void {
    this.generation++;
    for (const [credential, found] of this.entries.entries()) {
      if (found.principal.userId === userId) this.entries.delete(credential);
    }
  }

  /** Connected (a catch-up) or not (null: notifications may be missed, so cache nothing). */
  setCatchUp(catchUp: CatchUp | null): void {
    this.generation++;
    this.catchUp = catchUp;
    this.entries.clear();
  }

  /** Forget everything (an unreadable notification). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
