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
import { bulkCreateCustomers, bulkDeleteCustomers, bulkUpdateCustomers } from "./bulk";
import {
  createCustomer,
  customerStatistics,
  deleteCustomer,
  getCustomer,
  findCustomers,
  restoreCustomer,
  updateCustomer,
} from "./handlers";

const tags = ["customers"];

// trpc-to-openapi matches paths in the order procedures are declared: the fixed paths
// (search, statistics, bulk-*) must come before `/customers/{id}`.
export const customersRouter = {
  search: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers/search", tags, operationId: "customers_search", summary: "Search customers", description: "Customers whose name, primary contact name or phone, business licence number, tax id, email or mobile phone contain `q` (case-insensitive). Takes the same filters, ordering and pagination as the list. Deleted customers are never found." },
    })
    .input(customerSearchInput)
    .output(customerPageSchema)
    .query(findCustomers),

  statistics: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers/statistics", tags, operationId: "customers_statistics", summary: "Customer statistics", description: "Counts over all customers that are not deleted: totals, `active`/`inactive` by status, counts by type, value level, status, company size, grade and follow-up status (values with no customers are left out), and how many were created in the last 30 days." },
    })
    .input(z.void())
    .output(customerStatisticsSchema)
    .query(customerStatistics),

  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/customers", tags, operationId: "customers_list", summary: "List customers", description: "A page of customers that are not deleted, newest first unless `ordering` says otherwise. Every filter narrows the list; an unknown enum value is 400 on that parameter." } })
    .input(customerListInput)
    .output(customerPageSchema)
    .query(findCustomers),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers", tags, operationId: "customers_create", summary: "Create a customer", description: "Creates a customer. `name` (1–200 characters) and `type` are required; `value_level` defaults to `normal` and `status` to `active`. Emails, URLs and dates are validated; `business_license_number` must be unique among customers that are not deleted (400 on that field). Unknown and read-only fields are ignored." },
      successStatus: 201,
    })
    .input(customerCreateInput)
    .output(customerSchema)
    .mutation(createCustomer),

  bulkCreate: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-create", tags, operationId: "customers_bulk_create", summary: "Create 1–1000 customers, all or none", description: "Creates 1–1000 customers in one transaction: all or none. A bad item is 400 with its errors under `customers.<index>.<field>`, and nothing is stored." },
      successStatus: 201,
    })
    .input(customerBulkCreateInput)
    .output(customerBulkCreateResultSchema)
    .mutation(bulkCreateCustomers),

  bulkUpdate: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-update", tags, operationId: "customers_bulk_update", summary: "Update 1–1000 customers (PATCH per item), all or none", description: "Updates 1–1000 customers in one transaction, each item like a PATCH with its `id`: all or none. An unknown or deleted id is 400 `客户不存在` under `customers.<index>.id`." },
    })
    .input(customerBulkUpdateInput)
    .output(customerBulkUpdateResultSchema)
    .mutation(bulkUpdateCustomers),

  bulkDelete: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/bulk-delete", tags, operationId: "customers_bulk_delete", summary: "Soft-delete 1–1000 customers, all or none", description: "Soft-deletes 1–1000 customers in one transaction: all or none. An unknown or already deleted id is 400 under `ids.<index>`." },
    })
    .input(customerBulkDeleteInput)
    .output(customerBulkDeleteResultSchema)
    .mutation(bulkDeleteCustomers),

  get: adminProcedure
    .meta({ openapi: { method: "GET", path: "/customers/{id}", tags, operationId: "customers_get", summary: "Get a customer", description: "One customer with every field, the legacy ones included. A deleted customer is 404." } })
    .input(idParamInput)
    .output(customerSchema)
    .query(getCustomer),

  update: adminProcedure
    .meta({
      openapi: { method: "PUT", path: "/customers/{id}", tags, operationId: "customers_update", summary: "Replace a customer's fields", description: "Replaces the customer's fields: `name` and `type` are required, and only the fields given change (as in DRF). Same validation as create." },
    })
    .input(customerUpdateInput)
    .output(customerSchema)
    .mutation(updateCustomer),

  patch: adminProcedure
    .meta({
      openapi: { method: "PATCH", path: "/customers/{id}", tags, operationId: "customers_partial_update", summary: "Update some of a customer's fields", description: "Changes only the fields given; none is required. Same validation as create." },
    })
    .input(customerPatchInput)
    .output(customerSchema)
    .mutation(updateCustomer),

  delete: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/customers/{id}", tags, operationId: "customers_delete", summary: "Soft-delete a customer", description: "Soft-deletes the customer: it is 404 everywhere afterwards and absent from every list, search, statistic, relation list and tenant view, until restored." },
      successStatus: 204,
    })
    .input(idParamInput)
    .output(noContentSchema)
    .mutation(withNoContent(deleteCustomer)),

  restore: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers/{id}/restore", tags, operationId: "customers_restore", summary: "Restore a deleted customer", description: "Brings a soft-deleted customer back and answers it; a customer that was not deleted is answered as it is. Takes no body." },
    })
    .input(idParamInput)
    .output(customerSchema)
    .mutation(restoreCustomer),
} satisfies TRPCRouterRecord;
