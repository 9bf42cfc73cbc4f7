import type { AddressInfo } from "node:net";

import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_URL_LENGTH } from "@customer-hub/domain";
import { beforeAll, describe, expect, it } from "vitest";

import type { AppRouter } from "../src/routers/root";
import { json, setupTestApp } from "./helpers";

/**
 * tRPC batches over real HTTP: every call of one request runs concurrently, and each must behave as
 * if it had come alone (its own EntityManager fork and transaction).
 */
describe("tRPC batches", () => {
  const context = setupTestApp();
  let url: string;
  /** How many HTTP requests the client has sent, to see how it split a batch. */
  let requests = 0;

  beforeAll(async () => {
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    url = `http://127.0.0.1:${(context.app.server.address() as AddressInfo).port}/trpc`;
  });

  /** A client as `@customer-hub/client` builds one: batching with the shared limits. */
  const client = () =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url,
          maxItems: TRPC_MAX_BATCH_SIZE,
          maxURLLength: TRPC_MAX_URL_LENGTH,
          headers: { authorization: `Bearer ${context.adminToken}` },
          fetch: (input, init) => {
            requests += 1;
            return fetch(input, init);
          },
        }),
      ],
    });

  const countRequests = async <T>(work: () => Promise<T>) => {
    const before = requests;
    const result = await work();
    return { result, requests: requests - before };
  };

  let sequence = 0;
  const unique = (label: string) => `${label}-${process.pid}-${(sequence += 1)}`;

  it("a batch of 10 creates gives 10 distinct customers, each answer its own call's, round after round", async () => {
    const trpc = client();
    for (let round = 0; round < 10; round += 1) {
      const names = Array.from({ length: 10 }, (_, index) => unique(`batch-${round}-${index}`));
      const { result, requests: sent } = await countRequests(() =>
        Promise.all(names.map((name) => trpc.customers.create.mutate({ name, type: "company" }))),
      );
      expect(sent).toBe(1);
      expect(result.map((customer) => customer.name)).toEqual(names);
      expect(new Set(result.map((customer) => customer.id)).size).toBe(10);
      for (const customer of result) {
        const stored = await trpc.customers.get.query({ id: customer.id });
        expect(stored).toEqual(customer);
      }
    }
  });

  it("two creates sharing a fresh licence in one batch: exactly one fails on that field, the rest succeed", async () => {
    const trpc = client();
    // Many rounds: on a fork shared by the batch this fails in a few of them, not in every one.
    for (let round = 0; round < 25; round += 1) {
      const licence = unique("LIC");
      const calls = [
        { name: unique("dup-a"), type: "company" as const, business_license_number: licence },
        { name: unique("clean"), type: "company" as const },
        { name: unique("clean"), type: "individual" as const },
        { name: unique("dup-b"), type: "company" as const, business_license_number: licence },
        { name: unique("clean"), type: "government" as const },
        { name: unique("clean"), type: "other" as const },
      ];
      const answers = await Promise.allSettled(calls.map((input) => trpc.customers.create.mutate(input)));

      const failed = answers.flatMap((answer, index) => (answer.status === "rejected" ? [{ index, error: answer.reason }] : []));
      expect(failed).toHaveLength(1);
      expect([0, 3]).toContain(failed[0]!.index);
      const error = failed[0]!.error as TRPCClientError<AppRouter>;
      expect(error).toBeInstanceOf(TRPCClientError);
      expect(error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
      expect(error.data?.envelope).toEqual({
        success: false,
        code: 4000,
        message: "请求参数错误",
        errors: { business_license_number: ["具有该营业执照号码的客户已存在。"] },
      });

      answers.forEach((answer, index) => {
        if (answer.status === "fulfilled") expect(answer.value).toMatchObject(calls[index]!);
      });
    }
  });

  it("a create refused for a licence already taken leaves the other calls of its batch untouched", async () => {
    const trpc = client();
    for (let round = 0; round < 10; round += 1) {
      const licence = unique("TAKEN");
      await trpc.customers.create.mutate({ name: unique("holder"), type: "company", business_license_number: licence });
      const clean = Array.from({ length: 5 }, () => ({ name: unique("bystander"), type: "company" as const }));
      const [refused, ...others] = await Promise.allSettled([
        trpc.customers.create.mutate({ name: unique("late"), type: "company", business_license_number: licence }),
        ...clean.map((input) => trpc.customers.create.mutate(input)),
      ]);
      expect(refused).toMatchObject({ status: "rejected", reason: { data: { code: "BAD_REQUEST", httpStatus: 400 } } });
      expect(others.map((answer) => (answer.status === "fulfilled" ? answer.value.name : answer.reason))).toEqual(
        clean.map((input) => input.name),
      );
    }
  });

  it("batches of 12 and 40 mixed reads each go out as one request and all answer", async () => {
    const trpc = client();
    const { id } = await trpc.customers.create.mutate({ name: unique("read-target"), type: "company" });
    const reads = [
      () => trpc.customers.list.query({}),
      () => trpc.customers.get.query({ id }),
      () => trpc.customers.statistics.query(),
      () => trpc.customers.search.query({ q: "read-target" }),
      () => trpc.members.list.query({}),
      () => trpc.tenants.list.query({}),
    ];
    for (const size of [12, 40]) {
      const { result, requests: sent } = await countRequests(() =>
        Promise.all(Array.from({ length: size }, (_, index) => reads[index % reads.length]!())),
      );
      expect(sent).toBe(1);
      expect(result).toHaveLength(size);
      expect(result[1]).toMatchObject({ id });
      expect(result[3]).toMatchObject({ pagination: { count: 1 } });
    }
  });

  it("the client splits a batch larger than the server's limit, so every call still answers", async () => {
    const trpc = client();
    const calls = TRPC_MAX_BATCH_SIZE * 2 + 5;
    const { result, requests: sent } = await countRequests(() =>
      Promise.all(Array.from({ length: calls }, () => trpc.tenants.list.query({}))),
    );
    expect(result).toHaveLength(calls);
    expect(sent).toBe(3);
  });

  it("8 concurrent batches of 8 creates each all answer correctly", async () => {
    const batches = Array.from({ length: 8 }, (_, batch) => ({
      trpc: client(),
      names: Array.from({ length: 8 }, (_, index) => unique(`parallel-${batch}-${index}`)),
    }));
    const results = await Promise.all(
      batches.map(({ trpc, names }) => Promise.all(names.map((name) => trpc.customers.create.mutate({ name, type: "company" })))),
    );
    results.forEach((created, batch) => expect(created.map((customer) => customer.name)).toEqual(batches[batch]!.names));
    expect(new Set(results.flat().map((customer) => customer.id)).size).toBe(64);
  });

  it("a batch above the limit sent by hand is a 400 envelope, not a crash", async () => {
    const names = Array.from({ length: TRPC_MAX_BATCH_SIZE + 1 }, () => "tenants.list").join(",");
    const input = Object.fromEntries(Array.from({ length: TRPC_MAX_BATCH_SIZE + 1 }, (_, index) => [index, {}]));
    const response = await context.app.inject({
      method: "GET",
      url: `/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { authorization: `Bearer ${context.adminToken}` },
    });
    expect(response.statusCode).toBe(400);
    const body = json<{ error: { data: { code: string; envelope: unknown } } }>(response);
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.data.envelope).toEqual({ success: false, code: 4000, message: "请求参数错误" });
  });
});
