import type { TRPCRouterRecord } from "@trpc/server";
import {
  customerBulkCreateInput,
  customerBulkCreateResultSchema,
  customerBulkDeleteInput,
  customerBulkDeleteResultSchema,
  customerBulkUpdateInput,
  customerBulkUpdateResultSchema,
  customerCreateInput,
  customerListInput,
  customerPageSchema,
  customerPatchInput,
  customerSchema,
  customerSearchInput,
  customerStatisticsSchema,
  customerUpdateInput,
  idParamInput,
  noContentSchema,
} from "@customer-hub/domain";
import { z } from "zod";

import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { bulkCreateCustomers } from "./bulk-create.handler";
import { bulkDeleteCustomers } from "./bulk-delete.handler";
import { bulkUpdateCustomers } from "./bulk-update.handler";
import { createCustomer } from "./create.handler";
import { deleteCustomer, restoreCustomer } from "./delete.handler";
import { getCustomer } from "./get.handler";
import { listCustomers, searchCustomers } from "./list.handler";
import { customerStatistics } from "./statistics.handler";
import { updateCustomer } from "./update.handler";

const tags = ["customers"];

// trpc-to-openapi matches paths in the order procedures are declared: the fixed paths
// (search, statistics, bulk-*) must come before `/customers/{id}`.
export const customersRouter = {
  search: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers/search", tags, operationId: "customers_search", summary: "Search customers" },
    })
    .input(customerSearchInput)
    .output(customerPageSchema)
    .query(searchCustomers),

  statistics: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers/statistics", tags, operationId: "customers_statistics", summary: "Customer statistics" },
    })
    .input(z.void())
    .output(customerStatisticsSchema)
    .query(customerStatistics),

  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/customers", tags, operationId: "customers_list", summary: "List customers" } })
    .input(customerListInput)
    .output(customerPageSchema)
    .query(listCustomers),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers", tags, operationId: "customers_create", summary: "Create a customer" },
      successStatus: 201,
    })
    .input(customerCreateInput)
    .output(customerSchema)
    .mutation(createCustomer),

  bulkCreate: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-create", tags, operationId: "customers_bulk_create", summary: "Create 1–1000 customers, all or none" },
      successStatus: 201,
    })
    .input(customerBulkCreateInput)
    .output(customerBulkCreateResultSchema)
    .mutation(bulkCreateCustomers),

  bulkUpdate: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-update", tags, operationId: "customers_bulk_update", summary: "Update 1–1000 customers (PATCH per item), all or none" },
    })
    .input(customerBulkUpdateInput)
    .output(customerBulkUpdateResultSchema)
    .mutation(bulkUpdateCustomers),

  bulkDelete: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-delete", tags, operationId: "customers_bulk_delete", summary: "Soft-delete 1–1000 customers, all or none" },
    })
    .input(customerBulkDeleteInput)
    .output(customerBulkDeleteResultSchema)
    .mutation(bulkDeleteCustomers),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: "/customers/{id}", tags, operationId: "customers_get", summary: "Get a customer" } })
    .input(idParamInput)
    .output(customerSchema)
    .query(getCustomer),

  update: adminProcedure
    .meta({
      openapi: { method: "PUT", path: "/customers/{id}", tags, operationId: "customers_update", summary: "Replace a customer's fields" },
    })
    .input(customerUpdateInput)
    .output(customerSchema)
    .mutation(updateCustomer),

  patch: adminProcedure
    .meta({
      openapi: { method: "PATCH", path: "/customers/{id}", tags, operationId: "customers_partial_update", summary: "Update some of a customer's fields" },
    })
    .input(customerPatchInput)
    .output(customerSchema)
    .mutation(updateCustomer),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/customers/{id}", tags, operationId: "customers_delete", summary: "Soft-delete a customer" },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteCustomer)),

  restore: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/{id}/restore", tags, operationId: "customers_restore", summary: "Restore a deleted customer" },
    })
    .input(idParamInput)
    .output(customerSchema)
    .mutation(restoreCustomer),
} satisfies TRPCRouterRecord;
