import { defineConfig } from "tsup";

// One self-contained ESM build of the server and the CLI: our workspace packages are bundled
// (they ship TypeScript sources), npm dependencies stay external and load from node_modules.
export default defineConfig({
  entry: { server: "src/server.ts", cli: "src/cli/index.ts" },
  format: "esm",
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@customer-hub\//],
});
