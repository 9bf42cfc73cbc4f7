import type { EntityManager } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { CustomerSchema } from "../src/entities";
import { createTestDatabase, type TestDatabase } from "../src/testing";
import { DatabaseBusyError, LOCK_TIMEOUT_MS, TRANSACTION_ATTEMPTS, writeTransaction } from "../src/transactions";

/** An error as pg reports one, with its SQLSTATE in `code`. */
const sqlError = (code: string) => Object.assign(new Error(`fake ${code}`), { code });

const lockRow = (em: EntityManager, id: number) =>
  em.getConnection().execute("select id from customer where id = ? for update", [id], "all", em.getTransactionContext());

/** A promise and the function that settles it, to make two transactions meet. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("writeTransaction", () => {
  let db: TestDatabase;
  let ids: number[];
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgServerUrl"));
    const em = db.orm.em.fork();
    const rows = [em.create(CustomerSchema, { name: "a", type: "company" }), em.create(CustomerSchema, { name: "b", type: "company" })];
    await em.flush();
    ids = rows.map((row) => row.id);
  });
  afterAll(() => db.drop());

  it("sets lock_timeout (LOCK_TIMEOUT_MS unless told otherwise) for the transaction only", async () => {
    const em = db.orm.em.fork();
    const inside = await writeTransaction(em, (tx) =>
      tx.getConnection().execute<{ lock_timeout: string }[]>("show lock_timeout", [], "all", tx.getTransactionContext()),
    );
    expect(inside[0]!.lock_timeout).toBe(`${LOCK_TIMEOUT_MS / 1000}s`);
    const told = await writeTransaction(
      em,
      (tx) => tx.getConnection().execute<{ lock_timeout: string }[]>("show lock_timeout", [], "all", tx.getTransactionContext()),
      { lockTimeoutMs: 250 },
    );
    expect(told[0]!.lock_timeout).toBe("250ms");
    const outside = await em.getConnection().execute<{ lock_timeout: string }[]>("show lock_timeout");
    expect(outside[0]!.lock_timeout).toBe("0");
  });

  it("runs the whole transaction again after a serialization failure (40001)", async () => {
    let attempts = 0;
    const result = await writeTransaction(db.orm.em.fork(), async () => {
      attempts++;
      if (attempts === 1) throw sqlError("40001");
      return "done";
    });
    expect({ result, attempts }).toEqual({ result: "done", attempts: 2 });
  });

  it("resolves a real deadlock (40P01) between two transactions locking in opposite order", async () => {
    const attempts = [0, 0];
    const bothHoldOne = [gate(), gate()];
    const run = (index: 0 | 1, first: number, second: number) =>
      writeTransaction(db.orm.em.fork(), async (tx) => {
        attempts[index]!++;
        await lockRow(tx, first);
        if (attempts[index] === 1) {
          // The first attempts wait for each other, so each holds one row and asks for the other's.
          bothHoldOne[index]!.open();
          await bothHoldOne[1 - index]!.opened;
        }
        await lockRow(tx, second);
        return index;
      });

    const results = await Promise.all([run(0, ids[0]!, ids[1]!), run(1, ids[1]!, ids[0]!)]);
    expect(results).toEqual([0, 1]);
    // PostgreSQL aborted exactly one of them; it ran again and succeeded.
    expect(attempts.sort()).toEqual([1, 2]);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts with DatabaseBusyError, nothing stored`, async () => {
    let attempts = 0;
    const failing = writeTransaction(db.orm.em.fork(), async (tx) => {
      attempts++;
      await tx.getConnection().execute("update customer set notes = 'lost' where id = ?", [ids[0]], "run", tx.getTransactionContext());
      throw sqlError("40P01");
    });
    await expect(failing).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(failing).rejects.toMatchObject({ sqlState: "40P01", attempts: TRANSACTION_ATTEMPTS });
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
    const [row] = await db.orm.em.getConnection().execute<{ notes: string | null }[]>("select notes from customer where id = ?", [ids[0]]);
    expect(row!.notes).toBeNull();
  });

  it("answers a lock held longer than lock_timeout with DatabaseBusyError 55P03, without retrying", async () => {
    const holder = db.orm.em.fork();
    const held = gate();
    const release = gate();
    const holding = holder.transactional(async (tx) => {
      await lockRow(tx, ids[1]!);
      held.open();
      await release.opened;
    });
    await held.opened;
    let attempts = 0;
    try {
      const waiting = writeTransaction(
        db.orm.em.fork(),
        async (tx) => {
          attempts++;
          await lockRow(tx, ids[1]!);
        },
        { lockTimeoutMs: 100 },
      );
      await expect(waiting).rejects.toMatchObject({ name: "DatabaseBusyError", sqlState: "55P03", attempts: 1 });
      expect(attempts).toBe(1);
    } finally {
      release.open();
      await holding;
    }
  });

  it("lets every other error through as it is", async () => {
    const failure = new Error("not a database problem");
    await expect(writeTransaction(db.orm.em.fork(), async () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(writeTransaction(db.orm.em.fork(), async () => Promise.reject(sqlError("23505")))).rejects.toMatchObject({ code: "23505" });
  });

  it("joins a transaction it is called in instead of nesting a retry", async () => {
    const em = db.orm.em.fork();
    const inner = await em.transactional((tx) => writeTransaction(tx, async (joined) => joined === tx));
    expect(inner).toBe(true);
  });
});
