import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

import { timestamps } from "./timestamps";

export const TenantSchema = defineEntity({
  name: "Tenant",
  tableName: "tenant",
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    code: p.string().length(50).unique("tenant_code_unique"),
    ...timestamps,
  },
});
export type Tenant = InferEntity<typeof TenantSchema>;
