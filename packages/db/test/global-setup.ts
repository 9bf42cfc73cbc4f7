export { provideTestServer as default } from "../src/testing";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
