import { ApiKeySchema } from "./api-key.entity";
import { CustomerMemberRelationSchema } from "./customer-member-relation.entity";
import { CustomerTenantRelationSchema } from "./customer-tenant-relation.entity";
import { CustomerSchema } from "./customer.entity";
import { FollowUpLogSchema } from "./follow-up-log.entity";
import { LoginThrottleSchema } from "./login-throttle.entity";
import { MemberSchema } from "./member.entity";
import { RefreshTokenSchema } from "./refresh-token.entity";
import { TenantSchema } from "./tenant.entity";
import { UserSchema } from "./user.entity";

export * from "./api-key.entity";
export * from "./customer-member-relation.entity";
export * from "./customer-tenant-relation.entity";
export * from "./customer.entity";
export * from "./follow-up-log.entity";
export * from "./login-throttle.entity";
export * from "./member.entity";
export * from "./refresh-token.entity";
export * from "./tenant.entity";
export * from "./user.entity";

export const entities = [
  TenantSchema,
  UserSchema,
  ApiKeySchema,
  CustomerSchema,
  MemberSchema,
  CustomerMemberRelationSchema,
  CustomerTenantRelationSchema,
  FollowUpLogSchema,
  RefreshTokenSchema,
  LoginThrottleSchema,
];
