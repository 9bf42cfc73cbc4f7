import type { TRPCRouterRecord } from "@trpc/server";
import {
  customerIdQuery,
  idParamInput,
  memberRelationCreateInput,
  memberRelationListInput,
  memberRelationPageSchema,
  memberRelationSchema,
  memberRelationUpdateInput,
  noContentSchema,
} from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { existingMember, liveCustomer } from "../reference-checks";
import { createMemberRelation } from "./create.handler";
import { deleteMemberRelation } from "./delete.handler";
import { getMemberRelation, getPrimaryMemberRelation, listMemberRelations } from "./list.handler";
import { setPrimaryMemberRelation, updateMemberRelation } from "./update.handler";

const tags = ["customer-member-relations"];
const BASE = "/customers/members/relations";

// Fixed paths (primary) before `{id}`: trpc-to-openapi takes the first match.
export const memberRelationsRouter = {
  primary: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/primary`, tags, operationId: "member_relations_primary", summary: "A customer's primary member relation", errorResponses: [404] } })
    .input(customerIdQuery)
    .output(memberRelationSchema)
    .query(getPrimaryMemberRelation),

  list: adminProcedure
    .meta({ openapi: { method: "GET", path: BASE, tags, operationId: "member_relations_list", summary: "List customer–member relations" } })
    .input(memberRelationListInput)
    .output(memberRelationPageSchema)
    .query(listMemberRelations),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: BASE, tags, operationId: "member_relations_create", summary: "Relate a member to a customer", errorResponses: [409] },
      successStatus: 201,
    })
    .use(referencesExist(memberRelationCreateInput, { customer_id: liveCustomer, member_id: existingMember }))
    .input(memberRelationCreateInput)
    .output(memberRelationSchema)
    .mutation(createMemberRelation),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}`, tags, operationId: "member_relations_get", summary: "Get a customer–member relation" } })
    .input(idParamInput)
    .output(memberRelationSchema)
    .query(getMemberRelation),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: `${BASE}/{id}`, tags, operationId: "member_relations_update", summary: "Update a customer–member relation" } })
    .input(memberRelationUpdateInput)
    .output(memberRelationSchema)
    .mutation(updateMemberRelation),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: `${BASE}/{id}`, tags, operationId: "member_relations_delete", summary: "Delete a (non-primary) customer–member relation" },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteMemberRelation)),

  setPrimary: adminProcedure
    .meta({ openapi: { method: "POST", path: `${BASE}/{id}/set-primary`, tags, operationId: "member_relations_set_primary", summary: "Make this the customer's primary member" } })
    .input(idParamInput)
    .output(memberRelationSchema)
    .mutation(setPrimaryMemberRelation),
} satisfies TRPCRouterRecord;
