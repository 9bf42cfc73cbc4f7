import { UserSchema } from "@customer-hub/db";
import type { TokenObtainInput, TokenPair, TokenRefreshInput } from "@customer-hub/domain";

import { loginSucceeded, reserveLoginAttempt } from "../../auth/login-throttle";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../../auth/passwords";
import { issueTokenPair, revokeFamilyOf, useRefreshToken } from "../../auth/refresh-tokens";
import { ApiError } from "../../trpc/errors";
import type { ProcedureContext } from "../../trpc/context";
import type { HandlerOptions } from "../../trpc/types";

const invalidToken = () => new ApiError(401, { message: { key: "invalid_token" } });

export async function obtainToken({ ctx, input }: HandlerOptions<TokenObtainInput, ProcedureContext>): Promise<TokenPair> {
  await reserveLoginAttempt(ctx.em, ctx.services.limits, input.username, ctx.clientAddress);
  const user = await ctx.em.findOne(UserSchema, { username: input.username, is_active: true });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) throw new ApiError(401, { message: { key: "invalid_credentials" } });

  await loginSucceeded(ctx.em, input.username, ctx.clientAddress);
  return issueTokenPair(ctx.em, ctx.services.tokens, user.id);
}

/** Rotation: the refresh token is spent, and the answer carries the next one of its family. */
export async function refreshToken({ ctx, input }: HandlerOptions<TokenRefreshInput, ProcedureContext>): Promise<TokenPair> {
  const claims = await ctx.services.tokens.verifyRefresh(input.refresh);
  if (!claims) throw invalidToken();
  const spent = await useRefreshToken(ctx.em, claims.jti);
  if (!spent) throw invalidToken();
  const user = await ctx.em.findOne(UserSchema, { id: claims.userId, is_active: true });
  if (!user) throw invalidToken();
  return issueTokenPair(ctx.em, ctx.services.tokens, user.id, spent.family);
}

/** Revokes the refresh token's whole family; access tokens already issued live out their short TTL. */
export async function logout({ ctx, input }: HandlerOptions<TokenRefreshInput, ProcedureContext>): Promise<void> {
  const claims = await ctx.services.tokens.verifyRefresh(input.refresh);
  if (!claims || !(await revokeFamilyOf(ctx.em, claims.jti))) throw invalidToken();
}
