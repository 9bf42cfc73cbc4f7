import type { TRPCRouterRecord } from "@trpc/server";
import { accessTokenSchema, tokenObtainInput, tokenPairSchema, tokenRefreshInput } from "@customer-hub/domain";

import { publicProcedure } from "../../trpc/procedures";
import { obtainToken, refreshToken } from "./token.handler";

const tags = ["auth"];
// Public, yet they answer 401 to bad credentials or a bad refresh token: the document must say so.
const errorResponses = [401];

export const authRouter = {
  token: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/auth/token", tags, operationId: "auth_token", summary: "Obtain an access and a refresh token", description: "Checks the username and password and answers an access token (JWT, short-lived) and a refresh token. Wrong credentials or an inactive user: 401.", errorResponses },
    })
    .input(tokenObtainInput)
    .output(tokenPairSchema)
    .mutation(obtainToken),

  refresh: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/auth/token/refresh", tags, operationId: "auth_token_refresh", summary: "Exchange a refresh token for a new access token", description: "Answers a new access token for a valid refresh token. A bad, expired or revoked refresh token: 401.", errorResponses },
    })
    .input(tokenRefreshInput)
    .output(accessTokenSchema)
    .mutation(refreshToken),
} satisfies TRPCRouterRecord;
