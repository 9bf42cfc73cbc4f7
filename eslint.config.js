// One flat config for the whole workspace, run once from the root by `pnpm lint` (no type
// information: the typecheck already has it, and this stays a matter of seconds).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** STYLE.md: `apps/api/src/env.ts` is the only reader of the environment. */
const ENV_ONLY_IN_ENV_TS = "Read settings through apps/api/src/env.ts (loadEnv), or take them as an argument.";

export default defineConfig(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.data/**", "**/.turbo/**", "**/coverage/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // The codebase writes `import { x, type T }`; verbatimModuleSyntax keeps type-only imports out
      // of the emitted JavaScript, this keeps them marked so.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: ENV_ONLY_IN_ENV_TS }],
      "no-restricted-imports": [
        "error",
        { paths: ["process", "node:process"].map((name) => ({ name, importNames: ["env"], message: ENV_ONLY_IN_ENV_TS })) },
      ],
    },
  },
  {
    // Not the server: each of these runs with the environment of its own process, never in the app.
    // - env.ts: the one reader the rule exists for;
    // - tests and their vitest setups: DATABASE_URL picks the test PostgreSQL, npm_execpath the pnpm
    //   that runs `pnpm start`, FUZZ_* the fuzz runs; children get a copy of the environment;
    // - the benchmark: BENCH_* and the servers it spawns are configured by the environment;
    // - packages/db's migration:create script: a developer's command, DATABASE_URL as in the tests.
    files: [
      "apps/api/src/env.ts",
      "**/test/**/*.ts",
      "apps/api/bench/**/*.ts",
      "packages/db/src/scripts/**/*.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
