import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKeySchema, UserSchema, type User } from "@customer-hub/db";
import type { UserRole } from "@customer-hub/domain";

import { hashApiKey } from "./api-keys";
import type { TokenService } from "./tokens";

/** Who is calling, as every protected procedure sees it. */
export type Principal = {
  userId: number;
  username: string;
  role: UserRole;
  /** The tenant of a tenant admin; null for admins. */
  tenantId: number | null;
};

export function principalOf(user: User): Principal {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    tenantId: user.tenant?.id ?? null,
  };
}

/**
 * `Authorization: Bearer <JWT>` or `Authorization: Token <API key>` → the active user, or null.
 * The user is read on every call so a deactivated user or a revoked key stops at once.
 */
export async function authenticate(
  em: EntityManager,
  tokens: TokenService,
  authorization: string | undefined,
  /** Told which API key authenticated, to keep its `last_used_at` (see key-usage.ts). */
  onKeyUsed?: (apiKeyId: number) => void,
): Promise<Principal | null> {
  const match = /^\s*(Bearer|Token)\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const [, scheme, credential] = match as unknown as [string, string, string];

  if (scheme.toLowerCase() === "bearer") {
    const userId = await tokens.verify(credential, "access");
    if (userId === null) return null;
    const user = await em.findOne(UserSchema, { id: userId, is_active: true });
    return user ? principalOf(user) : null;
  }

  const apiKey = await em.findOne(
    ApiKeySchema,
    { key_hash: hashApiKey(credential), revoked_at: null, user: { is_active: true } },
    { populate: ["user"] },
  );
  if (!apiKey) return null;
  onKeyUsed?.(apiKey.id);
  return principalOf(apiKey.user);
}
