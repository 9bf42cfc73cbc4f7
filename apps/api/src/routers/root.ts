import { router } from "../trpc/init";
import { authRouter } from "./auth/router";
import { customersRouter } from "./customers/router";

export const appRouter = router({
  auth: authRouter,
  customers: customersRouter,
});

export type AppRouter = typeof appRouter;
