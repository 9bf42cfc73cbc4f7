import { Migration } from '@mikro-orm/migrations';

/**
 * No parallel workers for reads of `customer`. The API never scans the table (maintained counts,
 * search and order indexes), yet the planner, estimating a rare 2-character term's gram matches
 * at ~2,800 rows (the array statistics' floor) where there are 100, put a Gather over the bitmap
 * scan: starting the worker took ~5.6 ms of a 5.8 ms count (0.18 ms without it, EXPLAIN ANALYZE,
 * 1M customers). Under concurrent requests a worker only takes a core another request needed.
 */
export class Migration20261202150000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "customer" set (parallel_workers = 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer" reset (parallel_workers);`);
  }

}
