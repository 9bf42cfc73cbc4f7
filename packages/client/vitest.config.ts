import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real API on a real port, for test/e2e.test.ts.
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    // `*.test-d.ts` files are checked by tsc, never run: they prove what must (not) compile.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
