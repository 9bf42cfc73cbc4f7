import { router } from "../trpc/init";
import { authRouter } from "./auth/router";
import { customersRouter } from "./customers/router";
import { memberRelationsRouter } from "./member-relations/router";
import { membersRouter } from "./members/router";

// REST paths are matched in this order: the relation routers' fixed paths
// (/customers/members/relations/…) come before customers' `/customers/{id}`.
export const appRouter = router({
  auth: authRouter,
  memberRelations: memberRelationsRouter,
  customers: customersRouter,
  members: membersRouter,
});

export type AppRouter = typeof appRouter;
