import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { describe, expectTypeOf, it } from "vitest";

import {
  createClient,
  errorEnvelope,
  type Customer,
  type CursorPage,
  type CustomerListItem,
  type CustomerHubClientError,
  type CustomerStatistics,
  type ErrorEnvelope,
  type RouterInputs,
  type RouterOutputs,
} from "../src/index";

// Never called: this file is only type-checked (`vitest run --typecheck`).
const client = createClient({ url: "http://127.0.0.1:3000", token: "token" });

describe("inputs", () => {
  it("refuses a customer without its required type, or with an unknown one", () => {
    // @ts-expect-error `type` is required on create
    void client.customers.create.mutate({ name: "x" });
    // @ts-expect-error `type` is one of the customer types
    void client.customers.create.mutate({ name: "x", type: "bogus" });
    // @ts-expect-error `name` is required on create
    void client.customers.create.mutate({ type: "company" });
    void client.customers.create.mutate({ name: "x", type: "company", value_level: "vip" });
  });

  it("takes list filters by their enum values", () => {
    void client.customers.list.query({ status: "active", page: 2, ordering: "-created_at" });
    // @ts-expect-error not a customer status
    void client.customers.list.query({ status: "gone" });
    expectTypeOf<RouterInputs["customers"]["get"]>().toHaveProperty("id");
  });

  it("has no procedure the API does not have", () => {
    // @ts-expect-error there is no customers.frobnicate
    void client.customers.frobnicate;
  });
});

describe("outputs", () => {
  it("are the domain's Customer", () => {
    expectTypeOf(client.customers.get.query).returns.resolves.toEqualTypeOf<Customer>();
    expectTypeOf(client.customers.create.mutate).returns.resolves.toEqualTypeOf<Customer>();
    expectTypeOf<RouterOutputs["customers"]["get"]>().toEqualTypeOf<Customer>();
  });

  it("of lists are pages of CustomerListItem[]: every property but id optional, as fields= may leave them out", () => {
    // Customer lists can also be continued by cursor (`next_cursor`); other lists are plain pages.
    expectTypeOf(client.customers.list.query).returns.resolves.toEqualTypeOf<CursorPage<CustomerListItem>>();
    expectTypeOf<RouterOutputs["customers"]["list"]["results"]>().toEqualTypeOf<CustomerListItem[]>();
    expectTypeOf<RouterOutputs["customers"]["search"]["results"]>().toEqualTypeOf<CustomerListItem[]>();
    expectTypeOf<CustomerListItem["id"]>().toEqualTypeOf<number>();
    expectTypeOf<CustomerListItem["name"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Required<CustomerListItem>>().toEqualTypeOf<Customer>();
    // `fields` is the comma-separated string on tRPC as on REST.
    expectTypeOf<NonNullable<RouterInputs["customers"]["list"]>["fields"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RouterOutputs["customers"]["statistics"]>().toEqualTypeOf<CustomerStatistics>();
  });

  it("of deletes are null, not never", () => {
    expectTypeOf<RouterOutputs["customers"]["delete"]>().toEqualTypeOf<null>();
    expectTypeOf<RouterOutputs["memberRelations"]["delete"]>().toEqualTypeOf<null>();
  });

  it("take ids and pages as numbers", () => {
    expectTypeOf<RouterInputs["customers"]["get"]["id"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<RouterInputs["customers"]["list"]>["page"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("errors", () => {
  it("carry the error envelope, typed", () => {
    expectTypeOf(errorEnvelope).returns.toEqualTypeOf<ErrorEnvelope | undefined>();
    expectTypeOf<NonNullable<CustomerHubClientError["data"]>["envelope"]>().toEqualTypeOf<ErrorEnvelope>();
    expectTypeOf<NonNullable<CustomerHubClientError["data"]>["httpStatus"]>().toEqualTypeOf<number>();
    // tRPC's own code, as every tRPC client reads it.
    expectTypeOf<NonNullable<CustomerHubClientError["data"]>["code"]>().toEqualTypeOf<TRPC_ERROR_CODE_KEY>();
  });
});
