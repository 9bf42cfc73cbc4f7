import { z } from "zod";

import { filterOn } from "./common";
import {
  memberRelationCreateExample,
  memberRelationExample,
  memberRelationListItemExample,
  memberRelationUpdateExample,
} from "./examples";
import { memberSummarySchema } from "./member";
import { primaryInput, RELATION_ORDERING_FIELDS, relationSchemas } from "./relation";

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

export const MEMBER_RELATION_ORDERING_FIELDS = RELATION_ORDERING_FIELDS;

/** Seed 003: list rows (§1), the detail (§2–§7), and PUT with `role` required (CONTRACT §7). */
export const memberRelationSchemas = relationSchemas({
  party: "member",
  partySummary: memberSummarySchema,
  name: "MemberRelation",
  examples: { listItem: memberRelationListItemExample, detail: memberRelationExample, create: memberRelationCreateExample, update: memberRelationUpdateExample },
  row: { role: memberRole, position: z.string().nullable(), is_primary: z.boolean() },
  fields: {
    role: memberRole,
    position: z.string().trim().max(100).nullable().optional(),
    is_primary: primaryInput("the member is the customer's primary contact"),
  },
  filters: { role: filterOn("role", memberRole) },
  orderingFields: MEMBER_RELATION_ORDERING_FIELDS,
});

export const { listItem: memberRelationListItemSchema, detail: memberRelationSchema, page: memberRelationPageSchema } = memberRelationSchemas;
export const { create: memberRelationCreateInput, update: memberRelationUpdateInput, list: memberRelationListInput } = memberRelationSchemas;

export type MemberRelation = z.infer<typeof memberRelationSchema>;
export type MemberRelationListItem = z.infer<typeof memberRelationListItemSchema>;
export type MemberRelationCreateInput = z.infer<typeof memberRelationCreateInput>;
export type MemberRelationUpdateInput = z.infer<typeof memberRelationUpdateInput>;
export type MemberRelationListInput = z.infer<typeof memberRelationListInput>;
