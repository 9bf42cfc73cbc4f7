import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerRepository, CustomerSchema, type Customer as CustomerEntity } from "@customer-hub/db";
import {
  CUSTOMER_DEFAULTS,
  CUSTOMER_WRITABLE_FIELDS,
  type CustomerCreateInput,
  type CustomerWritableFields,
} from "@customer-hub/domain";

import { fieldError } from "../../trpc/errors";
import type { AuthedContext } from "../../trpc/types";

/** Copies exactly the writable fields the input carries (DRF: PUT and PATCH change only those). */
export function applyCustomerFields(entity: CustomerEntity, input: CustomerWritableFields): void {
  const target = entity as unknown as Record<string, unknown>;
  for (const field of CUSTOMER_WRITABLE_FIELDS) {
    const value = input[field];
    if (value !== undefined) target[field] = value;
  }
}

/**
 * A new customer with every field it will be stored with: the defaults are set here, not left to
 * the columns, so the rows of one multi-row insert all carry the same columns (MikroORM groups
 * them otherwise, and reads no defaults back) and the answer is what was stored.
 */
export function newCustomer(em: EntityManager, input: CustomerCreateInput, username: string): CustomerEntity {
  const customer = em.create(CustomerSchema, {
    name: input.name,
    type: input.type,
    ...CUSTOMER_DEFAULTS,
    created_by: username,
    updated_by: username,
  });
  applyCustomerFields(customer, input);
  return customer;
}

/** Refuses a business licence number that a live customer other than `exceptId` holds. */
export async function assertLicenseFree(ctx: AuthedContext, number: string | null | undefined, exceptId?: number) {
  if (!number) return;
  if (await new CustomerRepository(ctx.em).isBusinessLicenseTaken(number, exceptId)) {
    throw fieldError("business_license_number", "business_license_taken");
  }
}
