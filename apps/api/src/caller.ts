import { randomBytes } from "node:crypto";

import type { Orm } from "@customer-hub/db";

import type { Principal } from "./auth/authenticate";
import { PrincipalCache } from "./auth/principal-cache";
import { createTokenService } from "./auth/tokens";
import { DEFAULT_LIMITS } from "./env";
import { appRouter } from "./routers/root";
import { createContextInner, type Context, type Services } from "./trpc/context";
import { createCallerFactory } from "./trpc/init";

const createCaller = createCallerFactory(appRouter);

export type AdminCaller = ReturnType<typeof createCaller>;

/**
 * The API's own procedures, called in process as `principal`: the same validation, rules, locks,
 * primary-contact sync and count triggers as a request. A call made inside an open transaction
 * joins it (see `forkEntityManager`), so a script can make many calls all or nothing. The seed
 * writes through it; tests call handlers through it (test/caller.ts).
 */
export function callerAs(orm: Orm, principal: Principal, headers: Pick<Partial<Context>, "tenantHeader"> = {}): AdminCaller {
  const services: Services = {
    orm,
    limits: DEFAULT_LIMITS,
    principals: new PrincipalCache(),
    recordKeyUse: () => {},
    // The principal is given, so no token is ever signed or verified; the key only has to exist.
    tokens: createTokenService({ secret: randomBytes(32).toString("hex"), accessTtlSeconds: 60, refreshTtlSeconds: 60 }),
  };
  return createCaller(createContextInner({ services, principal, ...headers }));
}
