import type { Principal } from "../src/auth/authenticate";
import { PrincipalCache } from "../src/auth/principal-cache";
import { createTokenService } from "../src/auth/tokens";
import { DEFAULT_LIMITS } from "../src/env";
import { appRouter } from "../src/routers/root";
import { createContextInner, type Services } from "../src/trpc/context";
import { toApiError, toEnvelope } from "../src/trpc/errors";
import { createCallerFactory } from "../src/trpc/init";
import { TEST_JWT_SECRET, type TestContext } from "./helpers";

const createCaller = createCallerFactory(appRouter);

/** What a procedure needs beyond HTTP, on the test's database; nothing here listens or caches. */
function servicesOf(context: TestContext): Services {
  return {
    orm: context.db.orm,
    tokens: createTokenService({ secret: TEST_JWT_SECRET, accessTtlSeconds: 600, refreshTtlSeconds: 3600 }),
    principals: new PrincipalCache(),
    limits: DEFAULT_LIMITS,
    recordKeyUse: () => {},
  };
}

type CallerOptions = {
  /** Who calls; the admin of setupTestApp unless said. */
  as?: Principal;
  /** `X-Tenant-ID`, for an admin reading the tenant view. */
  tenantHeader?: string;
};

/**
 * The app's router called in process, as `options.as`: every procedure's middleware (access,
 * the write transaction, input and output validation) runs, but no HTTP, JSON or OpenAPI mapping,
 * so a handler-level test is quick. Answers are the procedures' own values; a refusal is thrown
 * as the tRPC error, which `refusal` turns into the envelope REST would answer.
 */
export function caller(context: TestContext, options: CallerOptions = {}) {
  return createCaller(
    createContextInner({
      services: servicesOf(context),
      principal: options.as ?? context.principals.admin,
      tenantHeader: options.tenantHeader,
    }),
  );
}

/** The status and envelope (Chinese messages) of a call that must fail; throws if it succeeds. */
export async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const apiError = toApiError(error);
    return { status: apiError.status, ...toEnvelope(apiError, "zh") };
  }
  throw new Error("the call succeeded");
}
