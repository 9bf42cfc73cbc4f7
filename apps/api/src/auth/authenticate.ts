import { prepared, runPrepared, type Orm, type PreparedStatement } from "@customer-hub/db";
import type { UserRole } from "@customer-hub/domain";

import { hashApiKey } from "./api-keys";
import type { PrincipalCache } from "./principal-cache";
import type { TokenService } from "./tokens";

/** Who is calling, as every protected procedure sees it. */
export type Principal = {
  userId: number;
  username: string;
  role: UserRole;
  /** The tenant of a tenant admin; null for admins. */
  tenantId: number | null;
};

export type AuthServices = { orm: Orm; tokens: TokenService; principals: PrincipalCache };

type PrincipalRow = { id: number; username: string; role: UserRole; tenant_id: number | null; api_key_id?: number };

/** What a credential resolves to: the principal, and the API key when it was one. */
export type Authenticated = { principal: Principal; apiKeyId: number | null };

// One indexed lookup each, straight to the four columns a principal needs: no entity, no identity map.
const BY_API_KEY = prepared(
  "principal_by_api_key",
  `select u.id, u.username, u.role, u.tenant_id, k.id as api_key_id
  from api_key k join app_user u on u.id = k.user_id
 where k.key_hash = ? and k.revoked_at is null and u.is_active`,
);
const BY_USER_ID = prepared("principal_by_user_id", "select u.id, u.username, u.role, u.tenant_id from app_user u where u.id = ? and u.is_active");

async function lookUp(orm: Orm, statement: PreparedStatement, param: string | number): Promise<Authenticated | null> {
  const [row] = await runPrepared<PrincipalRow>(orm.em, statement, [param]);
  if (!row) return null;
  return {
    principal: { userId: row.id, username: row.username, role: row.role, tenantId: row.tenant_id },
    apiKeyId: row.api_key_id ?? null,
  };
}

/**
 * `Authorization: Bearer <JWT>` or `Authorization: Token <API key>` → the active user, or null.
 * Cached for a few seconds; a deactivated user or a revoked key is dropped from the cache by the
 * database's `principal_changed` notification before any later request is answered, on every instance.
 */
export async function authenticate(
  services: AuthServices,
  authorization: string | undefined,
  /** Told which API key authenticated, to keep its `last_used_at` (see key-usage.ts). */
  onKeyUsed?: (apiKeyId: number) => void,
): Promise<Principal | null> {
  const match = /^\s*(Bearer|Token)\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const [, scheme, credential] = match as unknown as [string, string, string];

  if (scheme.toLowerCase() === "bearer") {
    const userId = await services.tokens.verify(credential, "access");
    if (userId === null) return null;
    return (await cached(services, `jwt:${userId}`, () => lookUp(services.orm, BY_USER_ID, userId)))?.principal ?? null;
  }
  const keyHash = hashApiKey(credential);
  const found = await cached(services, `key:${keyHash}`, () => lookUp(services.orm, BY_API_KEY, keyHash));
  if (!found) return null;
  if (found.apiKeyId !== null) onKeyUsed?.(found.apiKeyId);
  return found.principal;
}

async function cached(services: AuthServices, credential: string, load: () => Promise<Authenticated | null>) {
  const hit = await services.principals.get(credential);
  if (hit) return hit;
  const generation = services.principals.currentGeneration();
  const found = await load();
  if (found) services.principals.set(credential, found, generation);
  return found;
}
