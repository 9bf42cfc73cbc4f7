import { ForeignKeyConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";

import type { ApiError } from "../trpc/errors";

/** Helpers for the admin CRUD of the parties of a relation (members, tenants). */

/**
 * Deletes `entity` unless something still refers to it (CONTRACT §6). The foreign keys refuse a
 * reference made after the check, and that refusal gets the same 400.
 */
export async function removeUnlessReferenced(
  em: EntityManager,
  entity: object,
  referenced: boolean,
  inUse: () => ApiError,
): Promise<void> {
  if (referenced) throw inUse();
  em.remove(entity);
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) throw inUse();
    throw error;
  }
}
