import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerRepository, CustomerSchema, type Customer as CustomerEntity } from "@customer-hub/db";
import {
  CUSTOMER_DEFAULTS,
  CUSTOMER_WRITABLE_FIELDS,
  customerSchema,
  encodeCursor,
  type CustomerCreateInput,
  type CustomerListInput,
  type CustomerOrderingField,
  type CustomerPatchInput,
  type CustomerUpdateInput,
  type CustomerWritableFields,
  type MessageKey,
  type OrderingTerm,
} from "@customer-hub/domain";

import { pageWindow, toCursorPage } from "../../lib/pagination";
import { serializeSelected } from "../../lib/selection";
import { serializeAs } from "../../lib/serialize";
import { fieldError, invalid, orNotFound } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";

export async function getCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  return serializeAs(customerSchema, await new CustomerRepository(ctx.em).readLiveOrFail(input.id, orNotFound()));
}

const DEFAULT_ORDERING: OrderingTerm<CustomerOrderingField>[] = [{ field: "created_at", desc: true }];

/** The orderings a cursor can continue: `-created_at` with the `-id` tie-break, said or implied. */
function isKeysetOrdering(ordering: OrderingTerm<CustomerOrderingField>[]): boolean {
  const [first, second, ...rest] = ordering;
  return (
    first?.field === "created_at" && first.desc && rest.length === 0 && (second === undefined || (second.field === "id" && second.desc))
  );
}

/** A page of customers: the list, and the search, which adds `q` (both procedures call this). */
export async function findCustomers({ ctx, input }: HandlerOptions<CustomerListInput & { q?: string }>) {
  const { page: _page, page_size: _size, ordering = DEFAULT_ORDERING, q, cursor, fields, ...filters } = input;
  if (cursor && !isKeysetOrdering(ordering)) throw invalid({ cursor: [{ key: "cursor_ordering" }] });
  const window = cursor ? { offset: 0, limit: input.page_size } : pageWindow(input);
  // One row more than the page tells whether another page follows, for `next_cursor`.
  const { items, total, exact } = await new CustomerRepository(ctx.em).findPage({
    filters,
    search: q,
    ordering,
    page: { offset: window.offset, limit: window.limit + 1 },
    after: cursor,
    columns: fields,
  });
  const rows = items.slice(0, window.limit);
  const last = rows.at(-1);
  const nextCursor =
    items.length > window.limit && last && isKeysetOrdering(ordering)
      ? encodeCursor({ createdAt: last.cursor_created_at, id: last.id })
      : null;
  const results = rows.map((row) => serializeSelected(customerSchema, fields, row));
  return toCursorPage(ctx, input, total, results, nextCursor, cursor !== undefined, exact);
}

export const customerStatistics = ({ ctx }: HandlerOptions<void>) => new CustomerRepository(ctx.em).statistics();

/**
 * Copies exactly the writable fields the input carries (DRF: PUT and PATCH change only those),
 * onto an entity or a new row's values.
 */
export function applyCustomerFields(entity: CustomerEntity | Record<string, unknown>, input: CustomerWritableFields): void {
  const target = entity as Record<string, unknown>;
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
async function assertLicenseFree(ctx: AuthedContext, number: string | null | undefined, exceptId?: number) {
  if (!number) return;
  if (await new CustomerRepository(ctx.em).isBusinessLicenseTaken(number, exceptId)) {
    throw fieldError("business_license_number", "business_license_taken");
  }
}

export async function createCustomer({ ctx, input }: HandlerOptions<CustomerCreateInput>) {
  await assertLicenseFree(ctx, input.business_license_number);
  const customer = newCustomer(ctx.em, input, ctx.principal.username);
  await ctx.em.flush();
  return serializeAs(customerSchema, customer);
}

/** PUT and PATCH: the schemas differ in what is required; both change only the fields given. */
export async function updateCustomer({ ctx, input }: HandlerOptions<CustomerUpdateInput | CustomerPatchInput>) {
  const { id, ...fields } = input;
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(id, orNotFound());
  await assertLicenseFree(ctx, fields.business_license_number, id);
  applyCustomerFields(customer, fields);
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
  return serializeAs(customerSchema, customer);
}

/**
 * Soft delete: the row stays, hidden from every read (CONTRACT §5). `notFoundMessage` is the
 * message of an unknown id (the legacy API keeps its own).
 */
export async function deleteCustomer(
  { ctx, input }: HandlerOptions<{ id: number }>,
  notFoundMessage?: MessageKey,
): Promise<void> {
  const customer = await new CustomerRepository(ctx.em).findLiveOrFail(input.id, orNotFound(notFoundMessage));
  customer.deleted_at = new Date();
  customer.updated_by = ctx.principal.username;
  await ctx.em.flush();
}

/** Brings a deleted customer back; a live one is answered as is. */
export async function restoreCustomer({ ctx, input }: HandlerOptions<{ id: number }>) {
  const customer = await new CustomerRepository(ctx.em).findAnyOrFail(input.id, orNotFound());
  if (customer.deleted_at) {
    // Its licence number may have been reused while it was deleted.
    await assertLicenseFree(ctx, customer.business_license_number, customer.id);
    customer.deleted_at = null;
    customer.updated_by = ctx.principal.username;
    await ctx.em.flush();
  }
  return serializeAs(customerSchema, customer);
}
