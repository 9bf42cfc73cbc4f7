import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const packageRoot = path.resolve(import.meta.dirname, "..");
const repositoryRoot = path.resolve(packageRoot, "../..");
const tsc = path.join(packageRoot, "node_modules/typescript/bin/tsc");

/** pnpm as the test was started with (`pnpm test` sets npm_execpath), else the pinned one from npm. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd })
    : run("npx", ["--yes", "pnpm@10.34.8", ...args], { cwd });
}

/** The README's client samples, as a reader copies them. */
async function readmeSamples(): Promise<string[]> {
  const readme = await readFile(path.join(repositoryRoot, "README.md"), "utf8");
  const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .filter((sample) => sample.includes('from "@customer-hub/client"'));
  if (samples.length === 0) throw new Error("README.md has no client sample");
  return samples;
}

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2023", "dom"],
    types: ["node"],
    outDir: "out",
    skipLibCheck: false,
  },
  include: ["*.ts"],
};

/** A consumer app: the calls an internal app makes, and the checks that results are typed, not `any`. */
const CONSUMER_MAIN = `import { createClient, errorEnvelope, isClientError, type Customer } from "@customer-hub/client";
import { token, url } from "./config.js";

const api = createClient({ url, token });

const created: Customer = await api.customers.create.mutate({ name: "上海普全公司", type: "company" });
// @ts-expect-error a customer's id is a number: assigning it to a string must not compile
const asText: string = created.id;
void asText;

const got = await api.customers.get.query({ id: created.id });
const page = await api.customers.list.query({ page: 1, page_size: 100, status: "active" });
const batch = await Promise.all(
  Array.from({ length: 10 }, (_, index) => api.customers.create.mutate({ name: \`consumer-\${index}\`, type: "individual" })),
);

let refused: unknown = null;
try {
  await api.customers.create.mutate({ name: "", type: "company" });
} catch (error) {
  refused = isClientError(error) ? { code: error.data?.code, httpStatus: error.data?.httpStatus, envelope: errorEnvelope(error) } : String(error);
}

console.log(JSON.stringify({
  created: created.name,
  gotSame: got.id === created.id,
  listed: page.results.some((customer) => customer.id === created.id),
  batchNames: batch.map((customer) => customer.name),
  batchIds: new Set(batch.map((customer) => customer.id)).size,
  refused,
}));
`;

describe("the packed client, installed outside the monorepo", () => {
  let consumer: string;
  let tarball: string;

  beforeAll(async () => {
    consumer = await mkdtemp(path.join(tmpdir(), "customer-hub-consumer-"));
    await pnpm(["pack", "--pack-destination", consumer], packageRoot);
    tarball = (await readdir(consumer)).find((file) => file.endsWith(".tgz"))!;
    await writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // Only the registry's packages: tRPC (the client's dependencies) and Node's types for the README sample.
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`, "@types/node@20"], { cwd: consumer });
  }, 240_000);

  afterAll(async () => {
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it("is one tarball of JavaScript and declarations that name no workspace package", async () => {
    const { stdout } = await run("tar", ["tzf", path.join(consumer, tarball)]);
    expect(stdout.split("\n").filter(Boolean).sort()).toEqual([
      "package/dist/api-types.d.ts",
      "package/dist/index.d.ts",
      "package/dist/index.js",
      "package/package.json",
    ]);
    const installed = path.join(consumer, "node_modules/@customer-hub/client");
    const manifest = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@trpc/client", "@trpc/server"]);
    for (const file of ["dist/index.js", "dist/index.d.ts", "dist/api-types.d.ts"]) {
      expect(await readFile(path.join(installed, file), "utf8")).not.toMatch(/@customer-hub\/|@mikro-orm|fastify|from "zod"|trpc-to-openapi/);
    }
  });

  it("type-checks a strict nodenext consumer, and the README samples, with results typed (not any)", async () => {
    await writeFile(path.join(consumer, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    await writeFile(path.join(consumer, "config.ts"), `export const url: string = "";\nexport const token: string = "";\n`);
    await writeFile(path.join(consumer, "main.ts"), CONSUMER_MAIN);
    for (const [index, sample] of (await readmeSamples()).entries()) {
      await writeFile(path.join(consumer, `readme-sample-${index}.ts`), `${sample}\nexport {};\n`);
    }
    const started = performance.now();
    await run(process.execPath, [tsc, "-p", "."], { cwd: consumer }).catch((error: { stdout: string }) => {
      throw new Error(`the consumer does not compile:\n${error.stdout}`);
    });
    console.log(`consumer type-check and emit: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Without the @ts-expect-error's target being an error, tsc reports the directive as unused.
    await writeFile(path.join(consumer, "main.ts"), CONSUMER_MAIN.replace("const asText: string = created.id;", "const asText: number = created.id;"));
    const loose = await run(process.execPath, [tsc, "-p", ".", "--noEmit"], { cwd: consumer }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(loose).toMatch(/TS2578: Unused '@ts-expect-error' directive/);
    await writeFile(path.join(consumer, "main.ts"), CONSUMER_MAIN);
  }, 300_000);

  it("runs against the live API: create, get, list, ten concurrent creates, and a refused input", async () => {
    await writeFile(
      path.join(consumer, "out/config.js"),
      `export const url = ${JSON.stringify(inject("apiUrl"))};\nexport const token = ${JSON.stringify(inject("adminToken"))};\n`,
    );
    const { stdout } = await run(process.execPath, ["out/main.js"], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({
      created: "上海普全公司",
      gotSame: true,
      listed: true,
      batchNames: Array.from({ length: 10 }, (_, index) => `consumer-${index}`),
      batchIds: 10,
      refused: {
        code: "BAD_REQUEST",
        httpStatus: 400,
        envelope: { success: false, code: 4000, message: "请求参数错误", errors: { name: ["该字段不能为空。"] } },
      },
    });
  });

  it("bundles for the browser without any server code", async () => {
    const result = await build({
      entryPoints: [path.join(consumer, "node_modules/@customer-hub/client/dist/index.js")],
      absWorkingDir: consumer,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /fastify|mikro-orm|zod|pg\/|apps\/api|trpc-to-openapi/.test(input))).toEqual([]);
    const bytes = result.outputFiles[0]!.contents.byteLength;
    console.log(`browser bundle of the client: ${(bytes / 1024).toFixed(1)} KiB minified, ${inputs.length} modules`);
    expect(bytes).toBeLessThan(64 * 1024);
  });
});
