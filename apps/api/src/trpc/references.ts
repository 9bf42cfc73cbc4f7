import type { EntityManager } from "@mikro-orm/postgresql";
import { experimental_standaloneMiddleware } from "@trpc/server";
import { idSchema, type MessageKey } from "@customer-hub/domain";
import type { z } from "zod";

import { fieldMessagesFromZod, invalid, type FieldMessages } from "./errors";

export type ReferenceCheck = {
  /** True when the id names something that may be referenced. */
  exists: (em: EntityManager, id: number) => Promise<boolean>;
  /** The field error when it does not, e.g. `客户不存在`. */
  message: MessageKey;
};

/**
 * Validates the body with `schema` AND checks that the ids it references exist, answering one 400
 * with every problem at once (seed 002/003: `customer_id`, `member_id` and `role` in one answer).
 * Put it before `.input(schema)`; the handler re-checks inside its transaction.
 */
export function referencesExist(schema: z.ZodType, checks: Record<string, ReferenceCheck>) {
  // Standalone because it runs after the base procedure, whose fork it reads as `ctx.em`.
  return experimental_standaloneMiddleware<{ ctx: { em: EntityManager } }>().create(async ({ ctx, getRawInput, next }) => {
    const raw = await getRawInput();
    const parsed = await schema.safeParseAsync(raw);
    const fields: FieldMessages = parsed.success ? {} : fieldMessagesFromZod(parsed.error, raw);
    const values = (raw ?? {}) as Record<string, unknown>;
    for (const [field, check] of Object.entries(checks)) {
      if (fields[field]) continue;
      const id = idSchema.safeParse(values[field]);
      if (id.success && !(await check.exists(ctx.em, id.data))) fields[field] = [{ key: check.message }];
    }
    if (Object.keys(fields).length > 0) throw invalid(fields);
    return next();
  });
}
