import { CustomerMemberRelationSchema, CustomerSchema, MemberSchema } from "@customer-hub/db";
import { describe, expect, it } from "vitest";

import { runCli } from "../src/cli/index";
import type { CliIo } from "../src/cli/command";
import { translateDbError } from "../src/trpc/db-errors";
import { CUSTOMERS, invalidWith } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

const LICENSE_TAKEN = "具有该营业执照号码的客户已存在。";

/**
 * A value taken by a concurrent request between a handler's check and its write is refused by
 * the database's unique constraint; translateDbError turns it into the same field error the
 * check gives, keyed by the constraint's name. Parallel requests make the constraint decide.
 */
describe("unique violations become field errors in one place", () => {
  const t = setupTestApp();

  it("10 parallel bulk-creates sharing a licence: one 201, the others 400 on that item's field, one row", async () => {
    const license = `BL-RACE-${process.pid}`;
    const customers = [
      { name: "甲", type: "company" },
      { name: "乙", type: "company", business_license_number: license },
      { name: "丙", type: "company" },
    ];
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => request(t, "POST", `${CUSTOMERS}bulk-create/`, { payload: { customers } })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const answer of answers.filter((candidate) => candidate.statusCode === 400)) {
      expect(json(answer)).toEqual(invalidWith({ "customers.1.business_license_number": [LICENSE_TAKEN] }));
    }
    expect(await t.db.orm.em.fork().count(CustomerSchema, { business_license_number: license })).toBe(1);
  });

  it("10 parallel creates of one licence: one 201, the others 400 on business_license_number", async () => {
    const license = `BL-RACE-ONE-${process.pid}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        request(t, "POST", CUSTOMERS, { payload: { name: `并发${index}`, type: "company", business_license_number: license } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const answer of answers.filter((candidate) => candidate.statusCode === 400)) {
      expect(json(answer)).toEqual(invalidWith({ business_license_number: [LICENSE_TAKEN] }));
    }
  });

  it("10 parallel member creates of one username: one 201, the others 400 on username", async () => {
    const username = `racer-${process.pid}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => request(t, "POST", "/api/v1/members/", { payload: { username, name: `m${index}` } })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const answer of answers.filter((candidate) => candidate.statusCode === 400)) {
      expect(json(answer)).toEqual(invalidWith({ username: ["具有该用户名的联系人已存在。"] }));
    }
  });

  it("a relation pair inserted twice is the kind's 409, read from the constraint's name", async () => {
    const em = t.db.orm.em.fork();
    const customer = em.create(CustomerSchema, { name: "pair", type: "company", value_level: "normal", status: "active" });
    const member = em.create(MemberSchema, { username: `pair-${process.pid}` });
    await em.flush();
    const relation = { customer, member, role: "other", is_primary: false } as const;
    em.create(CustomerMemberRelationSchema, relation);
    await em.flush();
    const again = em.fork();
    again.create(CustomerMemberRelationSchema, { ...relation, customer: customer.id, member: member.id });
    const error = await again.flush().then(() => null, (caught: unknown) => caught);
    expect(translateDbError(error)).toEqual({
      status: 409,
      message: { key: "relation_exists" },
      fields: { non_field_errors: [{ key: "member_relation_exists" }] },
    });
  });

  it("`pnpm cli user create` racing itself: one creates the user, the others print one line and exit 1", async () => {
    const io = (): CliIo & { lines: string[] } => {
      const lines: string[] = [];
      return {
        lines,
        out: () => {},
        err: (line) => lines.push(line),
        open: async () => ({ orm: t.db.orm, close: async () => {} }),
      };
    };
    const runs = Array.from({ length: 5 }, () => io());
    const argv = ["user", "create", "--username", `cli-racer-${process.pid}`, "--password", "racing-password", "--role", "admin"];
    const codes = await Promise.all(runs.map((run) => runCli(argv, run)));
    expect(codes.sort()).toEqual([0, 1, 1, 1, 1]);
    for (const run of runs.filter((candidate) => candidate.lines.length > 0)) {
      expect(run.lines).toEqual([expect.stringMatching(/^error: (A user with this username already exists\.|a user named "cli-racer-\d+" already exists)$/)]);
    }
  });
});
