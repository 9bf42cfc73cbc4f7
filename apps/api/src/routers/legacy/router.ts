import {
  idParamInput,
  legacyCustomerCreateInput,
  legacyCustomerDetailSchema,
  legacyCustomerListInput,
  legacyCustomerListSchema,
  legacyCustomerUpdateInput,
  legacyFollowUpCreateInput,
} from "@customer-hub/domain";
import { z } from "zod";

import { router } from "../../trpc/init";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { deleteCustomer } from "../customers/delete.handler";
import { liveCustomer } from "../reference-checks";
import {
  createLegacyCustomer,
  getLegacyCustomer,
  listLegacyCustomers,
  updateLegacyCustomer,
} from "./customers.handler";
import { createLegacyFollowUp } from "./follow-up.handler";

const tags = ["legacy"];

const locationHeader = z.object({
  Location: z.string().meta({ description: "The new customer's detail, `/api/customer/detail/{id}/`." }),
});
const totalCountHeader = z.object({
  "X-Total-Count": z.int().min(0).meta({ description: "How many customers match, over all pages." }),
});

/**
 * The legacy CRM API of seed 004 (CONTRACT §10), mounted on its own under `/api/customer` with
 * successes sent as the seed's clients expect them: no envelope, empty bodies where the seed has
 * none. Not part of appRouter: the typed client has v1 for all of this.
 */
export const legacyRouter = router({
  updateCustomer: adminProcedure
    .meta({
      openapi: { method: "PUT", path: "/customers/update", tags, operationId: "legacy_customers_update", summary: "Update a customer (id in the body)", errorResponses: [404] },
      successStatus: 201,
    })
    .input(legacyCustomerUpdateInput)
    .output(z.void())
    .mutation(updateLegacyCustomer),

  createCustomer: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers", tags, operationId: "legacy_customers_create", summary: "Create a customer", responseHeaders: locationHeader },
      successStatus: 201,
    })
    .input(legacyCustomerCreateInput)
    .output(z.void())
    .mutation(createLegacyCustomer),

  listCustomers: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers", tags, operationId: "legacy_customers_list", summary: "Search customers, newest first", responseHeaders: totalCountHeader },
    })
    .input(legacyCustomerListInput)
    .output(legacyCustomerListSchema)
    .query(listLegacyCustomers),

  deleteCustomer: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/customers/{id}", tags, operationId: "legacy_customers_delete", summary: "Soft-delete a customer" },
    })
    .input(idParamInput)
    .output(z.void())
    .mutation((options) => deleteCustomer(options, "customer_not_found")),

  customerDetail: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/detail/{id}", tags, operationId: "legacy_customers_detail", summary: "A customer with its follow-up log, oldest first" },
    })
    .input(idParamInput)
    .output(legacyCustomerDetailSchema)
    .query(getLegacyCustomer),

  createFollowUp: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/follow-up", tags, operationId: "legacy_follow_up_create", summary: "Write a follow-up log entry" },
      successStatus: 201,
    })
    .use(referencesExist(legacyFollowUpCreateInput, { customer_id: liveCustomer }))
    .input(legacyFollowUpCreateInput)
    .output(z.void())
    .mutation(createLegacyFollowUp),
});

export type LegacyRouter = typeof legacyRouter;
