import fc from "fast-check";
import {
  COMPANY_SIZES,
  CUSTOMER_INDUSTRIES,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  FOLLOW_UP_STATUSES,
  GRADES,
  LEAD_SOURCES,
  VALUE_LEVELS,
} from "@customer-hub/domain";
import { describe, expect, it } from "vitest";

import { CUSTOMERS, countAllRows } from "./customers-fixtures";
import { json, request, setupTestApp, type TestContext } from "./helpers";

/** Values every schema keeps as they are (no trimming, no "" → null), short enough for any column. */
const word = fc.stringMatching(/^[a-z0-9]{1,20}$/);
let licenses = 0;
/** A licence number must be unique among live customers: each one sent is made fresh. */
const withFreshLicenses = <T extends { business_license_number?: string }>(items: T[]) =>
  items.map((item) => (item.business_license_number === undefined ? item : { ...item, business_license_number: `BL-PROP-${++licenses}` }));

/** An arbitrary for each optional writable field of a customer. */
const OPTIONAL_FIELDS = {
  value_level: fc.constantFrom(...VALUE_LEVELS),
  status: fc.constantFrom(...CUSTOMER_STATUSES),
  // Replaced by a fresh number before sending (withFreshLicenses).
  business_license_number: fc.constant("BL"),
  tax_identification_number: word,
  registered_capital: word,
  legal_representative: word,
  registered_address: word,
  business_address: word,
  business_scope: word,
  industry_type: word,
  company_size: fc.constantFrom(...COMPANY_SIZES),
  establishment_date: fc
    .date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  website: word.map((name) => `https://${name}.example.com`),
  primary_contact_name: word,
  primary_contact_phone: word,
  primary_contact_email: word.map((name) => `${name}@example.com`),
  bank_name: word,
  bank_account: word,
  credit_rating: word,
  payment_terms: word,
  special_requirements: word,
  notes: word,
  source: word,
  landline: word,
  mobile_phone: word,
  email: word.map((name) => `${name}@example.org`),
  grade: fc.constantFrom(...GRADES),
  company_details: word,
  lead_source: fc.constantFrom(...LEAD_SOURCES),
  address: word,
  customer_industry: fc.constantFrom(...CUSTOMER_INDUSTRIES),
  follow_up_status: fc.constantFrom(...FOLLOW_UP_STATUSES),
  principal: word,
};
const FIELD_NAMES = Object.keys(OPTIONAL_FIELDS) as (keyof typeof OPTIONAL_FIELDS)[];

/** An item with its two required fields and a random subset (possibly none, possibly all) of the rest. */
const item = fc.record(
  { name: word, type: fc.constantFrom(...CUSTOMER_TYPES), ...OPTIONAL_FIELDS },
  { requiredKeys: ["name", "type"] },
);

/** CONTRACT §5: the defaults of a customer created without them. */
const DEFAULTS = { value_level: "normal", status: "active" };

/** What a stored customer must hold: the item, the defaults where it gave none, null elsewhere. */
function expected(given: Record<string, unknown>): Record<string, unknown> {
  const nulls = Object.fromEntries(FIELD_NAMES.map((field) => [field, null]));
  return { ...nulls, ...DEFAULTS, ...given, created_by: "admin", updated_by: "admin" };
}

/** Sends `customers` over REST or tRPC; returns the status and the `results`. */
async function bulkCreate(t: TestContext, via: "rest" | "trpc", customers: unknown[]) {
  if (via === "rest") {
    const response = await request(t, "POST", `${CUSTOMERS}bulk-create/`, { payload: { customers } });
    return { status: response.statusCode, body: json(response), results: json(response).data?.results };
  }
  const response = await t.app.inject({
    method: "POST",
    url: "/trpc/customers.bulkCreate",
    headers: { authorization: `Bearer ${t.adminToken}` },
    payload: { customers },
  });
  return { status: response.statusCode === 200 ? 201 : response.statusCode, body: json(response), results: json(response).result?.data?.results };
}

describe("bulk-create with every mix of given and defaulted fields", () => {
  const t = setupTestApp();

  it("answers 201 for the issue's example, and stores exactly the two rows with the defaults", async () => {
    const before = await countAllRows(t);
    const { status, results } = await bulkCreate(t, "rest", [
      { name: "a", type: "company", status: "inactive" },
      { name: "b", type: "company" },
    ]);
    expect(status).toBe(201);
    expect(results.map((row: Record<string, unknown>) => [row.name, row.status, row.value_level])).toEqual([
      ["a", "inactive", "normal"],
      ["b", "active", "normal"],
    ]);
    expect(await countAllRows(t)).toBe(before + 2);
  });

  for (const via of ["rest", "trpc"] as const) {
    it(`${via}: 201, every stored row equals its item plus defaults, and exactly the items sent are stored`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 6 }), async (generated) => {
          const items = withFreshLicenses(generated);
          const before = await countAllRows(t);
          const { status, body, results } = await bulkCreate(t, via, items);
          expect(status, JSON.stringify(body)).toBe(201);
          expect(results).toHaveLength(items.length);
          for (const [index, given] of items.entries()) {
            expect(results[index]).toMatchObject(expected(given));
            const stored = await request(t, "GET", `${CUSTOMERS}${results[index].id}/`);
            expect(json(stored).data).toEqual(results[index]);
          }
          expect(await countAllRows(t)).toBe(before + items.length);
        }),
        { numRuns: 25 },
      );
    });
  }
});
