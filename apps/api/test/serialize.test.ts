import { customerSchema, followUpSchema } from "@customer-hub/domain";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { serializeAs } from "../src/lib/serialize";

describe("serializeAs (the answers' shape from the domain schema)", () => {
  const schema = z.object({
    id: z.int(),
    at: z.iso.datetime({ offset: true }),
    note: z.string().nullable(),
    owner: z.object({ id: z.int(), since: z.iso.datetime({ offset: true }) }).nullable(),
    tags: z.array(z.object({ name: z.string(), seen: z.iso.datetime({ offset: true }).nullable() })),
    scores: z.array(z.int()).nullable(),
  });

  it("answers exactly the schema's keys in its order: Date as ISO string, undefined as null, nested objects and arrays alike", () => {
    const at = new Date("2024-01-02T03:04:05.678Z");
    const row = {
      scores: [3, 1],
      deleted_at: at,
      tags: [{ name: "a", seen: at, extra: true }, { name: "b" }],
      owner: { id: 7, since: at, password: "x" },
      at,
      id: 1,
    };
    const answer = serializeAs(schema, row);
    expect(answer).toStrictEqual({
      id: 1,
      at: "2024-01-02T03:04:05.678Z",
      note: null,
      owner: { id: 7, since: "2024-01-02T03:04:05.678Z" },
      tags: [
        { name: "a", seen: "2024-01-02T03:04:05.678Z" },
        { name: "b", seen: null },
      ],
      scores: [3, 1],
    });
    expect(Object.keys(answer)).toEqual(["id", "at", "note", "owner", "tags", "scores"]);
    expect(schema.parse(answer)).toStrictEqual(answer);
  });

  it("answers null for a nested object or array the row leaves out, and strings as they are", () => {
    expect(serializeAs(schema, { id: 2, at: "2024-01-02T03:04:05Z", note: "n", owner: null, tags: [] })).toStrictEqual({
      id: 2,
      at: "2024-01-02T03:04:05Z",
      note: "n",
      owner: null,
      tags: [],
      scores: null,
    });
  });

  it("walks a schema that nests itself (a tree) without building its mapper twice", () => {
    const node = z.object({
      name: z.string(),
      get children(): z.ZodArray<typeof node> {
        return z.array(node);
      },
    });
    const leaf = { name: "leaf", children: [], at: new Date(0) };
    expect(serializeAs(node, { name: "root", children: [leaf] })).toStrictEqual({
      name: "root",
      children: [{ name: "leaf", children: [] }],
    });
  });

  it("turns a customer row into a valid Customer, and a follow-up with its nested customer into a valid FollowUp", () => {
    const now = new Date();
    const customer = { id: 1, name: "甲", type: "company", value_level: "normal", status: "active", created_at: now, updated_at: now } as const;
    const pageRow = { ...customer, deleted_at: null, cursor_created_at: "x" };
    const answer = serializeAs(customerSchema, pageRow);
    expect(customerSchema.parse(answer)).toStrictEqual(answer);
    expect(answer).toMatchObject({ id: 1, business_license_number: null, principal: null, created_at: now.toISOString() });
    expect(Object.keys(answer)).toEqual(Object.keys(customerSchema.shape));

    const followUp = serializeAs(followUpSchema, { id: 9, customer, title: "t", time: now, next_time: null, created_at: now });
    expect(followUpSchema.parse(followUp)).toStrictEqual(followUp);
    expect(followUp.customer).toStrictEqual({ id: 1, name: "甲" });
  });
});
