import { betweenQuery } from "@customer-hub/domain";

import { adminProcedure } from "../../trpc/procedures";
import { tenantRelationBetween } from "./handlers";
import { tenantRelationKind } from "./kinds";
import { relationsRouter } from "./router";

/** Seed 002 §8, only tenant relations have it: the relation of one customer and one tenant. */
const between = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/customers/tenants/relations/between",
      tags: ["customer-tenant-relations"],
      operationId: "tenant_relations_between",
      summary: "The relation between a customer and a tenant",
      description: "The relation between one customer and one tenant. 400 naming each missing parameter; 404 when they are not related.",
      errorResponses: [404],
    },
  })
  .input(betweenQuery)
  .output(tenantRelationKind.schemas.detail)
  .query(tenantRelationBetween);

/** Seed 002: customer–tenant relations, every endpoint of router.ts plus `between`. */
export const tenantRelationsRouter = relationsRouter(
  tenantRelationKind,
  {
    party: "tenant",
    describe: {
      primary: "The customer's primary tenant relation. 400 without `customer_id`; 404 when the customer has none.",
      create:
        "Relates a tenant to a customer. `relation_type` and `status` are required; `start_date` after `end_date` is 400 on `end_date`. There is one relation per customer and tenant (a second is 409). Creating it with `is_primary: true` unmarks the customer's other tenant relations in the same transaction.",
      update:
        "Changes the relation: `relation_type` and `status` are required; `customer_id` and `tenant_id` cannot change and are ignored. Setting `is_primary: true` unmarks the customer's other tenant relations.",
      delete: "Deletes a relation that is not the customer's primary one; deleting the primary relation is 400.",
      setPrimary: "Makes this relation the customer's primary tenant relation; the customer's other tenant relations are unmarked in the same transaction. Takes no body.",
    },
  },
  { between },
);
