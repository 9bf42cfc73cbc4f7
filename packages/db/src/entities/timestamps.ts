import { p } from "@mikro-orm/core";

/** `created_at` / `updated_at`, set by the ORM so no handler can forget them. */
export const timestamps = {
  created_at: p.datetime().onCreate(() => new Date()),
  updated_at: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
};
