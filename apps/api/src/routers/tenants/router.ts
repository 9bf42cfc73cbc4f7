import type { TRPCRouterRecord } from "@trpc/server";
import {
  idParamInput,
  tenantCreateInput,
  tenantListInput,
  tenantPageSchema,
  tenantPatchInput,
  tenantSchema,
  tenantUpdateInput,
  noContentSchema,
} from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from "./handlers";

const tags = ["tenants"];

export const tenantsRouter = {
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/tenants", tags, operationId: "tenants_list", summary: "List tenants", description: "A page of tenants, newest first unless `ordering` says otherwise." } })
    .input(tenantListInput)
    .output(tenantPageSchema)
    .query(listTenants),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/tenants", tags, operationId: "tenants_create", summary: "Create a tenant", description: "Creates a tenant. `name` and `code` are required; `code` is a unique lowercase slug (`[a-z0-9_-]`, e.g. `tenant_a`)." }, successStatus: 201 })
    .input(tenantCreateInput)
    .output(tenantSchema)
    .mutation(createTenant),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}", tags, operationId: "tenants_get", summary: "Get a tenant", description: "One tenant." } })
    .input(idParamInput)
    .output(tenantSchema)
    .query(getTenant),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/tenants/{id}", tags, operationId: "tenants_update", summary: "Replace a tenant's fields", description: "Replaces the tenant's fields: `name` and `code` are required." } })
    .input(tenantUpdateInput)
    .output(tenantSchema)
    .mutation(updateTenant),

  patch: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/tenants/{id}", tags, operationId: "tenants_partial_update", summary: "Update some of a tenant's fields", description: "Changes only the fields given." } })
    .input(tenantPatchInput)
    .output(tenantSchema)
    .mutation(updateTenant),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tenants/{id}", tags, operationId: "tenants_delete", summary: "Delete a tenant without relations or users", description: "Deletes a tenant that has no relations and no users; otherwise 400." },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteTenant)),
} satisfies TRPCRouterRecord;
