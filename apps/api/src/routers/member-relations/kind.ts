import { MemberRelationRepository, type CustomerMemberRelation } from "@customer-hub/db";
import type { MemberRelation, MemberRelationListItem } from "@customer-hub/domain";

import type { RelationKind } from "../customer-relations/kind";
import { toMemberRelation, toMemberRelationListItem } from "./serialize";

export const memberRelationKind: RelationKind<CustomerMemberRelation, MemberRelation, MemberRelationListItem> = {
  repository: (em) => new MemberRelationRepository(em),
  toDetail: toMemberRelation,
  toListItem: toMemberRelationListItem,
  messages: {
    exists: "member_relation_exists",
    noPrimary: "primary_member_not_found",
    undeletable: "primary_member_relation_undeletable",
    undeletableDetail: "primary_member_relation_undeletable_detail",
  },
  // The customer's primary contact fields follow its primary member (CONTRACT §7).
  onPrimary: (em, customerId) => new MemberRelationRepository(em).syncPrimaryContacts({ customerId }),
};
