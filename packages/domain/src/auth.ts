import { z } from "zod";

import { ID_MAX } from "./common";
import { tokenObtainExample, tokenPairExample } from "./examples";

export const USER_ROLES = ["admin", "tenant_admin"] as const;
export const userRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof userRole>;

export const tokenObtainInput = z
  .object({
    username: z.string().trim().min(1).max(150),
    password: z.string().min(1).max(256),
  })
  .meta({ id: "TokenObtainInput", examples: [tokenObtainExample] });
export type TokenObtainInput = z.infer<typeof tokenObtainInput>;

export const tokenRefreshInput = z
  .object({
    refresh: z.string().min(1).max(4096),
  })
  .meta({ id: "TokenRefreshInput", examples: [{ refresh: tokenPairExample.refresh }] });
export type TokenRefreshInput = z.infer<typeof tokenRefreshInput>;

export const tokenPairSchema = z.object({
  access: z.string(),
  refresh: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.int().min(1).max(ID_MAX).meta({ description: "Seconds until the access token expires." }),
}).meta({ id: "TokenPair", examples: [tokenPairExample] });
export type TokenPair = z.infer<typeof tokenPairSchema>;
