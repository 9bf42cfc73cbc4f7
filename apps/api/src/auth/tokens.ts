import { errors as joseErrors, jwtVerify, SignJWT } from "jose";

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

  async function sign(userId: number, kind: TokenKind, ttlSeconds: number): Promise<string> {
    return new SignJWT({ typ: kind })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(String(userId))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(key);
  }

  return {
    accessTtlSeconds: settings.accessTtlSeconds,
    issueAccess: (userId: number) => sign(userId, "access", settings.accessTtlSeconds),
    issueRefresh: (userId: number) => sign(userId, "refresh", settings.refreshTtlSeconds),

    /** The user id of a valid token of `kind`, or null: expired, unsigned, forged or of the other kind. */
    async verify(token: string, kind: TokenKind): Promise<number | null> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          requiredClaims: ["exp", "sub", "iat"],
        });
        const userId = Number(payload.sub);
        if (payload.typ !== kind || !Number.isSafeInteger(userId) || userId <= 0) return null;
        return userId;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
        throw error;
      }
    },
  };
}
