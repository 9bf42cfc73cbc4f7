import { DatabaseBusyError, TenantSchema, writeTransaction } from "@customer-hub/db";
import { bodyIdSchema } from "@customer-hub/domain";
import { experimental_standaloneMiddleware } from "@trpc/server";

import type { Principal } from "../auth/authenticate";
import { authenticate } from "../auth/authenticate";
import { forbidden, invalid, notFound, toApiError, unauthorized, type FieldMessages } from "./errors";
import type { ProcedureContext } from "./context";
import { middleware, procedure } from "./init";

type Visit = { value: unknown; key: string; parent: Visit | null };

const pathOf = (visit: Visit) => {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) keys.unshift(at.key);
  return keys.join(".");
};

/**
 * Paths (`customers.3.name`) of the strings in `value` that hold U+0000. A loop over a stack of
 * visits (each knowing its parent), so neither the call stack nor path copies grow with the depth.
 */
function nulCharacterPaths(value: unknown): string[] {
  const found: string[] = [];
  const pending: Visit[] = [{ value, key: "", parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    if (typeof visit.value === "string") {
      if (visit.value.includes("\u0000")) found.push(pathOf(visit));
    } else if (visit.value !== null && typeof visit.value === "object") {
      const entries = Object.entries(visit.value);
      // Pushed in reverse so fields come out in their own order.
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return found;
}

/**
 * PostgreSQL text cannot hold U+0000: a string with one would fail in the database as a 500.
 * Every procedure refuses it here, before its input is parsed, whatever the field.
 */
const refuseNulCharacters = middleware(async ({ getRawInput, next }) => {
  const paths = nulCharacterPaths(await getRawInput());
  if (paths.length > 0) {
    const fields: FieldMessages = {};
    for (const path of paths) fields[path || "non_field_errors"] = [{ key: "field_null_characters" }];
    throw invalid(fields);
  }
  return next();
});

/**
 * One EntityManager fork per procedure call, never per HTTP request: the calls of a tRPC batch run
 * concurrently within one request, and each needs its own identity map and transaction, as a
 * REST call has. Forking is cheap (no connection is taken until a query runs). The procedure's
 * REST path rides along, so pagination links never repeat it in a handler.
 */
// Keeping the transaction context lets a call made inside an open transaction join it (the seed's
// createCaller calls, all or nothing); a request opens none, so its fork starts outside any.
const forkEntityManager = middleware(({ ctx, meta, next }) =>
  next({ ctx: { em: ctx.services.orm.em.fork({ keepTransactionContext: true }), restPath: meta?.openapi?.path } }),
);

const baseProcedure = procedure.use(refuseNulCharacters).use(forkEntityManager);

/**
 * Every mutation runs, whole, in one write transaction (writeTransaction: lock_timeout, retried on
 * deadlock and serialization failure), with `ctx.em` bound to it. The output is validated inside
 * it too, so an answer that cannot be built rolls the write back instead of failing after commit.
 */
// Standalone, as referencesExist, because it runs after the base procedure, whose fork it reads.
const inWriteTransaction = experimental_standaloneMiddleware<{ ctx: Pick<ProcedureContext, "em" | "services"> }>().create(async ({ ctx, type, next }) => {
  if (type !== "mutation") return next();
  try {
    return await writeTransaction(ctx.em, async (em) => {
      const result = await next({ ctx: { em } });
      // tRPC hands a failure down as a value; throwing it is what rolls the transaction back.
      if (!result.ok) throw result.error;
      return result;
    }, { lockTimeoutMs: ctx.services.lockTimeoutMs });
  } catch (error) {
    // As the ApiError it stands for (503), so that tRPC and REST both answer with its status.
    throw error instanceof DatabaseBusyError ? toApiError(error) : error;
  }
});

export const publicProcedure = baseProcedure.meta({ access: "public" });

/** Any signed-in user; narrows `ctx.principal` to non-null. */
export const authedProcedure = baseProcedure.meta({ access: "authenticated" }).use(async ({ ctx, next }) => {
  const principal: Principal | null =
    ctx.principal ?? (await authenticate(ctx.services, ctx.authorization, ctx.services.recordKeyUse));
  if (!principal) throw unauthorized();
  return next({ ctx: { ...ctx, principal } });
}).use(inWriteTransaction);

/** IsAdmin (CONTRACT §4). */
export const adminProcedure = authedProcedure.meta({ access: "admin" }).use(({ ctx, next }) => {
  if (ctx.principal.role !== "admin") throw forbidden();
  return next({ ctx });
});

/**
 * IsTenantAdmin (CONTRACT §4, §13): a tenant admin reads its own tenant; an admin names one in
 * `X-Tenant-ID`. Narrows `ctx.tenantId`, the only tenant the tenant view's queries may touch.
 */
export const tenantProcedure = authedProcedure.meta({ access: "tenant" }).use(async ({ ctx, next }) => {
  if (ctx.principal.role === "tenant_admin") {
    if (ctx.principal.tenantId === null) throw forbidden();
    return next({ ctx: { ...ctx, tenantId: ctx.principal.tenantId } });
  }
  const header = ctx.tenantHeader?.trim();
  if (!header) throw invalid({ "X-Tenant-ID": [{ key: "field_required" }] });
  const tenantId = bodyIdSchema.safeParse(header);
  if (!tenantId.success) throw invalid({ "X-Tenant-ID": [{ key: "field_invalid_integer" }] });
  if ((await ctx.em.count(TenantSchema, { id: tenantId.data })) === 0) throw notFound("tenant_not_found");
  return next({ ctx: { ...ctx, tenantId: tenantId.data } });
});
