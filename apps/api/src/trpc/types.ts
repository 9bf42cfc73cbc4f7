import type { Principal } from "../auth/authenticate";
import type { ProcedureContext } from "./context";

/** The context behind authedProcedure and adminProcedure: the caller is known. */
export type AuthedContext = ProcedureContext & { principal: Principal };

/** What a handler receives: a narrow `{ ctx, input }`, as in cal.com's *.handler.ts files. */
export type HandlerOptions<Input, Ctx = AuthedContext> = { ctx: Ctx; input: Input };
