import type { Principal } from "../auth/authenticate";
import { authenticate } from "../auth/authenticate";
import { forbidden, unauthorized } from "./errors";
import { procedure } from "./init";

export const publicProcedure = procedure.meta({ access: "public" });

/** Any signed-in user; narrows `ctx.principal` to non-null. */
export const authedProcedure = procedure.meta({ access: "authenticated" }).use(async ({ ctx, next }) => {
  const principal: Principal | null =
    ctx.principal ?? (await authenticate(ctx.em, ctx.services.tokens, ctx.authorization));
  if (!principal) throw unauthorized();
  return next({ ctx: { ...ctx, principal } });
});

/** IsAdmin (CONTRACT §4). */
export const adminProcedure = authedProcedure.meta({ access: "admin" }).use(({ ctx, next }) => {
  if (ctx.principal.role !== "admin") throw forbidden();
  return next({ ctx });
});
