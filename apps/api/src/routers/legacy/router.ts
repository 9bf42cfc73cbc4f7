import {
  ID_MAX,
  idParamInput,
  legacyCustomerCreateInput,
  legacyCustomerDetailSchema,
  legacyCustomerListInput,
  legacyCustomerListSchema,
  legacyCustomerUpdateInput,
  legacyFollowUpCreateInput,
} from "@customer-hub/domain";
import { z } from "zod";

import { fillRestPath } from "../../lib/rest-path";
import { LEGACY_BASE_PATH } from "../../paths";
import { router, type Meta } from "../../trpc/init";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { deleteCustomer } from "../customers/handlers";
import { liveCustomer } from "../reference-checks";
import {
  createLegacyCustomer,
  createLegacyFollowUp,
  getLegacyCustomer,
  listLegacyCustomers,
  updateLegacyCustomer,
} from "./handlers";

const tags = ["legacy"];

const locationHeader = z.object({
  Location: z.string().meta({ description: "The new customer's detail, `/api/customer/detail/{id}/`." }),
});
const totalCountHeader = z.object({
  "X-Total-Count": z.int().min(0).max(ID_MAX).meta({ description: "How many customers match, over all pages." }),
});

/** Named, so that create's `Location` comes from the same path. */
const detailMeta = {
  openapi: { method: "GET", path: "/detail/{id}", tags, operationId: "legacy_customers_detail", summary: "A customer with its follow-up log, oldest first", description: "The customer in the legacy shape (`id` a string, `customer_type` for v1's `grade`) with its follow-up log, oldest first." },
} satisfies Meta;
const detailPath = (id: number) => fillRestPath(LEGACY_BASE_PATH, detailMeta.openapi.path, { id }).path;

/**
 * The legacy CRM API of seed 004 (CONTRACT §10), mounted on its own under `/api/customer` with
 * successes sent as the seed's clients expect them: no envelope, empty bodies where the seed has
 * none. Not part of appRouter: the typed client has v1 for all of this.
 */
export const legacyRouter = router({
  updateCustomer: adminProcedure
    .meta({
      openapi: { method: "PUT", path: "/customers/update", tags, operationId: "legacy_customers_update", summary: "Update a customer (id in the body)", description: "Seed 004's update: the customer's `id` is in the body. `name` is required; only the fields given change. Answers 201 with an empty body; an unknown id is 404.", errorResponses: [404] },
      successStatus: 201,
    })
    .input(legacyCustomerUpdateInput)
    .output(z.void())
    .mutation(updateLegacyCustomer),

  createCustomer: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/customers", tags, operationId: "legacy_customers_create", summary: "Create a customer", description: "Seed 004's create: `name` is required and the customer is of type `company`. Answers 201 with an empty body and `Location: /api/customer/detail/{id}/`.", responseHeaders: locationHeader },
      successStatus: 201,
    })
    .input(legacyCustomerCreateInput)
    .output(z.void())
    .mutation((options) => createLegacyCustomer(options, detailPath)),

  listCustomers: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/customers", tags, operationId: "legacy_customers_list", summary: "Search customers, newest first", description: "Customers in the legacy shape, newest first, as a bare JSON array; the total is in `X-Total-Count`. A filter that is absent or `all` does not filter; an unknown value is 400.", responseHeaders: totalCountHeader },
    })
    .input(legacyCustomerListInput)
    .output(legacyCustomerListSchema)
    .query(listLegacyCustomers),

  deleteCustomer: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/customers/{id}", tags, operationId: "legacy_customers_delete", summary: "Soft-delete a customer", description: "Soft-deletes the customer (as v1's delete). Answers 200 with an empty body; an unknown id is 404." },
    })
    .input(idParamInput)
    .output(z.void())
    .mutation((options) => deleteCustomer(options, "customer_not_found")),

  customerDetail: adminProcedure
    .meta(detailMeta)
    .input(idParamInput)
    .output(legacyCustomerDetailSchema)
    .query(getLegacyCustomer),

  createFollowUp: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/follow-up", tags, operationId: "legacy_follow_up_create", summary: "Write a follow-up log entry", description: "Writes a follow-up log entry for `customer_id` (400 `客户不存在` when there is no such customer). Times are ISO 8601; surrounding spaces are trimmed. Answers 201 with an empty body." },
      successStatus: 201,
    })
    .use(referencesExist(legacyFollowUpCreateInput, { customer_id: liveCustomer }))
    .input(legacyFollowUpCreateInput)
    .output(z.void())
    .mutation(createLegacyFollowUp),
});

export type LegacyRouter = typeof legacyRouter;
