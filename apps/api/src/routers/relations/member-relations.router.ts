import type { TRPCRouterRecord } from "@trpc/server";
import { customerIdQuery, idParamInput, noContentSchema } from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { existingMember, liveCustomer } from "../reference-checks";
import { relationHandlers } from "./handlers";
import { memberRelationKind } from "./kinds";

const tags = ["customer-member-relations"];
const { schemas } = memberRelationKind;
const handlers = relationHandlers(memberRelationKind);
const BASE = "/customers/members/relations";

// Fixed paths (primary) before `{id}`: trpc-to-openapi takes the first match.
export const memberRelationsRouter = {
  primary: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/primary`, tags, operationId: "member_relations_primary", summary: "A customer's primary member relation", description: "The customer's primary member relation. 400 without `customer_id`; 404 `未找到主要联系人` when the customer has none.", errorResponses: [404] } })
    .input(customerIdQuery)
    .output(schemas.detail)
    .query(handlers.primary),

  list: adminProcedure
    .meta({ openapi: { method: "GET", path: BASE, tags, operationId: "member_relations_list", summary: "List customer–member relations", description: "A page of customer–member relations of customers that are not deleted, newest first unless `ordering` says otherwise." } })
    .input(schemas.list)
    .output(schemas.page)
    .query(handlers.list),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: BASE, tags, operationId: "member_relations_create", summary: "Relate a member to a customer", description: "Relates a member to a customer. There is one relation per customer and member (a second is 409). Creating it with `is_primary: true` makes it the customer's only primary relation: the others are unmarked in the same transaction, and the customer's `primary_contact_*` take the member's name, phone and email.", errorResponses: [409] },
      successStatus: 201,
    })
    .use(referencesExist(schemas.create, { customer_id: liveCustomer, member_id: existingMember }))
    .input(schemas.create)
    .output(schemas.detail)
    .mutation(handlers.create),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}`, tags, operationId: "member_relations_get", summary: "Get a customer–member relation", description: "One customer–member relation." } })
    .input(idParamInput)
    .output(schemas.detail)
    .query(handlers.get),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: `${BASE}/{id}`, tags, operationId: "member_relations_update", summary: "Update a customer–member relation", description: "Changes the relation: `role` is required; `customer_id` and `member_id` cannot change and are ignored. Setting `is_primary: true` unmarks the customer's other relations and copies the member's contact details onto the customer." } })
    .input(schemas.update)
    .output(schemas.detail)
    .mutation(handlers.update),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: `${BASE}/{id}`, tags, operationId: "member_relations_delete", summary: "Delete a (non-primary) customer–member relation", description: "Deletes a relation that is not the customer's primary one; deleting the primary relation is 400 (make another one primary first)." },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(handlers.delete)),

  setPrimary: adminProcedure
    .meta({ openapi: { method: "POST", path: `${BASE}/{id}/set-primary`, tags, operationId: "member_relations_set_primary", summary: "Make this the customer's primary member", description: "Makes this relation the customer's primary one: the customer's other relations are unmarked in the same transaction, and the customer's `primary_contact_*` take the member's details. Takes no body." } })
    .input(idParamInput)
    .output(schemas.detail)
    .mutation(handlers.setPrimary),
} satisfies TRPCRouterRecord;
