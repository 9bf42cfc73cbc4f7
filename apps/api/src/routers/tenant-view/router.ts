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
  findTenantCustomers,
  tenantStatistics,
} from "./handlers";

const tags = ["tenant-view"];
const BASE = "/customers/tenants/view";

// Read-only (seed 001): write methods on these paths answer 405. Fixed paths before `{id}`.
export const tenantViewRouter = {
  statistics: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/statistics`, tags, operationId: "tenant_view_statistics", summary: "Statistics of the tenant's customers", description: "Counts over the tenant's customers (related and not deleted): totals, `active`/`inactive` by customer status, and counts by type, value level, relation type and relation status (values with no customers are left out)." } })
    .input(z.void())
    .output(tenantViewStatisticsSchema)
    .query(tenantStatistics),

  search: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/search`, tags, operationId: "tenant_view_search", summary: "Search the tenant's customers", description: "The tenant's customers whose name, primary contact name or phone, business licence number, tax id, email or mobile phone contain `q`; same filters, ordering and pagination as the list." } })
    .input(tenantViewSearchInput)
    .output(tenantViewPageSchema)
    .query(findTenantCustomers),

  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: BASE, tags, operationId: "tenant_view_list", summary: "Customers related to the tenant", description: "A page of the customers related to the tenant (and not deleted), each with the tenant's relation. Read-only: write methods are 405." } })
    .input(tenantViewListInput)
    .output(tenantViewPageSchema)
    .query(findTenantCustomers),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}`, tags, operationId: "tenant_view_get", summary: "A customer as the tenant sees it", description: "A customer related to the tenant, as the tenant sees it: no legacy or audit fields, and `bank_name`, `bank_account`, `credit_rating` and `payment_terms` are null unless the relation's status is `active`. Another tenant's customer is 404 `客户不存在或与当前租户无关联`." } })
    .input(idParamInput)
    .output(tenantViewCustomerSchema)
    .query(getTenantCustomer),

  relation: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}/relation`, tags, operationId: "tenant_view_relation", summary: "The customer's relation with the tenant", description: "The customer's relation with the tenant. Another tenant's customer is 404." } })
    .input(idParamInput)
    .output(tenantRelationSchema)
    .query(getTenantRelation),

  // Seed 000 spells it `relations/`, seed 001 `relation/`: both answer (CONTRACT §9).
  relations: tenantProcedure
    .meta({ openapi: { method: "GET", path: `${BASE}/{id}/relations`, tags, operationId: "tenant_view_relations", summary: "Alias of …/{id}/relation/", description: "The same as `…/{id}/relation/` (seed 000 spells it this way)." } })
    .input(idParamInput)
    .output(tenantRelationSchema)
    .query(getTenantRelation),
} satisfies TRPCRouterRecord;
