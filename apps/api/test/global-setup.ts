import type { TestProject } from "vitest/node";

import { provideTestServer } from "@customer-hub/db/testing";

// DATABASE_URL names the PostgreSQL server the tests run on; unset, an embedded one.
export default (project: TestProject) => provideTestServer(project, process.env.DATABASE_URL);

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
