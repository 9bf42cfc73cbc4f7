import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

import { UserSchema } from "./user.entity";

/** Only the SHA-256 of a key is stored: keys are long random strings, so a slow hash adds nothing. */
export const ApiKeySchema = defineEntity({
  name: "ApiKey",
  tableName: "api_key",
  properties: {
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(UserSchema).deleteRule("cascade"),
    prefix: p.string().length(16),
    key_hash: p.string().length(64).unique("api_key_key_hash_unique"),
    created_at: p.datetime().onCreate(() => new Date()),
    last_used_at: p.datetime().nullable(),
    revoked_at: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKeySchema>;
