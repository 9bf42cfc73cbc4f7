import { memberRelationKind } from "./kinds";
import { relationsRouter } from "./router";

/** Seed 003: customer–member relations, every endpoint of router.ts with these descriptions. */
export const memberRelationsRouter = relationsRouter(memberRelationKind, {
  party: "member",
  describe: {
    primary: "The customer's primary member relation. 400 without `customer_id`; 404 `未找到主要联系人` when the customer has none.",
    create:
      "Relates a member to a customer. There is one relation per customer and member (a second is 409). Creating it with `is_primary: true` makes it the customer's only primary relation: the others are unmarked in the same transaction, and the customer's `primary_contact_*` take the member's name, phone and email.",
    update:
      "Changes the relation: `role` is required; `customer_id` and `member_id` cannot change and are ignored. Setting `is_primary: true` unmarks the customer's other relations and copies the member's contact details onto the customer.",
    delete: "Deletes a relation that is not the customer's primary one; deleting the primary relation is 400 (make another one primary first).",
    setPrimary:
      "Makes this relation the customer's primary one: the customer's other relations are unmarked in the same transaction, and the customer's `primary_contact_*` take the member's details. Takes no body.",
  },
});
