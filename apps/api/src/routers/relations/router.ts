import type { TRPCMutationProcedure, TRPCQueryProcedure, TRPCRouterRecord } from "@trpc/server";
import { customerIdQuery, idParamInput, noContentSchema } from "@customer-hub/domain";
import type { RelationWith } from "@customer-hub/db";
import type { z } from "zod";

import type { ErrorShape, Meta } from "../../trpc/init";
import { withNoContent } from "../../trpc/no-content";
import { adminProcedure } from "../../trpc/procedures";
import { referencesExist } from "../../trpc/references";
import { liveCustomer } from "../reference-checks";
import { relationHandlers } from "./handlers";
import type { RelationKind, RelationSchemas } from "./kinds";

type Def<Input extends z.ZodType, Output> = { input: z.input<Input>; output: Output; meta: Meta; errorShape: ErrorShape };
type Query<Input extends z.ZodType, Output> = TRPCQueryProcedure<Def<Input, Output>>;
type Mutation<Input extends z.ZodType, Output> = TRPCMutationProcedure<Def<Input, Output>>;

/**
 * The procedures of relationsRouter, each typed by the kind's own schemas. Written out because
 * inside the generic tRPC reads a kind's schemas by RelationSchemas' bounds (`unknown`), which
 * would leave the typed client with no types.
 */
export type RelationsRouter<S extends RelationSchemas> = {
  primary: Query<typeof customerIdQuery, z.output<S["detail"]>>;
  list: Query<S["list"], z.output<S["page"]>>;
  create: Mutation<S["create"], z.output<S["detail"]>>;
  get: Query<typeof idParamInput, z.output<S["detail"]>>;
  update: Mutation<S["update"], z.output<S["detail"]>>;
  delete: Mutation<typeof idParamInput, null>;
  setPrimary: Mutation<typeof idParamInput, z.output<S["detail"]>>;
};

/** What a kind's REST surface says of itself; the rest of every endpoint's docs follows from its party. */
export type RelationSurface = {
  /** `member` or `tenant`: names the base path, tag, operation ids and the summaries. */
  party: "member" | "tenant";
  /** The descriptions that differ between the kinds. */
  describe: { primary: string; create: string; update: string; delete: string; setPrimary: string };
};

/**
 * Every endpoint both relation kinds have (seeds 002, 003), declared once: method, path,
 * operation id, docs, input, output and status. `fixedPaths` are a kind's own procedures on
 * literal paths below the base, declared before `{id}` because trpc-to-openapi takes the first match.
 */
export function relationsRouter<
  T extends RelationWith<P>,
  P extends string,
  Party extends { id: number },
  S extends RelationSchemas,
  Fixed extends TRPCRouterRecord = Record<never, never>,
>(kind: RelationKind<T, P, Party, S>, { party, describe }: RelationSurface, fixedPaths?: Fixed): RelationsRouter<S> & Fixed {
  const { schemas } = kind;
  const handlers = relationHandlers(kind);
  const base = `/customers/${party}s/relations` as const;
  const noun = `customer–${party} relation`;
  const openapi = (operation: string, method: "GET" | "POST" | "PUT" | "DELETE", path: "" | `/${string}`, summary: string, description: string) => ({
    method,
    path: `${base}${path}` as const,
    tags: [`customer-${party}-relations`],
    operationId: `${party}_relations_${operation}`,
    summary,
    description,
  });

  // The handlers take the kind's own input types, which tRPC sees by their bounds here (see
  // RelationsRouter): `as never` lets them through; the schemas before them parse every input.
  return {
    primary: adminProcedure
      .meta({ openapi: { ...openapi("primary", "GET", "/primary", `A customer's primary ${party} relation`, describe.primary), errorResponses: [404] } })
      .input(customerIdQuery)
      .output(schemas.detail)
      .query(handlers.primary),

    ...(fixedPaths as Fixed),

    list: adminProcedure
      .meta({ openapi: openapi("list", "GET", "", `List ${noun}s`, `A page of ${noun}s of customers that are not deleted, newest first unless \`ordering\` says otherwise.`) })
      .input(schemas.list)
      .output(schemas.page)
      .query(handlers.list as never),

    create: adminProcedure
      .meta({ openapi: { ...openapi("create", "POST", "", `Relate a ${party} to a customer`, describe.create), errorResponses: [409] }, successStatus: 201 })
      .use(referencesExist(schemas.create, { customer_id: liveCustomer, [kind.party.field]: kind.party.reference }))
      .input(schemas.create)
      .output(schemas.detail)
      .mutation(handlers.create as never),

    get: adminProcedure
      .meta({ openapi: openapi("get", "GET", "/{id}", `Get a ${noun}`, `One ${noun}.`) })
      .input(idParamInput)
      .output(schemas.detail)
      .query(handlers.get),

    update: adminProcedure
      .meta({ openapi: openapi("update", "PUT", "/{id}", `Update a ${noun}`, describe.update) })
      .input(schemas.update)
      .output(schemas.detail)
      .mutation(handlers.update as never),

    delete: adminProcedure
      .meta({ openapi: openapi("delete", "DELETE", "/{id}", `Delete a (non-primary) ${noun}`, describe.delete), successStatus: 204 })
      .input(idParamInput)
      .output(noContentSchema)
      .mutation(withNoContent(handlers.delete)),

    setPrimary: adminProcedure
      .meta({ openapi: openapi("set_primary", "POST", "/{id}/set-primary", `Make this the customer's primary ${party}`, describe.setPrimary) })
      .input(idParamInput)
      .output(schemas.detail)
      .mutation(handlers.setPrimary),
  } satisfies TRPCRouterRecord as unknown as RelationsRouter<S> & Fixed;
}
