import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerRepository } from "@customer-hub/db";

import { invalid, type FieldMessages } from "../../trpc/errors";

/** A batch row's business licence number once the batch is written, and whether the item sets it. */
export type BatchLicense = { number: string | null | undefined; setByItem: boolean };

/**
 * `<list>.<index>.business_license_number` for each item that sets a licence number already held
 * by a live customer outside the batch, kept by another row of the batch, or set by an earlier
 * item (the first one keeps it, as if the items were written one by one). One query in all.
 */
export async function licenseClashes(
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
export function idProblems(ids: number[], live: Set<number>, fieldOf: (index: number) => string): FieldMessages {
  const fields: FieldMessages = {};
  const seen = new Set<number>();
  ids.forEach((id, index) => {
    if (seen.has(id)) fields[fieldOf(index)] = [{ key: "duplicate_id" }];
    else if (!live.has(id)) fields[fieldOf(index)] = [{ key: "customer_not_found" }];
    seen.add(id);
  });
  return fields;
}

export function throwIfAny(fields: FieldMessages): void {
  if (Object.keys(fields).length > 0) throw invalid(fields);
}
