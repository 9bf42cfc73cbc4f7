/**
 * Writes the published package's declarations, `dist/index.d.ts` and `dist/api-types.d.ts`, in which
 * the API's router and the domain's types are spelled out structurally. A consumer's compiler then
 * needs only `@trpc/client` and `@trpc/server`: it never sees the server's source, MikroORM, Fastify,
 * zod or trpc-to-openapi, and type-checks in a fraction of the time.
 *
 * Bundlers of declarations (rollup-plugin-dts, API Extractor) keep type references as written, so
 * `AppRouter` would still name the server's context and the zod schemas; here the type checker
 * resolves every procedure's input and output and this file prints what it resolved.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";

const packageRoot = path.resolve(import.meta.dirname, "..");
const entry = path.join(packageRoot, "src/index.ts");
const outDir = path.join(packageRoot, "dist");
/** The module the published declarations import the spelled-out types from. */
const TYPES_MODULE = "./api-types.js";
/** Module specifiers of the monorepo that the published declarations must not mention. */
const INTERNAL_MODULES = ["@customer-hub/api/router", "@customer-hub/domain", "@customer-hub/domain/limits"];

// A file that names what is to be spelled out, compiled with the package's own settings.
const probe = path.join(packageRoot, "src/__declarations_probe__.ts");
const probeText = `export type { AppRouter } from "@customer-hub/api/router";\nexport type * from "@customer-hub/domain";\n`;

const parsed = ts.getParsedCommandLineOfConfigFile(path.join(packageRoot, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
  },
});
if (!parsed) throw new Error("cannot read tsconfig.json");
const options: ts.CompilerOptions = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true };
const host = ts.createCompilerHost(options);
const readSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, language, onError, fresh) =>
  path.resolve(fileName) === probe ? ts.createSourceFile(fileName, probeText, language) : readSourceFile(fileName, language, onError, fresh);
const fileExists = host.fileExists.bind(host);
host.fileExists = (fileName) => path.resolve(fileName) === probe || fileExists(fileName);

const program = ts.createProgram({ rootNames: [entry, probe], options, host });
const errors = ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
if (errors.length > 0) {
  throw new Error(ts.formatDiagnostics(errors, { ...host, getNewLine: () => "\n", getCanonicalFileName: (name) => name }));
}
const checker = program.getTypeChecker();

const probeModule = checker.getSymbolAtLocation(program.getSourceFile(probe)!)!;
const exported = checker.getExportsOfModule(probeModule).map((symbol) => {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return { name: symbol.getName(), symbol: target };
});

const typeParametersOf = (symbol: ts.Symbol) =>
  (symbol.declarations?.find(ts.isTypeAliasDeclaration)?.typeParameters ?? []).map((parameter) => parameter.getText());

/** Named types the printer refers to by name instead of spelling them out again (generic ones excepted). */
const names = new Map<ts.Type, string>();
const domainTypes = exported.filter(({ name, symbol }) => name !== "AppRouter" && symbol.flags & ts.SymbolFlags.TypeAlias);
for (const { name, symbol } of domainTypes) {
  const declared = checker.getDeclaredTypeOfSymbol(symbol);
  if (!names.has(declared) && typeParametersOf(symbol).length === 0) names.set(declared, name);
}

const isIdentifier = (name: string) => /^[A-Za-z_$][\w$]*$/.test(name);
const propertyKey = (name: string) => (isIdentifier(name) ? name : JSON.stringify(name));
const wrap = (text: string) => (/[|&]/.test(text) ? `(${text})` : text);

/** Prints `type` as a TypeScript type expression built only from literals, objects and the names above. */
function print(type: ts.Type, depth = 0, own?: string): string {
  if (depth > 40) throw new Error(`type too deep to print: ${checker.typeToString(type)}`);
  const named = names.get(type);
  if (named && named !== own) return named;
  const next = (inner: ts.Type) => print(inner, depth + 1);
  const flags = type.flags;
  if (flags & ts.TypeFlags.Any) return "any";
  if (flags & ts.TypeFlags.Unknown) return "unknown";
  if (flags & ts.TypeFlags.Never) return "never";
  if (flags & ts.TypeFlags.Void) return "void";
  if (flags & ts.TypeFlags.Undefined) return "undefined";
  if (flags & ts.TypeFlags.Null) return "null";
  if (flags & ts.TypeFlags.String) return "string";
  if (flags & ts.TypeFlags.Number) return "number";
  if (flags & ts.TypeFlags.Boolean) return "boolean";
  if (flags & ts.TypeFlags.BigInt) return "bigint";
  if (flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type);
  if (type.isStringLiteral()) return JSON.stringify(type.value);
  if (type.isNumberLiteral()) return String(type.value);
  if (flags & ts.TypeFlags.TypeParameter) return type.symbol.getName();
  if (type.isUnion()) {
    const members = type.types.map(next);
    // `true | false` is how the checker stores `boolean` inside a union.
    const collapsed = members.includes("true") && members.includes("false")
      ? ["boolean", ...members.filter((member) => member !== "true" && member !== "false")]
      : members;
    return [...new Set(collapsed)].join(" | ");
  }
  if (type.isIntersection()) return type.types.map((member) => wrap(next(member))).join(" & ");
  if (flags & ts.TypeFlags.Object) {
    if (checker.isArrayType(type)) return `${wrap(next(checker.getTypeArguments(type as ts.TypeReference)[0]!))}[]`;
    if (checker.isTupleType(type)) return `[${checker.getTypeArguments(type as ts.TypeReference).map(next).join(", ")}]`;
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new Error(`a function type cannot cross the API: ${checker.typeToString(type)}`);
    }
    const members: string[] = [];
    for (const info of checker.getIndexInfosOfType(type)) {
      members.push(`[key: ${next(info.keyType)}]: ${next(info.type)};`);
    }
    for (const property of checker.getPropertiesOfType(type)) {
      const optional = property.flags & ts.SymbolFlags.Optional ? "?" : "";
      members.push(`${propertyKey(property.getName())}${optional}: ${next(checker.getTypeOfSymbol(property))};`);
    }
    return members.length === 0 ? "{}" : `{ ${members.join(" ")} }`;
  }
  throw new Error(`cannot print type ${checker.typeToString(type)} (flags ${flags})`);
}

