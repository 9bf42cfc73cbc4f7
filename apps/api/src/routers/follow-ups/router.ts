import type { TRPCRouterRecord } from "@trpc/server";
import { followUpCreateInput, followUpListInput, followUpPageSchema, followUpSchema } from "@customer-hub/domain";

import { adminProcedure } from "../../trpc/procedures";
import { createFollowUp, listFollowUps } from "./handlers";

const tags = ["follow-ups"];
const PATH = "/customers/{id}/follow-ups";

/** A customer's follow-up log on v1 (CONTRACT §5); the legacy API writes the same entries. */
export const followUpsRouter = {
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: PATH, tags, operationId: "customer_follow_ups_list", summary: "A customer's follow-up log, oldest first", description: "A page of the customer's follow-up log, oldest first (by `time`). The legacy API writes to the same log." } })
    .input(followUpListInput)
    .output(followUpPageSchema)
    .query(listFollowUps),

  create: adminProcedure
    .meta({
      openapi: { method: "POST", path: PATH, tags, operationId: "customer_follow_ups_create", summary: "Add an entry to a customer's follow-up log", description: "Adds an entry to the customer's follow-up log. `title` and `time` (ISO 8601, surrounding spaces trimmed) are required." },
      successStatus: 201,
    })
    .input(followUpCreateInput)
    .output(followUpSchema)
    .mutation(createFollowUp),
} satisfies TRPCRouterRecord;
