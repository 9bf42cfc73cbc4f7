import { ApiError } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { loadRelationForUpdate } from "./locking";

/** The primary relation cannot be deleted: another must be made primary first (seed 003 §5). */
export async function deleteMemberRelation({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  await ctx.em.transactional(async (em) => {
    const { relation } = await loadRelationForUpdate(em, input.id);
    if (relation.is_primary) {
      throw new ApiError(400, {
        message: { key: "primary_member_relation_undeletable" },
        fields: { non_field_errors: [{ key: "primary_member_relation_undeletable_detail" }] },
      });
    }
    em.remove(relation);
    await em.flush();
  });
}
