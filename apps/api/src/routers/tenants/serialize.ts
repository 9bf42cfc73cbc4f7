import type { Tenant as TenantEntity } from "@customer-hub/db";
import type { Tenant, TenantSummary } from "@customer-hub/domain";

export function toTenantSummary(tenant: TenantEntity): TenantSummary {
  return { id: tenant.id, name: tenant.name, code: tenant.code };
}

export function toTenant(tenant: TenantEntity): Tenant {
  return {
    ...toTenantSummary(tenant),
    created_at: tenant.created_at.toISOString(),
    updated_at: tenant.updated_at.toISOString(),
  };
}
