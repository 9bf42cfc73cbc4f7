import { z } from "zod";

import {
  bodyBoolean,
  bodyIdSchema,
  filterOn,
  idSchema,
  orderingQuery,
  pageSchema,
  paginationQuery,
  pathIdSchema,
  queryBoolean,
  recordIdSchema,
  timestamp,
} from "./common";
import {
  memberRelationCreateExample,
  memberRelationExample,
  memberRelationListItemExample,
  memberRelationUpdateExample,
} from "./examples";
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
  id: recordIdSchema,
  customer: customerSummarySchema,
  member: memberSummarySchema,
  role: memberRole,
  position: z.string().nullable(),
  is_primary: z.boolean(),
  notes: z.string().nullable(),
  created_at: timestamp,
}).meta({ id: "MemberRelationListItem", examples: [memberRelationListItemExample] });

/** The detail (seed 003 §2–§7): the list row plus audit fields. */
export const memberRelationSchema = memberRelationListItemSchema.extend({
  updated_at: timestamp,
  created_by: z.string().nullable(),
  updated_by: z.string().nullable(),
}).meta({ id: "MemberRelation", examples: [memberRelationExample] });
export type MemberRelation = z.infer<typeof memberRelationSchema>;
export type MemberRelationListItem = z.infer<typeof memberRelationListItemSchema>;

const relationFields = {
  role: memberRole,
  position: z.string().trim().max(100).nullable().optional(),
  is_primary: bodyBoolean
    .meta({ description: "Whether the member is the customer's primary contact. Making it primary unmarks the customer's other relations." })
    .optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
};

export const memberRelationCreateInput = z
  .object({
    customer_id: bodyIdSchema,
    member_id: bodyIdSchema,
    ...relationFields,
  })
  .meta({ id: "MemberRelationCreateInput", examples: [memberRelationCreateExample] });
export type MemberRelationCreateInput = z.infer<typeof memberRelationCreateInput>;

/** PUT: `role` required; `customer_id` and `member_id` cannot change and are ignored (CONTRACT §7). */
export const memberRelationUpdateInput = z
  .object({ id: pathIdSchema, ...relationFields })
  .meta({ id: "MemberRelationUpdateInput", examples: [memberRelationUpdateExample] });
export type MemberRelationUpdateInput = z.infer<typeof memberRelationUpdateInput>;

export const MEMBER_RELATION_ORDERING_FIELDS = ["id", "created_at", "updated_at"] as const;

export const memberRelationListInput = paginationQuery.extend({
  customer_id: filterOn("customer.id", idSchema),
  member_id: filterOn("member.id", idSchema),
  is_primary: filterOn("is_primary", queryBoolean),
  role: filterOn("role", memberRole),
  ordering: orderingQuery(MEMBER_RELATION_ORDERING_FIELDS).optional(),
});
export type MemberRelationListInput = z.infer<typeof memberRelationListInput>;

export const memberRelationPageSchema = pageSchema(memberRelationListItemSchema, "MemberRelationPage", memberRelationListItemExample);

export const customerIdQuery = z.object({ customer_id: idSchema.meta({ description: "Required. The customer's id." }) });
