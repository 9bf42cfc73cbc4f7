import { z } from "zod";

import { pageSchema, paginationQuery, pathIdSchema, recordIdSchema, timestamp } from "./common";
import { followUpCreateExample, followUpExample } from "./examples";
import { customerSummarySchema } from "./customer";

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * The instant an ISO 8601 date-time names. One without an offset is UTC (as DRF with
 * TIME_ZONE = "UTC" reads it); JavaScript alone would read it in the server's local time.
 */
export function toInstant(value: string): Date {
  return new Date(HAS_OFFSET.test(value) ? value : `${value}Z`);
}

/**
 * A follow-up's time: ISO 8601, surrounding spaces trimmed (seed 004 sends
 * `" 2023-06-28T15:30:00Z"`). Years 0001–9999 only: beyond them the instant cannot be answered
 * back as an ISO string.
 */
export const followUpTime = z
  .string()
  .trim()
  .pipe(z.iso.datetime({ offset: true, local: true }))
  .refine(
    (value) => {
      const year = toInstant(value).getUTCFullYear();
      // NaN: not a date-time at all, which the format check has already reported.
      return Number.isNaN(year) || (year >= 1 && year <= 9999);
    },
    { params: { messageKey: "field_invalid_datetime" } },
  );

const optionalText = (max?: number) =>
  (max === undefined ? z.string().trim() : z.string().trim().max(max)).nullable().optional();

export const FOLLOW_UP_TITLE_MAX = 200;

/** What a follow-up log entry is written with; the customer it belongs to comes separately. */
export const followUpFields = {
  title: z.string().trim().min(1).max(FOLLOW_UP_TITLE_MAX),
  time: followUpTime,
  principal: optionalText(100),
  content: optionalText(),
  // An empty string means "no next time", as for the other optional typed fields.
  next_time: z.union([z.literal("").transform(() => null), followUpTime]).nullable().optional(),
};

/** POST /api/v1/customers/{id}/follow-ups/: the customer is the path's `id`. */
export const followUpCreateInput = z
  .object({ id: pathIdSchema, ...followUpFields })
  .meta({ id: "FollowUpCreateInput", examples: [followUpCreateExample] });
export type FollowUpCreateInput = z.infer<typeof followUpCreateInput>;

export const followUpListInput = paginationQuery.extend({ id: pathIdSchema });
export type FollowUpListInput = z.infer<typeof followUpListInput>;

export const followUpSchema = z.object({
  id: recordIdSchema,
  customer: customerSummarySchema,
  title: z.string(),
  time: timestamp,
  principal: z.string().nullable(),
  content: z.string().nullable(),
  next_time: timestamp.nullable(),
  created_by: z.string().nullable(),
  created_at: timestamp,
}).meta({ id: "FollowUp", examples: [followUpExample] });
export type FollowUp = z.infer<typeof followUpSchema>;

export const followUpPageSchema = pageSchema(followUpSchema, "FollowUpPage", followUpExample);
