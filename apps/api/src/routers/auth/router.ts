import type { TRPCRouterRecord } from "@trpc/server";
import { noContentSchema, tokenObtainInput, tokenPairSchema, tokenRefreshInput } from "@customer-hub/domain";

import { withNoContent } from "../../trpc/no-content";
import { publicProcedure } from "../../trpc/procedures";
import { logout, obtainToken, refreshToken } from "./handlers";

const tags = ["auth"];
// Public, yet they answer 401 to bad credentials or a bad refresh token: the document must say so.
const errorResponses = [401];

export const authRouter = {
  token: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/token",
        tags,
        operationId: "auth_token",
        summary: "Obtain an access and a refresh token",
        description:
          "Checks the username and password and answers an access token (JWT, short-lived) and a refresh token. Wrong credentials or an inactive user: 401. " +
          "Failed logins are counted per username and per client address; past the limit the answer is 429 with Retry-After.",
        errorResponses: [...errorResponses, 429],
      },
    })
    .input(tokenObtainInput)
    .output(tokenPairSchema)
    .mutation(obtainToken),

  refresh: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/token/refresh",
        tags,
        operationId: "auth_token_refresh",
        summary: "Exchange a refresh token for a new access token and the next refresh token",
        description:
          "Answers a new access token and the next refresh token; a bad, expired or revoked refresh token is 401. " +
          "Each refresh token works once. Presenting a used one again revokes every token issued from the same login.",
        errorResponses,
      },
    })
    .input(tokenRefreshInput)
    .output(tokenPairSchema)
    .mutation(refreshToken),

  logout: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/logout",
        tags,
        operationId: "auth_logout",
        summary: "Revoke a refresh token and every token refreshed from the same login",
        description: "Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS).",
        errorResponses,
      },
      successStatus: 204,
    })
    .input(tokenRefreshInput)
    .output(noContentSchema)
    .mutation(withNoContent(logout)),
} satisfies TRPCRouterRecord;
