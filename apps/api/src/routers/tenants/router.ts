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
    .meta({ openapi: { method: "GET", path: "/tenants", tags, operationId: "tenants_list", summary: "List tenants" } })
    .input(tenantListInput)
    .output(tenantPageSchema)
    .query(listTenants),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/tenants", tags, operationId: "tenants_create", summary: "Create a tenant" }, successStatus: 201 })
    .input(tenantCreateInput)
    .output(tenantSchema)
    .mutation(createTenant),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}", tags, operationId: "tenants_get", summary: "Get a tenant" } })
    .input(idParamInput)
    .output(tenantSchema)
    .query(getTenant),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/tenants/{id}", tags, operationId: "tenants_update", summary: "Replace a tenant's fields" } })
    .input(tenantUpdateInput)
    .output(tenantSchema)
    .mutation(updateTenant),

  patch: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/tenants/{id}", tags, operationId: "tenants_partial_update", summary: "Update some of a tenant's fields" } })
    .input(tenantPatchInput)
    .output(tenantSchema)
    .mutation(updateTenant),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tenants/{id}", tags, operationId: "tenants_delete", summary: "Delete a tenant without relations or users" },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteTenant)),
} satisfies TRPCRouterRecord;
