export { provideTestServer as default } from "@customer-hub/db/testing";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
