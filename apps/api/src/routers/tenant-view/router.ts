import type { TRPCRouterRecord } from "@trpc/server";
import {
  idParamInput,
  tenantRelationSchema,
  tenantViewCustomerSchema,
  tenantViewListInput,
  tenantViewPageSchema,
  tenantViewSearchInput,
  tenantViewStatisticsSchema,
} from "@customer-hub/domain";
import { z } from "zod";

import { tenantProcedure } from "../../trpc/procedures";
import {
  getTenantCustomer,
  getTenantRelation,
  listTenantCustomers,
  searchTenantCustomers,
  tenantStatistics,
} from "./handlers";

const tags = ["tenant-view"];
const BASE = "/customers/tenants/view";

// Read-only (seed 001): write methods on these paths answer 405. Fixed paths before `{id}`.
export const tenantViewRouter = {
  statistics: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/statistics`, tags, operationId: "tenant_view_statistics", summary: "Statistics of the tenant's customers" } })
    .input(z.void())
    .output(tenantViewStatisticsSchema)
    .query(tenantStatistics),

  search: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/search`, tags, operationId: "tenant_view_search", summary: "Search the tenant's customers" } })
    .input(tenantViewSearchInput)
    .output(tenantViewPageSchema)
    .query(searchTenantCustomers),

  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: BASE, tags, operationId: "tenant_view_list", summary: "Customers related to the tenant" } })
    .input(tenantViewListInput)
    .output(tenantViewPageSchema)
    .query(listTenantCustomers),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}`, tags, operationId: "tenant_view_get", summary: "A customer as the tenant sees it" } })
    .input(idParamInput)
    .output(tenantViewCustomerSchema)
    .query(getTenantCustomer),

  relation: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}/relation`, tags, operationId: "tenant_view_relation", summary: "The customer's relation with the tenant" } })
    .input(idParamInput)
    .output(tenantRelationSchema)
    .query(getTenantRelation),

  // Seed 000 spells it `relations/`, seed 001 `relation/`: both answer (CONTRACT §9).
  relations: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}/relations`, tags, operationId: "tenant_view_relations", summary: "Alias of …/{id}/relation/" } })
    .input(idParamInput)
    .output(tenantRelationSchema)
    .query(getTenantRelation),
} satisfies TRPCRouterRecord;
