import type { TRPCRouterRecord } from "@trpc/server";
import {
  idParamInput,
  memberCreateInput,
  memberListInput,
  memberPageSchema,
  memberPatchInput,
  memberSchema,
  memberUpdateInput,
  noContentSchema,
} from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { createMember, deleteMember, getMember, listMembers, updateMember } from "./handlers";

const tags = ["members"];

export const membersRouter = {
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/members", tags, operationId: "members_list", summary: "List members", description: "A page of members, newest first unless `ordering` says otherwise." } })
    .input(memberListInput)
    .output(memberPageSchema)
    .query(listMembers),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/members", tags, operationId: "members_create", summary: "Create a member", description: "Creates a member, the person side of a customer–member relation. `username` is required and unique (400 on `username` when taken)." }, successStatus: 201 })
    .input(memberCreateInput)
    .output(memberSchema)
    .mutation(createMember),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: "/members/{id}", tags, operationId: "members_get", summary: "Get a member", description: "One member." } })
    .input(idParamInput)
    .output(memberSchema)
    .query(getMember),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/members/{id}", tags, operationId: "members_update", summary: "Replace a member's fields", description: "Replaces the member's fields: `username` is required; only the fields given change. A change of name, phone or email reaches the `primary_contact_*` of the customers whose primary member this is." } })
    .input(memberUpdateInput)
    .output(memberSchema)
    .mutation(updateMember),

  patch: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/members/{id}", tags, operationId: "members_partial_update", summary: "Update some of a member's fields", description: "Changes only the fields given. A change of name, phone or email reaches the `primary_contact_*` of the customers whose primary member this is." } })
    .input(memberPatchInput)
    .output(memberSchema)
    .mutation(updateMember),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/members/{id}", tags, operationId: "members_delete", summary: "Delete a member without relations", description: "Deletes a member that has no relations; one that still has relations is 400." },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteMember)),
} satisfies TRPCRouterRecord;
