import { router } from "../trpc/init";
import { authRouter } from "./auth/router";
import { customersRouter } from "./customers/router";
import { followUpsRouter } from "./follow-ups/router";
import { memberRelationsRouter } from "./relations/member-relations.router";
import { membersRouter } from "./members/router";
import { tenantRelationsRouter } from "./relations/tenant-relations.router";
import { tenantViewRouter } from "./tenant-view/router";
import { tenantsRouter } from "./tenants/router";

// REST paths are matched in this order: the relation routers' fixed paths
// (/customers/members/relations/…, /customers/tenants/relations/…, /customers/tenants/view/…)
// come before customers' `/customers/{id}`.
export const appRouter = router({
  auth: authRouter,
  memberRelations: memberRelationsRouter,
  tenantRelations: tenantRelationsRouter,
  tenantView: tenantViewRouter,
  customers: customersRouter,
  followUps: followUpsRouter,
  members: membersRouter,
  tenants: tenantsRouter,
});

export type AppRouter = typeof appRouter;
