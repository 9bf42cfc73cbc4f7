import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * Login attempts in the current fixed window, per `user:<name>` and per `addr:<ip>`. Kept in the
 * database, not in memory, so every API instance counts against the same limit.
 */
export const LoginThrottleSchema = defineEntity({
  name: "LoginThrottle",
  tableName: "login_throttle",
  properties: {
    key: p.string().length(200).primary(),
    attempts: p.integer(),
    window_started_at: p.datetime(),
  },
});
export type LoginThrottle = InferEntity<typeof LoginThrottleSchema>;