const propertyType = (type: ts.Type, name: string) => {
  const property = type.getProperty(name);
  if (!property) throw new Error(`no property ${name} on ${checker.typeToString(type)}`);
  return checker.getTypeOfSymbol(property);
};

/** The router record, procedure by procedure, as `TRPCQueryProcedure` / `TRPCMutationProcedure`. */
function printRecord(record: ts.Type, depth: number): string {
  const indent = "  ".repeat(depth + 1);
  const entries = checker.getPropertiesOfType(record).map((entry) => {
    const value = checker.getTypeOfSymbol(entry);
    const definition = value.getProperty("_def") ? propertyType(value, "_def") : undefined;
    if (!definition?.getProperty("procedure")) {
      // A sub-router: its own record (or, for a plain nested object, the object itself).
      const nested = definition?.getProperty("record") ? propertyType(definition, "record") : value;
      return `${indent}${propertyKey(entry.getName())}: ${printRecord(nested, depth + 1)};`;
    }
    const kind = (propertyType(definition, "type") as ts.StringLiteralType).value;
    const types = propertyType(definition, "$types");
    const procedure = kind === "query" ? "TRPCQueryProcedure" : kind === "mutation" ? "TRPCMutationProcedure" : undefined;
    if (!procedure) throw new Error(`${entry.getName()}: ${kind} procedures are not supported by the client`);
    const input = print(propertyType(types, "input"), depth);
    const output = print(propertyType(types, "output"), depth);
    return `${indent}${propertyKey(entry.getName())}: ${procedure}<{ input: ${input}; output: ${output}; meta: object }>;`;
  });
  return `{\n${entries.join("\n")}\n${"  ".repeat(depth)}}`;
}

const appRouter = checker.getDeclaredTypeOfSymbol(exported.find(({ name }) => name === "AppRouter")!.symbol);
const routerDefinition = propertyType(appRouter, "_def");
const rootTypes = propertyType(propertyType(routerDefinition, "_config"), "$types");
const errorShape = print(propertyType(rootTypes, "errorShape"));

const declarations = domainTypes.map(({ name, symbol }) => {
  const parameters = typeParametersOf(symbol);
  const generics = parameters.length > 0 ? `<${parameters.join(", ")}>` : "";
  return `export type ${name}${generics} = ${print(checker.getDeclaredTypeOfSymbol(symbol), 0, name)};`;
});

const apiTypes = [
  "// Generated by scripts/emit-declarations.ts from the API's router and the domain's schemas. Do not edit.",
  'import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure } from "@trpc/server";',
  "",
  ...declarations,
  "",
  "/** The API's tRPC router, as its clients see it: every procedure with its input and output. */",
  `export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: ${errorShape}; transformer: false }, ${printRecord(propertyType(routerDefinition, "record"), 0)}>;`,
  "",
].join("\n");

let index: string | undefined;
const emitted = program.emit(program.getSourceFile(entry), (fileName, text) => {
  if (fileName.endsWith("index.d.ts")) index = text;
}, undefined, true);
if (emitted.emitSkipped || index === undefined) throw new Error("emitting src/index.ts's declarations failed");
for (const specifier of INTERNAL_MODULES) index = index.replaceAll(`"${specifier}"`, `"${TYPES_MODULE}"`);
if (/@customer-hub\//.test(index)) throw new Error("dist/index.d.ts still names a workspace package");

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "api-types.d.ts"), apiTypes);
writeFileSync(path.join(outDir, "index.d.ts"), index);
console.log(`declarations: dist/index.d.ts, dist/api-types.d.ts (${(apiTypes.length / 1024).toFixed(1)} KiB)`);
