/**
 * Writes a migration for whatever the entities changed, against a scratch database migrated to
 * the current head. Run with `pnpm --filter @customer-hub/db migration:create`; then add the new
 * class to `src/migrations/index.ts`.
 */
import { createTestDatabase, startTestServer } from "../testing";

const server = await startTestServer(process.env.DATABASE_URL);
const db = await createTestDatabase(server.serverUrl);
try {
  const result = await db.orm.getMigrator().createMigration(undefined, false, process.argv[2] === "--initial");
  console.log(result.fileName ? `created ${result.fileName}` : "no changes: entities match the migrations");
} finally {
  await db.drop();
  await server.stop();
}
