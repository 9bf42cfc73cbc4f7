import { randomUUID } from "node:crypto";

import type { EntityManager } from "@mikro-orm/postgresql";
import { RefreshTokenSchema, UserSchema } from "@customer-hub/db";
import type { TokenPair } from "@customer-hub/domain";

import type { TokenService } from "./tokens";

/**
 * A new access token and a new refresh token in `family` (a new family at login). The refresh
 * token's `jti` is recorded so it can be used once, and revoked with its family.
 */
export async function issueTokenPair(
  em: EntityManager,
  tokens: TokenService,
  userId: number,
  family: string = randomUUID(),
): Promise<TokenPair> {
  const refresh = await tokens.issueRefresh(userId);
  await em.insert(RefreshTokenSchema, {
    jti: refresh.jti,
    family,
    user: em.getReference(UserSchema, userId),
    created_at: new Date(),
    expires_at: refresh.expiresAt,
  });
  return {
    access: await tokens.issueAccess(userId),
    refresh: refresh.token,
    token_type: "Bearer",
    expires_in: tokens.accessTtlSeconds,
  };
}

/**
 * Marks the refresh token `jti` used and returns its family, or null when it cannot be used. A
 * token already used is being replayed (stolen, or copied by a client that lost the race): its
 * whole family is revoked, so the thief and the owner both have to log in again.
 */
export async function useRefreshToken(em: EntityManager, jti: string): Promise<{ family: string } | null> {
  // One UPDATE decides which of two concurrent uses wins: only one sees `used_at` still null. A
  // family with any revoked token is dead, including tokens issued after it was revoked (the
  // winner of a race against a replay inserts its next token after the loser revoked the rest).
  const [spent] = await em.getConnection().execute<{ family: string }[]>(
    `update refresh_token set used_at = now()
     where jti = ? and used_at is null and revoked_at is null and expires_at > now()
       and not exists (select 1 from refresh_token f where f.family = refresh_token.family and f.revoked_at is not null)
     returning family`,
    [jti],
  );
  if (spent) return { family: spent.family };
  const row = await em.findOne(RefreshTokenSchema, { jti }, { fields: ["family"], disableIdentityMap: true });
  if (row) await revokeFamily(em, row.family);
  return null;
}

export async function revokeFamily(em: EntityManager, family: string): Promise<void> {
  await em.nativeUpdate(RefreshTokenSchema, { family, revoked_at: null }, { revoked_at: new Date() });
}

/** Logout: the family of `jti`, if it is one of ours. */
export async function revokeFamilyOf(em: EntityManager, jti: string): Promise<boolean> {
  const row = await em.findOne(RefreshTokenSchema, { jti }, { fields: ["family"], disableIdentityMap: true });
  if (!row) return false;
  await revokeFamily(em, row.family);
  return true;
}

export async function revokeUserRefreshTokens(em: EntityManager, userId: number): Promise<number> {
  return em.nativeUpdate(RefreshTokenSchema, { user: userId, revoked_at: null }, { revoked_at: new Date() });
}
