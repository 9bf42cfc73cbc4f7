import type { TRPCRouterRecord } from "@trpc/server";
import { betweenQuery, customerIdQuery, idParamInput, noContentSchema } from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { existingTenant, liveCustomer } from "../reference-checks";
import { relationHandlers, tenantRelationBetween } from "./handlers";
import { tenantRelationKind } from "./kinds";

const tags = ["customer-tenant-relations"];
const { schemas } = tenantRelationKind;
const handlers = relationHandlers(tenantRelationKind);
const BASE = "/customers/tenants/relations";

// Fixed paths (primary, between) before `{id}`: trpc-to-openapi takes the first match.
export const tenantRelationsRouter = {
  primary: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/primary`, tags, operationId: "tenant_relations_primary", summary: "A customer's primary tenant relation", description: "The customer's primary tenant relation. 400 without `customer_id`; 404 when the customer has none.", errorResponses: [404] } })
    .input(customerIdQuery)
    .output(schemas.detail)
    .query(handlers.primary),

  between: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/between`, tags, operationId: "tenant_relations_between", summary: "The relation between a customer and a tenant", description: "The relation between one customer and one tenant. 400 naming each missing parameter; 404 when they are not related.", errorResponses: [404] } })
    .input(betweenQuery)
    .output(schemas.detail)
    .query(tenantRelationBetween),

  list: adminProcedure
    .meta({ openapi: { method: "GET", path: BASE, tags, operationId: "tenant_relations_list", summary: "List customer–tenant relations", description: "A page of customer–tenant relations of customers that are not deleted, newest first unless `ordering` says otherwise." } })
    .input(schemas.list)
    .output(schemas.page)
    .query(handlers.list),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: BASE, tags, operationId: "tenant_relations_create", summary: "Relate a tenant to a customer", description: "Relates a tenant to a customer. `relation_type` and `status` are required; `start_date` after `end_date` is 400 on `end_date`. There is one relation per customer and tenant (a second is 409). Creating it with `is_primary: true` unmarks the customer's other tenant relations in the same transaction.", errorResponses: [409] },
      successStatus: 201,
    })
    .use(referencesExist(schemas.create, { customer_id: liveCustomer, tenant_id: existingTenant }))
    .input(schemas.create)
    .output(schemas.detail)
    .mutation(handlers.create),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}`, tags, operationId: "tenant_relations_get", summary: "Get a customer–tenant relation", description: "One customer–tenant relation." } })
    .input(idParamInput)
    .output(schemas.detail)
    .query(handlers.get),

  update: adminProcedure
    .meta({ openapi: { method: "PUT", path: `${BASE}/{id}`, tags, operationId: "tenant_relations_update", summary: "Update a customer–tenant relation", description: "Changes the relation: `relation_type` and `status` are required; `customer_id` and `tenant_id` cannot change and are ignored. Setting `is_primary: true` unmarks the customer's other tenant relations." } })
    .input(schemas.update)
    .output(schemas.detail)
    .mutation(handlers.update),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: `${BASE}/{id}`, tags, operationId: "tenant_relations_delete", summary: "Delete a (non-primary) customer–tenant relation", description: "Deletes a relation that is not the customer's primary one; deleting the primary relation is 400." },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(handlers.delete)),

  setPrimary: adminProcedure
    .meta({ openapi: { method: "POST", path: `${BASE}/{id}/set-primary`, tags, operationId: "tenant_relations_set_primary", summary: "Make this the customer's primary tenant", description: "Makes this relation the customer's primary tenant relation; the customer's other tenant relations are unmarked in the same transaction. Takes no body." } })
    .input(idParamInput)
    .output(schemas.detail)
    .mutation(handlers.setPrimary),
} satisfies TRPCRouterRecord;
