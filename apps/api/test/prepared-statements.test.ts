import { describe, expect, it } from "vitest";

import { CUSTOMERS, insertCustomers } from "./customers-fixtures";
import { json, request, setupTestApp } from "./helpers";

/**
 * The hot reads run as prepared statements that each pooled connection keeps. A migration applied
 * while a server runs (a rolling deploy: the new version migrates, the old still answers) must
 * not break them: PostgreSQL refuses to run a kept statement whose result columns changed.
 */
describe("prepared statements across a schema change", () => {
  const t = setupTestApp();

  /** As many reads at once as the pool has connections, so every connection has prepared them. */
  async function readEverywhere(id: number) {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => request(t, "GET", index % 2 ? `${CUSTOMERS}${id}/` : `${CUSTOMERS}statistics/`)),
    );
    return answers.map((answer) => answer.statusCode);
  }

  it("keeps answering by id and statistics after a column is added to customer, and after it is dropped", async () => {
    const [id] = await insertCustomers(t, [{ name: "迁移期间的客户" }]);
    const before = json(await request(t, "GET", `${CUSTOMERS}${id}/`));
    expect(await readEverywhere(id!)).toEqual(Array(12).fill(200));

    const connection = t.db.orm.em.getConnection();
    await connection.execute("alter table customer add column added_by_a_later_version int");
    expect(await readEverywhere(id!)).toEqual(Array(12).fill(200));
    expect(json(await request(t, "GET", `${CUSTOMERS}${id}/`))).toEqual(before);

    await connection.execute("alter table customer drop column added_by_a_later_version");
    expect(await readEverywhere(id!)).toEqual(Array(12).fill(200));
    expect(json(await request(t, "GET", `${CUSTOMERS}${id}/`))).toEqual(before);
  });
});
