import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { ID_MAX } from "@customer-hub/domain";

/** One algorithm, pinned: tokens signed with anything else, or `alg: none`, are refused. */
const ALGORITHM = "HS256";
const ISSUER = "customer-hub";

export type TokenKind = "access" | "refresh";

export type TokenSettings = {
  secret: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
};

export type TokenService = ReturnType<typeof createTokenService>;

export function createTokenService(settings: TokenSettings) {
  const key = new TextEncoder().encode(settings.secret);

  async function sign(userId: number, kind: TokenKind, ttlSeconds: number, jti: string = crypto.randomUUID()): Promise<string> {
    return new SignJWT({ typ: kind })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(String(userId))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .setJti(jti)
      .sign(key);
  }

  /** The claims of a valid token of `kind`, or null: expired, unsigned, forged or of the other kind. */
  async function verifyClaims(token: string, kind: TokenKind): Promise<{ userId: number; jti: string | undefined } | null> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        requiredClaims: ["exp", "sub", "iat"],
      });
      const userId = Number(payload.sub);
      // Beyond ID_MAX (ids are int4) no user has that id: refused here, before any lookup binds it.
      if (payload.typ !== kind || !Number.isSafeInteger(userId) || userId <= 0 || userId > ID_MAX) return null;
      return { userId, jti: payload.jti };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
      throw error;
    }
  }

  return {
    accessTtlSeconds: settings.accessTtlSeconds,
    issueAccess: (userId: number) => sign(userId, "access", settings.accessTtlSeconds),
    /** A refresh token with its `jti` (the row in `refresh_token` that makes it usable once). */
    async issueRefresh(userId: number): Promise<{ token: string; jti: string; expiresAt: Date }> {
      const jti = crypto.randomUUID();
      const expiresAt = new Date(Date.now() + settings.refreshTtlSeconds * 1000);
      return { token: await sign(userId, "refresh", settings.refreshTtlSeconds, jti), jti, expiresAt };
    },

    /** The user id of a valid token of `kind`, or null: expired, unsigned, forged or of the other kind. */
    async verify(token: string, kind: TokenKind): Promise<number | null> {
      return (await verifyClaims(token, kind))?.userId ?? null;
    },

    /** A valid refresh token's user and `jti`, or null. */
    async verifyRefresh(token: string): Promise<{ userId: number; jti: string } | null> {
      const claims = await verifyClaims(token, "refresh");
      return claims?.jti ? { userId: claims.userId, jti: claims.jti } : null;
    },
  };
}
