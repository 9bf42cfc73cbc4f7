import { ForeignKeyConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager, EntityName, FilterQuery } from "@mikro-orm/postgresql";
import type { MessageKey } from "@customer-hub/domain";

import { type ApiError, notFound } from "../trpc/errors";

/** Helpers for the admin CRUD of the parties of a relation (members, tenants). */

export async function findOr404<T extends { id: number }>(
  em: EntityManager,
  entity: EntityName<T>,
  id: number,
  message: MessageKey,
): Promise<T> {
  const found = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!found) throw notFound(message);
  return found as T;
}

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
