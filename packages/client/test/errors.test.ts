import { describe, expect, it } from "vitest";

import { createClient, errorEnvelope, isClientError, TRPCClientError } from "../src/index";

const envelope = { success: false as const, code: 4000, message: "请求参数错误", errors: { name: ["此字段为必填项"] } };

describe("errorEnvelope", () => {
  it("returns the envelope an API error carries", () => {
    const error = TRPCClientError.from({
      error: { code: -32600, message: envelope.message, data: { code: "BAD_REQUEST", httpStatus: 400, path: "customers.create", envelope } },
    });
    expect(isClientError(error)).toBe(true);
    expect(errorEnvelope(error)).toEqual(envelope);
  });

  it("is undefined for anything that is not an answer of the API", () => {
    expect(errorEnvelope(new Error("boom"))).toBeUndefined();
    expect(errorEnvelope(undefined)).toBeUndefined();
    expect(errorEnvelope(TRPCClientError.from(new TypeError("fetch failed")))).toBeUndefined();
  });
});

describe("createClient", () => {
  it("rejects with a client error, without envelope, when the API cannot be reached", async () => {
    // Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
    const client = createClient({ url: "http://127.0.0.1:9/" });
    const error = await client.customers.statistics.query().catch((caught: unknown) => caught);
    expect(isClientError(error)).toBe(true);
    expect(errorEnvelope(error)).toBeUndefined();
  });
});
