import type { EntityManager } from "@mikro-orm/postgresql";

import type { Limits } from "../env";
import { ApiError } from "../trpc/errors";

type ThrottleLimits = Pick<
  Limits,
  "loginMaxFailuresPerUsername" | "loginMaxFailuresPerAddress" | "loginThrottleWindowSeconds"
>;

const keysOf = (username: string, address: string) => [`user:${username}`, `addr:${address}`] as const;

/**
 * Counts the attempt before the password is checked, so concurrent attempts count too (a burst
 * of 150 cannot all pass a check made before any of them failed), in one statement for both keys
 * that starts a new window when the old one is over. The counters live in PostgreSQL so that
 * every API instance enforces the same limit. Over a limit: 429 with `Retry-After`, and no hash
 * is computed.
 */
export async function reserveLoginAttempt(
  em: EntityManager,
  limits: ThrottleLimits,
  username: string,
  address: string,
): Promise<void> {
  const [userKey, addressKey] = keysOf(username, address);
  const window = limits.loginThrottleWindowSeconds;
  const rows = await em.getConnection().execute<{ key: string; attempts: number; retry_after: number }[]>(
    `insert into login_throttle (key, attempts, window_started_at) values (?, 1, now()), (?, 1, now())
     on conflict (key) do update set
       attempts = case when login_throttle.window_started_at <= now() - make_interval(secs => ?)
                       then 1 else login_throttle.attempts + 1 end,
       window_started_at = case when login_throttle.window_started_at <= now() - make_interval(secs => ?)
                                then now() else login_throttle.window_started_at end
     returning key, attempts,
       ceil(extract(epoch from window_started_at + make_interval(secs => ?) - now()))::int as retry_after`,
    [userKey, addressKey, window, window, window],
  );
  const limitOf = (key: string) =>
    key === userKey ? limits.loginMaxFailuresPerUsername : limits.loginMaxFailuresPerAddress;
  const exceeded = rows.filter((row) => row.attempts > limitOf(row.key));
  if (exceeded.length === 0) return;
  const retryAfter = Math.max(1, ...exceeded.map((row) => row.retry_after));
  throw new ApiError(429, { headers: { "Retry-After": String(retryAfter) } });
}

/** A successful login clears the username's failures and gives the address its attempt back. */
export async function loginSucceeded(em: EntityManager, username: string, address: string): Promise<void> {
  const [userKey, addressKey] = keysOf(username, address);
  await em
    .getConnection()
    .execute(
      `update login_throttle set attempts = case when key = ? then 0 else greatest(attempts - 1, 0) end where key in (?, ?)`,
      [userKey, userKey, addressKey],
    );
}
