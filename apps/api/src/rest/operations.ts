import type { AnyRouter } from "@trpc/server";
import { forEachOpenApiProcedure, getPathParameters, getPathRegExp, normalizePath, type OpenApiMethod } from "trpc-to-openapi";
import type { z } from "zod";

import type { Meta } from "../trpc/init";

/** A router mounted as REST: where, and whether its successes are wrapped in the envelope. */
export type RestSurface = {
  router: AnyRouter;
  /** e.g. `/api/v1` (paths.ts). */
  basePath: string;
  /** The legacy API answers bare successes (seed 004); errors are enveloped everywhere. */
  enveloped: boolean;
};

/** A REST operation of a router, as its procedure's meta declares it. */
export type RestOperation = {
  /** The procedure's tRPC path, e.g. `customers.list`. */
  procedurePath: string;
  method: OpenApiMethod;
  /** The REST path below the base path, normalised (`/customers/{id}`). */
  path: string;
  /** trpc-to-openapi's own pattern for the path, so matching here is matching there. */
  pattern: RegExp;
  /** The path's segments, `null` where a segment is a parameter. */
  segments: (string | null)[];
  successStatus: 200 | 201 | 204;
  meta: Meta;
  /** The last input parser (the one that carries the input's component id). */
  input: z.ZodType | undefined;
};

const segmentsOf = (path: string) => path.split("/").slice(1).map((segment) => (/^\{.+\}$/.test(segment) ? null : segment));

/**
 * Every REST operation of the router in declaration order, which is the order trpc-to-openapi
 * tries them in. The one place that reads procedure meta: the REST layer, the OpenAPI document
 * and the tests' conformance helper all start from this list.
 */
export function restOperations(router: AnyRouter): RestOperation[] {
  const operations: RestOperation[] = [];
  forEachOpenApiProcedure(router._def.procedures, ({ path: procedurePath, procedure, meta }) => {
    const path = normalizePath(meta.openapi.path);
    const inputs = (procedure as unknown as { _def: { inputs: z.ZodType[] } })._def.inputs;
    operations.push({
      procedurePath,
      method: meta.openapi.method,
      path,
      pattern: getPathRegExp(path),
      segments: segmentsOf(path),
      successStatus: (meta as Meta).successStatus ?? 200,
      meta: meta as Meta,
      input: inputs.at(-1),
    });
  });
  return operations;
}

/** The path parameters of an operation's path, in order. */
export const pathParameters = (operation: RestOperation) => getPathParameters(operation.path);

/**
 * Which of two paths wins a request that both match, as a router decides: at the first segment
 * where they differ, a literal beats a parameter (`/customers/statistics` before `/customers/{id}`).
 * `-1`: `a` wins, `1`: `b` wins, `0`: no request matches both, or they are the same path.
 */
function precedence(a: RestOperation, b: RestOperation): -1 | 0 | 1 {
  if (a.segments.length !== b.segments.length) return 0;
  const same = (left: string | null, right: string | null) => left === null || right === null || left.toLowerCase() === right.toLowerCase();
  if (!a.segments.every((segment, index) => same(segment, b.segments[index] ?? null))) return 0;
  const index = a.segments.findIndex((segment, at) => (segment === null) !== (b.segments[at] === null));
  if (index === -1) return 0;
  return a.segments[index] === null ? 1 : -1;
}

/**
 * trpc-to-openapi answers a request with the first declared operation that matches; that is only
 * right when every more literal path is declared before the paths it shadows. Checked at start-up,
 * so a router file that breaks it stops the server from starting rather than misroute requests.
 */
export function assertDeclarationOrder(operations: RestOperation[]): void {
  for (const [index, later] of operations.entries()) {
    for (const earlier of operations.slice(0, index)) {
      if (precedence(earlier, later) === 1) {
        throw new Error(
          `REST path ${later.path} (${later.procedurePath}) is more literal than ${earlier.path} (${earlier.procedurePath}) but declared after it: declare it first`,
        );
      }
    }
  }
}

/**
 * A lookup of the operations of the path a request names, whatever their method: those of the
 * first declared path that matches (the most literal, given assertDeclarationOrder). Empty for an
 * unknown path. Paths are grouped once, so a request tests each distinct path at most once.
 */
export function operationsAtPath(operations: RestOperation[]): (path: string) => RestOperation[] {
  const byPath = new Map<string, RestOperation[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  const groups = [...byPath.values()].map((group) => ({ pattern: group[0]!.pattern, group }));
  return (path) => groups.find(({ pattern }) => pattern.test(path))?.group ?? [];
}
