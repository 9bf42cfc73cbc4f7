import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { USER_ROLES } from "@customer-hub/domain";

import { TenantSchema } from "./tenant.entity";
import { timestamps } from "./timestamps";

export const UserSchema = defineEntity({
  name: "User",
  tableName: "app_user",
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(150).unique("app_user_username_unique"),
    password_hash: p.string().length(255),
    role: p.enum([...USER_ROLES]),
    // Tenant admins belong to one tenant; admins to none.
    tenant: p.manyToOne(TenantSchema).nullable().deleteRule("restrict"),
    is_active: p.boolean().default(true),
    ...timestamps,
  },
});
export type User = InferEntity<typeof UserSchema>;
