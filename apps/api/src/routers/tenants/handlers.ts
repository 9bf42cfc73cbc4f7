import type { EntityManager } from "@mikro-orm/postgresql";
import { CustomerTenantRelationSchema, orderByWithTieBreak, TenantSchema, UserSchema } from "@customer-hub/db";
import { tenantSchema, type TenantCreateInput, type TenantListInput, type TenantPatchInput, type TenantUpdateInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import { serializeAs } from "../../lib/serialize";
import { fieldError, invalid, orNotFound } from "../../trpc/errors";
import type { HandlerOptions } from "../../trpc/types";
import { removeUnlessReferenced } from "../admin-records";

const codeTaken = () => fieldError("code", "tenant_code_taken");
const loadTenant = (em: EntityManager, id: number) => em.findOneOrFail(TenantSchema, id, orNotFound("tenant_not_found"));
const isCodeTaken = async (em: EntityManager, code: string) => (await em.count(TenantSchema, { code })) > 0;

export async function listTenants({ ctx, input }: HandlerOptions<TenantListInput>) {
  const [items, total] = await ctx.em.findAndCount(
    TenantSchema,
    {},
    { orderBy: orderByWithTieBreak(input.ordering ?? [{ field: "created_at", desc: true }]), ...pageWindow(input) },
  );
  return toPage(ctx, input, total, items.map((tenant) => serializeAs(tenantSchema, tenant)));
}

export async function getTenant({ ctx, input }: HandlerOptions<{ id: number }>) {
  return serializeAs(tenantSchema, await loadTenant(ctx.em, input.id));
}

export async function createTenant({ ctx, input }: HandlerOptions<TenantCreateInput>) {
  if (await isCodeTaken(ctx.em, input.code)) throw codeTaken();
  const tenant = ctx.em.create(TenantSchema, { name: input.name, code: input.code });
  await ctx.em.flush();
  return serializeAs(tenantSchema, tenant);
}

/** PUT and PATCH: only the fields given change. */
export async function updateTenant({ ctx, input }: HandlerOptions<TenantUpdateInput | TenantPatchInput>) {
  const tenant = await loadTenant(ctx.em, input.id);
  if (input.code !== undefined && input.code !== tenant.code) {
    if (await isCodeTaken(ctx.em, input.code)) throw codeTaken();
    tenant.code = input.code;
  }
  if (input.name !== undefined) tenant.name = input.name;
  await ctx.em.flush();
  return serializeAs(tenantSchema, tenant);
}

/** A tenant still related to customers, or with users, stays (CONTRACT §6). */
export async function deleteTenant({ ctx, input }: HandlerOptions<{ id: number }>): Promise<void> {
  const tenant = await loadTenant(ctx.em, input.id);
  const references = await Promise.all([
    ctx.em.count(CustomerTenantRelationSchema, { tenant: tenant.id }),
    ctx.em.count(UserSchema, { tenant: tenant.id }),
  ]);
  const inUse = () => invalid({ non_field_errors: [{ key: "tenant_has_relations" }] });
  await removeUnlessReferenced(ctx.em, tenant, references.some((count) => count > 0), inUse);
}
