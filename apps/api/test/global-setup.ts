import type { TestProject } from "vitest/node";
import { startTestServer } from "@customer-hub/db/testing";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

/** One PostgreSQL for the whole run (DATABASE_URL's, or an embedded one); each file makes its own database. */
export default async function setup(project: TestProject) {
  const server = await startTestServer(process.env.DATABASE_URL);
  project.provide("pgServerUrl", server.serverUrl);
  return server.stop;
}
