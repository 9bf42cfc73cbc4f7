import { TenantRelationRepository, type CustomerTenantRelation } from "@customer-hub/db";
import type { TenantRelation, TenantRelationListItem } from "@customer-hub/domain";

import type { RelationKind } from "../customer-relations/kind";
import { toTenantRelation, toTenantRelationListItem } from "./serialize";

export const tenantRelationKind: RelationKind<CustomerTenantRelation, TenantRelation, TenantRelationListItem> = {
  repository: (em) => new TenantRelationRepository(em),
  toDetail: toTenantRelation,
  toListItem: toTenantRelationListItem,
  messages: {
    exists: "tenant_relation_exists",
    noPrimary: "primary_tenant_relation_not_found",
    undeletable: "primary_tenant_relation_undeletable",
    undeletableDetail: "primary_tenant_relation_undeletable_detail",
  },
};
