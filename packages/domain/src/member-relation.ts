import { z } from "zod";

import { bodyBoolean, bodyIdSchema, idSchema, orderingQuery, pageSchema, paginationQuery, queryBoolean, timestamp } from "./common";
import { customerSummarySchema } from "./customer";
import { memberSummarySchema } from "./member";

export const MEMBER_ROLES = [
  "decision_maker",
  "technical_contact",
  "financial_contact",
  "business_contact",
  "administrative_contact",
  "other",
] as const;
export const memberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof memberRole>;

/** A list row (seed 003 §1). */
export const memberRelationListItemSchema = z.object({
  id: z.number().int(),
  customer: customerSummarySchema,
  member: memberSummarySchema,
  role: memberRole,
  position: z.string().nullable(),
  is_primary: z.boolean(),
  notes: z.string().nullable(),
  created_at: timestamp,
});

/** The detail (seed 003 §2–§7): the list row plus audit fields. */
export const memberRelationSchema = memberRelationListItemSchema.extend({
  updated_at: timestamp,
  created_by: z.string().nullable(),
  updated_by: z.string().nullable(),
});
export type MemberRelation = z.infer<typeof memberRelationSchema>;
export type MemberRelationListItem = z.infer<typeof memberRelationListItemSchema>;

const relationFields = {
  role: memberRole,
  position: z.string().trim().max(100).nullable().optional(),
  is_primary: bodyBoolean.optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
};

export const memberRelationCreateInput = z.object({
  customer_id: bodyIdSchema,
  member_id: bodyIdSchema,
  ...relationFields,
});
export type MemberRelationCreateInput = z.infer<typeof memberRelationCreateInput>;

/** PUT: `role` required; `customer_id` and `member_id` cannot change and are ignored (CONTRACT §7). */
export const memberRelationUpdateInput = z.object({ id: idSchema, ...relationFields });
export type MemberRelationUpdateInput = z.infer<typeof memberRelationUpdateInput>;

export const MEMBER_RELATION_ORDERING_FIELDS = ["id", "created_at", "updated_at"] as const;

export const memberRelationListInput = paginationQuery.extend({
  customer_id: idSchema.optional(),
  member_id: idSchema.optional(),
  is_primary: queryBoolean.optional(),
  role: memberRole.optional(),
  ordering: orderingQuery(MEMBER_RELATION_ORDERING_FIELDS).optional(),
});
export type MemberRelationListInput = z.infer<typeof memberRelationListInput>;

export const memberRelationPageSchema = pageSchema(memberRelationListItemSchema);

export const customerIdQuery = z.object({ customer_id: idSchema });
