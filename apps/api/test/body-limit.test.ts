import { BULK_MAX_ITEMS, CUSTOMER_NAME_MAX } from "@customer-hub/domain";
import { describe, expect, it } from "vitest";

import { BODY_LIMIT_BYTES } from "../src/http-options";
import { setupTestApp } from "./helpers";

/** Every bounded text field of a customer with its limit (packages/domain/src/customer.ts). */
const BOUNDED_TEXT: Record<string, number> = {
  tax_identification_number: 50,
  registered_capital: 100,
  legal_representative: 100,
  registered_address: 255,
  business_address: 255,
  industry_type: 100,
  primary_contact_name: 100,
  primary_contact_phone: 50,
  bank_name: 100,
  bank_account: 50,
  credit_rating: 20,
  payment_terms: 100,
  source: 100,
  landline: 50,
  mobile_phone: 50,
  address: 255,
  principal: 100,
};
const UNBOUNDED_TEXT = ["business_scope", "special_requirements", "notes", "company_details"];

const chinese = (length: number, tag = "") => "客".repeat(length - tag.length) + tag;
// 247 characters, the longest a common address gets here (the limit is 254).
const longEmail = (index: number) => `${"m".repeat(60 - String(index).length)}${index}@${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.cn`;

/** A customer with every bounded field at its limit in Chinese, and long text in the unbounded ones. */
function maximalCustomer(index: number) {
  return {
    name: chinese(CUSTOMER_NAME_MAX, String(index)),
    type: "company",
    value_level: "important",
    status: "potential",
    business_license_number: chinese(50, String(index)),
    ...Object.fromEntries(Object.entries(BOUNDED_TEXT).map(([field, max]) => [field, chinese(max)])),
    ...Object.fromEntries(UNBOUNDED_TEXT.map((field) => [field, chinese(255)])),
    company_size: "enterprise",
    establishment_date: "2020-01-31",
    website: `https://example.com/${"w".repeat(200 - "https://example.com/".length)}`,
    primary_contact_email: longEmail(index),
    email: longEmail(index),
    grade: "A",
  };
}

describe("the body limit", () => {
  const t = setupTestApp();

  it(`takes ${BULK_MAX_ITEMS} maximal Chinese customers in one bulk-create`, async () => {
    const payload = JSON.stringify({ customers: Array.from({ length: BULK_MAX_ITEMS }, (_, index) => maximalCustomer(index)) });
    const bytes = Buffer.byteLength(payload);
    // Well over the old 5 MiB, well under the limit.
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(bytes).toBeLessThan(BODY_LIMIT_BYTES);

    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/customers/bulk-create/",
      headers: { authorization: `Bearer ${t.adminToken}`, "content-type": "application/json" },
      payload,
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
    expect(response.json().data.created).toBe(BULK_MAX_ITEMS);
  }, 120_000);
});
