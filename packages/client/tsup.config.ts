import { defineConfig } from "tsup";

// The published JavaScript: one ESM file. The workspace's limits module is bundled in; tRPC stays a
// dependency. Declarations come from scripts/emit-declarations.ts, not from tsup.
export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  clean: true,
  external: ["@trpc/client", "@trpc/server"],
  noExternal: [/^@customer-hub\//],
});
