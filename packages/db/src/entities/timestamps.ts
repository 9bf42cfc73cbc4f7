import { p } from "@mikro-orm/core";

/**
 * `created_at` / `updated_at`, set by the ORM so no handler can forget them. A new row's
 * `updated_at` is its `created_at` (computed first, in property order), not a second clock
 * reading that can be a millisecond later.
 */
export const timestamps = {
  created_at: p.datetime().onCreate(() => new Date()),
  updated_at: p
    .datetime()
    .onCreate((entity: { created_at?: Date }) => entity.created_at ?? new Date())
    .onUpdate(() => new Date()),
};
