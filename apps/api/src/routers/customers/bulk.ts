import type { RequiredEntityData } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerRepository, type Customer, type CustomerRow } from "@customer-hub/db";
import {
  CUSTOMER_DEFAULTS,
  customerSchema,
  type CustomerCreateInput,
  type CustomerBulkCreateInput,
  type CustomerBulkCreateResult,
  type CustomerBulkDeleteInput,
  type CustomerBulkDeleteResult,
  type CustomerBulkUpdateInput,
  type CustomerBulkUpdateResult,
} from "@customer-hub/domain";

import { serializeAs } from "../../lib/serialize";
import { invalid, type FieldMessages } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { applyCustomerFields } from "./handlers";

/** A batch row's business licence number once the batch is written, and whether the item sets it. */
type BatchLicense = { number: string | null | undefined; setByItem: boolean };

/**
 * `<list>.<index>.business_license_number` for each item that sets a licence number already held
 * by a live customer outside the batch, kept by another row of the batch, or set by an earlier
 * item (the first one keeps it, as if the items were written one by one). One query in all.
 */
async function licenseClashes(
  em: EntityManager,
  list: string,
  rows: BatchLicense[],
  batchIds: number[] = [],
): Promise<FieldMessages> {
  const given = rows.filter((row) => row.setByItem && row.number != null).map((row) => row.number!);
  const takenOutside = await new CustomerRepository(em).takenBusinessLicenses([...new Set(given)], batchIds);
  const keptInBatch = new Set(rows.filter((row) => !row.setByItem && row.number != null).map((row) => row.number!));
  const setEarlier = new Set<string>();
  const fields: FieldMessages = {};
  rows.forEach((row, index) => {
    if (!row.setByItem || row.number == null) return;
    if (takenOutside.has(row.number) || keptInBatch.has(row.number) || setEarlier.has(row.number)) {
      fields[`${list}.${index}.business_license_number`] = [{ key: "business_license_taken" }];
    }
    setEarlier.add(row.number);
  });
  return fields;
}

/** `<field>` of every item whose id is repeated, after its first occurrence, or names no live customer. */
function idProblems(ids: number[], live: Set<number>, fieldOf: (index: number) => string): FieldMessages {
  const fields: FieldMessages = {};
  const seen = new Set<number>();
  ids.forEach((id, index) => {
    if (seen.has(id)) fields[fieldOf(index)] = [{ key: "duplicate_id" }];
    else if (!live.has(id)) fields[fieldOf(index)] = [{ key: "customer_not_found" }];
    seen.add(id);
  });
  return fields;
}

function throwIfAny(fields: FieldMessages): void {
  if (Object.keys(fields).length > 0) throw invalid(fields);
}

/**
 * A new customer's values as bulk-create inserts them: the defaults, the audit fields and one
 * creation time for the whole batch (as the ORM's hooks would set them), then the item's fields.
 */
function newCustomerRow(item: CustomerCreateInput, username: string, now: Date): RequiredEntityData<Customer> {
  const row: Record<string, unknown> = { ...CUSTOMER_DEFAULTS, created_by: username, updated_by: username, created_at: now, updated_at: now };
  applyCustomerFields(row, item);
  return row as RequiredEntityData<Customer>;
}

/**
 * All or nothing, in the mutation's transaction: every item is checked before any is written, and
 * the rows go out in one multi-row INSERT, no entities (see insertMany).
 */
export async function bulkCreateCustomers({ ctx, input }: HandlerOptions<CustomerBulkCreateInput>): Promise<CustomerBulkCreateResult> {
  const licenses = input.customers.map((item) => ({ number: item.business_license_number, setByItem: true }));
  throwIfAny(await licenseClashes(ctx.em, "customers", licenses));

  const now = new Date();
  const rows = input.customers.map((item) => newCustomerRow(item, ctx.principal.username, now));
  const ids = await new CustomerRepository(ctx.em).insertMany(rows);
  // The rows as stored: the columns they leave out are nullable ones, stored (and answered) as null.
  const stored = rows.map((row, index) => Object.assign(row, { id: ids[index]! }) as unknown as CustomerRow);
  return { created: ids.length, results: stored.map((row) => serializeAs(customerSchema, row)) };
}

/**
 * PATCH semantics per item, all or nothing in the mutation's transaction. The customers are read
 * (and locked, in ascending id) in one statement and written back in MikroORM's batched updates.
 */
export async function bulkUpdateCustomers({ ctx, input }: HandlerOptions<CustomerBulkUpdateInput>): Promise<CustomerBulkUpdateResult> {
  const ids = input.customers.map((item) => item.id);
  const found = new Map((await new CustomerRepository(ctx.em).findLiveByIdsForUpdate([...new Set(ids)])).map((c) => [c.id, c]));
  const idErrors = idProblems(ids, new Set(found.keys()), (index) => `customers.${index}.id`);

  const licenses = input.customers.map((item) =>
    item.business_license_number !== undefined
      ? { number: item.business_license_number, setByItem: true }
      : { number: found.get(item.id)?.business_license_number, setByItem: false },
  );
  throwIfAny({ ...idErrors, ...(await licenseClashes(ctx.em, "customers", licenses, [...found.keys()])) });

  for (const { id, ...fields } of input.customers) {
    const customer = found.get(id)!;
    applyCustomerFields(customer, fields);
    customer.updated_by = ctx.principal.username;
  }
  await ctx.em.flush();
  return { updated: ids.length, results: ids.map((id) => serializeAs(customerSchema, found.get(id)!)) };
}

/** Soft delete of every listed customer, or of none: one locking read (ascending id) and one update. */
export async function bulkDeleteCustomers({ ctx, input }: HandlerOptions<CustomerBulkDeleteInput>): Promise<CustomerBulkDeleteResult> {
  const repository = new CustomerRepository(ctx.em);
  const live = await repository.liveIdsForUpdate([...new Set(input.ids)]);
  throwIfAny(idProblems(input.ids, live, (index) => `ids.${index}`));
  return { deleted: await repository.softDeleteMany(input.ids, ctx.principal.username) };
}
