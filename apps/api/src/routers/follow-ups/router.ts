import type { TRPCRouterRecord } from "@trpc/server";
import { followUpCreateInput, followUpListInput, followUpPageSchema, followUpSchema } from "@customer-hub/domain";

import { adminProcedure } from "../../trpc/procedures";
import { createFollowUp, listFollowUps } from "./handlers";

const tags = ["follow-ups"];
const PATH = "/customers/{id}/follow-ups";

/** A customer's follow-up log on v1 (CONTRACT §5); the legacy API writes the same entries. */
export const followUpsRouter = {
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: PATH, tags, operationId: "customer_follow_ups_list", summary: "A customer's follow-up log, oldest first" } })
    .input(followUpListInput)
    .output(followUpPageSchema)
    .query(listFollowUps),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: PATH, tags, operationId: "customer_follow_ups_create", summary: "Add an entry to a customer's follow-up log" },
      successStatus: 201,
    })
    .input(followUpCreateInput)
    .output(followUpSchema)
    .mutation(createFollowUp),
} satisfies TRPCRouterRecord;
