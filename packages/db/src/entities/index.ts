import { ApiKeySchema } from "./api-key.entity";
import { CustomerSchema } from "./customer.entity";
import { TenantSchema } from "./tenant.entity";
import { UserSchema } from "./user.entity";

export * from "./api-key.entity";
export * from "./customer.entity";
export * from "./tenant.entity";
export * from "./user.entity";

export const entities = [TenantSchema, UserSchema, ApiKeySchema, CustomerSchema];
