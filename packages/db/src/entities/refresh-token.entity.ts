import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

import { UserSchema } from "./user.entity";

/**
 * One issued refresh token (by its JWT `jti`). A login starts a family; each refresh marks its
 * token used and issues the next one in the family. A used token presented again means it was
 * copied, so the whole family is revoked (logout revokes it too).
 */
export const RefreshTokenSchema = defineEntity({
  name: "RefreshToken",
  tableName: "refresh_token",
  properties: {
    jti: p.uuid().primary(),
    family: p.uuid().index("refresh_token_family_idx"),
    user: p.manyToOne(UserSchema).deleteRule("cascade"),
    created_at: p.datetime().onCreate(() => new Date()),
    expires_at: p.datetime(),
    used_at: p.datetime().nullable(),
    revoked_at: p.datetime().nullable(),
  },
});
export type RefreshToken = InferEntity<typeof RefreshTokenSchema>;
