import { z } from "zod";

export const USER_ROLES = ["admin", "tenant_admin"] as const;
export const userRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof userRole>;

export const tokenObtainInput = z.object({
  username: z.string().trim().min(1).max(150),
  password: z.string().min(1).max(256),
});
export type TokenObtainInput = z.infer<typeof tokenObtainInput>;

export const tokenRefreshInput = z.object({
  refresh: z.string().min(1).max(4096),
});
export type TokenRefreshInput = z.infer<typeof tokenRefreshInput>;

export const tokenPairSchema = z.object({
  access: z.string(),
  refresh: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;
