import { defineConfig } from "tsup";

// One ESM build of the server and the CLI: our workspace packages are bundled (they ship
// TypeScript sources); npm packages stay external and load from node_modules, so every package
// the workspace packages import at run time is also a dependency of apps/api.
export default defineConfig({
  entry: { server: "src/server.ts", cli: "src/cli/index.ts" },
  format: "esm",
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  splitting: true,
  skipNodeModulesBundle: true,
  noExternal: [/^@customer-hub\//],
});
