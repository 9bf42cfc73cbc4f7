import { z } from "zod";

import { orderingQuery, pageSchema, paginationQuery, pathIdSchema, recordIdSchema, timestamp } from "./common";
import { memberCreateExample, memberExample, memberSummaryExample, memberUpdateExample } from "./examples";

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const username = z.string().trim().min(1).max(150);
const optionalEmail = z
  .union([z.literal("").transform(() => null), z.email().max(254)])
  .nullable()
  .optional();

export const memberSchema = z.object({
  id: recordIdSchema,
  username: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
}).meta({ id: "Member", examples: [memberExample] });
export type Member = z.infer<typeof memberSchema>;

/** The member as nested in a relation (seed 003). */
export const memberSummarySchema = memberSchema
  .pick({ id: true, username: true, name: true, phone: true, email: true })
  .meta({ id: "MemberSummary", examples: [memberSummaryExample] });
export type MemberSummary = z.infer<typeof memberSummarySchema>;

const memberFields = {
  name: optionalText(100),
  phone: optionalText(50),
  email: optionalEmail,
};

export const memberCreateInput = z
  .object({
    username,
    ...memberFields,
  })
  .meta({ id: "MemberCreateInput", examples: [memberCreateExample] });
export type MemberCreateInput = z.infer<typeof memberCreateInput>;

export const memberUpdateInput = memberCreateInput
  .extend({ id: pathIdSchema })
  .meta({ id: "MemberUpdateInput", examples: [memberUpdateExample] });
export type MemberUpdateInput = z.infer<typeof memberUpdateInput>;

export const memberPatchInput = z
  .object({
    id: pathIdSchema,
    username: username.optional(),
    ...memberFields,
  })
  .meta({ id: "MemberPatchInput", examples: [{ phone: "13800138001" }] });
export type MemberPatchInput = z.infer<typeof memberPatchInput>;

export const MEMBER_ORDERING_FIELDS = ["id", "username", "name", "created_at", "updated_at"] as const;

export const memberListInput = paginationQuery.extend({
  ordering: orderingQuery(MEMBER_ORDERING_FIELDS).optional(),
});
export type MemberListInput = z.infer<typeof memberListInput>;

export const memberPageSchema = pageSchema(memberSchema, "MemberPage", memberExample);
