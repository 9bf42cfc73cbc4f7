import { CustomerSchema, MemberSchema, TenantSchema } from "@customer-hub/db";

import type { ReferenceCheck } from "../trpc/references";

/** The `customer_id` of a new relation must name a live (not deleted) customer. */
export const liveCustomer: ReferenceCheck = {
  exists: async (em, id) => (await em.count(CustomerSchema, { id, deleted_at: null })) > 0,
  message: "customer_not_found",
};

export const existingMember: ReferenceCheck = {
  exists: async (em, id) => (await em.count(MemberSchema, { id })) > 0,
  message: "member_not_found",
};

export const existingTenant: ReferenceCheck = {
  exists: async (em, id) => (await em.count(TenantSchema, { id })) > 0,
  message: "tenant_not_found",
};
