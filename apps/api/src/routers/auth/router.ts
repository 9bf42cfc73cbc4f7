import type { TRPCRouterRecord } from "@trpc/server";
import { accessTokenSchema, tokenObtainInput, tokenPairSchema, tokenRefreshInput } from "@customer-hub/domain";

import { publicProcedure } from "../../trpc/procedures";
import { obtainToken, refreshToken } from "./token.handler";

const tags = ["auth"];

export const authRouter = {
  token: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/auth/token", tags, operationId: "auth_token", summary: "Obtain an access and a refresh token" },
    })
    .input(tokenObtainInput)
    .output(tokenPairSchema)
    .mutation(obtainToken),

  refresh: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/auth/token/refresh", tags, operationId: "auth_token_refresh", summary: "Exchange a refresh token for a new access token" },
    })
    .input(tokenRefreshInput)
    .output(accessTokenSchema)
    .mutation(refreshToken),
} satisfies TRPCRouterRecord;
