import { UserSchema } from "@customer-hub/db";
import type { AccessToken, TokenObtainInput, TokenPair, TokenRefreshInput } from "@customer-hub/domain";

import { DUMMY_PASSWORD_HASH, verifyPassword } from "../../auth/passwords";
import { ApiError } from "../../trpc/errors";
import type { ProcedureContext } from "../../trpc/context";
import type { HandlerOptions } from "../../trpc/types";

export async function obtainToken({ ctx, input }: HandlerOptions<TokenObtainInput, ProcedureContext>): Promise<TokenPair> {
  const user = await ctx.em.findOne(UserSchema, { username: input.username, is_active: true });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) throw new ApiError(401, { message: { key: "invalid_credentials" } });

  const { tokens } = ctx.services;
  return {
    access: await tokens.issueAccess(user.id),
    refresh: await tokens.issueRefresh(user.id),
    token_type: "Bearer",
    expires_in: tokens.accessTtlSeconds,
  };
}

export async function refreshToken({ ctx, input }: HandlerOptions<TokenRefreshInput, ProcedureContext>): Promise<AccessToken> {
  const { tokens } = ctx.services;
  const userId = await tokens.verify(input.refresh, "refresh");
  const user = userId === null ? null : await ctx.em.findOne(UserSchema, { id: userId, is_active: true });
  if (!user) throw new ApiError(401, { message: { key: "invalid_token" } });
  return { access: await tokens.issueAccess(user.id), token_type: "Bearer", expires_in: tokens.accessTtlSeconds };
}
