import type { Principal } from "../src/auth/authenticate";
import { callerAs } from "../src/caller";
import { toApiError, toEnvelope } from "../src/trpc/errors";
import type { TestContext } from "./helpers";

type CallerOptions = {
  /** Who calls; the admin of setupTestApp unless said. */
  as?: Principal;
  /** `X-Tenant-ID`, for an admin reading the tenant view. */
  tenantHeader?: string;
};

/**
 * The app's router called in process (src/caller.ts) on the test's database, as `options.as`:
 * every procedure's middleware (access, the write transaction, input and output validation) runs,
 * but no HTTP, JSON or OpenAPI mapping, so a handler-level test is quick. Answers are the
 * procedures' own values; a refusal is thrown as the tRPC error, which `refusal` turns into the
 * envelope REST would answer.
 */
export function caller(context: TestContext, options: CallerOptions = {}) {
  return callerAs(context.db.orm, options.as ?? context.principals.admin, { tenantHeader: options.tenantHeader });
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
