import type { Dictionary } from "@mikro-orm/core";
import type { EntityManager, Knex } from "@mikro-orm/postgresql";
import type { OrderingTerm, TenantViewFilters, TenantViewOrderingField } from "@customer-hub/domain";

import { CustomerTenantRelationSchema } from "../entities/customer-tenant-relation.entity";
import { customerColumns, CustomerSchema } from "../entities/customer.entity";
import type { CustomerRow, PageRequest } from "./customer.repository";
import { ALL_CUSTOMERS, FACETS, maintainedCount } from "./counts";
import { orderByWithTieBreak } from "./ordering";
import { prepared, runParameterized, runPrepared, type PreparedStatement } from "./prepared";
import type { TenantViewRelationRow } from "./tenant-view.repository";

/** Where each filter of the view applies: the customer `c` or the tenant's relation `r`. */
const FILTER_COLUMNS = {
  type: "c.type",
  value_level: "c.value_level",
  status: "c.status",
  relation_type: "r.relation_type",
  relation_status: "r.status",
} as const satisfies Record<keyof TenantViewFilters, string>;
type Filter = keyof typeof FILTER_COLUMNS;
const FILTERS = Object.keys(FILTER_COLUMNS) as Filter[];

// The relation's columns come back beside the customer's under this prefix (both have `id`, `status`, …).
const RELATION = "relation__";

export type TenantViewPageQuery = {
  tenantId: number;
  filters: TenantViewFilters;
  ordering: OrderingTerm<TenantViewOrderingField>[];
  page: PageRequest;
  /** The maintained count of the tenant's customers the filters match: it picks the statement (see pageOf). */
  matched: number;
  /** All live customers, when known; read (maintained) only for a page that might walk the newest. */
  everyone?: number;
};

/**
 * Up to this many relations, a tenant's page sorts them all (each probes its customer by
 * id), whatever the size of the customer table: a bound on the work, so its plan can be fixed.
 */
export const SORTED_TENANT_LIMIT = 2_000;

/**
 * A page of the tenant's live customers with their relations, on fixed SQL in one statement
 * (the query builder took more CPU to build the page's SQL than PostgreSQL takes to run it, and
 * a second statement fetched the customers).
 */
export async function readTenantViewPage(em: EntityManager, query: TenantViewPageQuery): Promise<{ relation: TenantViewRelationRow; customer: CustomerRow }[]> {
  const everyone = query.everyone ?? (mayWalk(query) ? await liveCustomers(em) : undefined);
  const { statement, values, relationColumns } = pageOf(em, { ...query, everyone });
  const rows =
    typeof statement === "string"
      ? await runParameterized(em, statement, values)
      : await runPrepared(em, statement, values);
  const driver = em.getDriver();
  const relationMeta = em.getMetadata().get(CustomerTenantRelationSchema.meta.className);
  const customerMeta = em.getMetadata().get(CustomerSchema.meta.className);
  return rows.map((row) => {
    const relation: Dictionary = {};
    for (const column of relationColumns) relation[column] = row[`${RELATION}${column}`];
    return {
      relation: driver.mapResult(relation, relationMeta) as TenantViewRelationRow,
      // The prefixed relation columns ride along as extra properties, which serialisers leave out.
      customer: driver.mapResult(row, customerMeta) as CustomerRow,
    };
  });
}

// How many live customers there are, as pageOf weighs it: read again after EVERYONE_TTL_MS. It
// only picks a plan (a stale one at worst a slower plan, never another page), and reading it on
// every large tenant's page cost more than the planning it saves.
const EVERYONE_TTL_MS = 10_000;
let everyoneRead: { n: number; at: number } | undefined;

async function liveCustomers(em: EntityManager): Promise<number> {
  const now = Date.now();
  if (!everyoneRead || now - everyoneRead.at > EVERYONE_TTL_MS) {
    everyoneRead = { n: await maintainedCount(em, ALL_CUSTOMERS, FACETS.customer.name), at: now };
  }
  return everyoneRead.n;
}

/** The SQL readTenantViewPage runs, its values inlined (for a test to EXPLAIN). */
export function tenantViewPageSql(em: EntityManager, query: TenantViewPageQuery): string {
  const { statement, values } = pageOf(em, query);
  return em
    .getConnection()
    .getKnex()
    .raw(typeof statement === "string" ? statement : statement.sql, values)
    .toQuery();
}

/**
 * The page's statement, of three shapes:
 * - "sorted", when the count says the tenant's relations are few (at most SORTED_TENANT_LIMIT, and
 *   no filter: a filtered count does not tell how many relations the page reads): the tenant's
 *   relations, each joined with its customer, then sorted.
 * - "newest", for a large tenant in `created_at` order (no customer filter), when walking
 *   `customer_live_created_at_id_idx` from the end reaches the page within about as many rows as
 *   the tenant has (at `matched / everyone` of them its own): each walked customer probes the
 *   tenant's relation (`customer_tenant_relation_pair_unique`).
 * - "planned", otherwise: PostgreSQL plans it with the values each time (its generic plan is costed
 *   above the ones made with the values); the prepared statement saves only the parse.
 * In "sorted" and "newest" every value goes in as `(select ?)`, which the planner cannot see
 * through, so a plan made with the values would be the generic one: PostgreSQL keeps the generic
 * plan after five executions instead of planning every request (planning took a third of the
 * statement's time), and a lateral join holds the plan to its shape whatever the estimates.
 */
function pageOf(em: EntityManager, query: TenantViewPageQuery) {
  const used = FILTERS.filter((filter) => query.filters[filter] !== undefined);
  const shape: Shape =
    used.length === 0 && query.matched <= SORTED_TENANT_LIMIT
      ? "sorted"
      : mayWalk(query) && query.everyone !== undefined && (query.page.offset + query.page.limit) * query.everyone <= query.matched ** 2
        ? "newest"
        : "planned";
  const orderBy = orderByWithTieBreak(query.ordering).flatMap((term) => Object.entries(term)) as OrderBy;
  const values: Knex.RawBinding[] = [query.tenantId, ...used.map((filter) => query.filters[filter]!), query.page.limit, query.page.offset];
  const relationColumns = em
    .getMetadata()
    .get(CustomerTenantRelationSchema.meta.className)
    .props.flatMap((prop) => prop.fieldNames ?? []);
  // Each prepared statement stays in every pooled connection: only orders of one field (a few
  // dozen statements with the filter sets) are prepared; longer ones, rare, are sent unprepared.
  const statement = query.ordering.length <= 1 ? preparedPage(shape, relationColumns, used, orderBy) : pageSql(shape, relationColumns, used, orderBy);
  return { statement, values, relationColumns };
}

/** Whether only the relation's columns are filtered (the customer's need its row). */
const onRelationsOnly = (query: TenantViewPageQuery) =>
  FILTERS.every((filter) => query.filters[filter] === undefined || FILTER_COLUMNS[filter].startsWith("r."));

/** Whether "newest" could serve the page: a large tenant in `created_at` order, no customer filter. */
const mayWalk = (query: TenantViewPageQuery) =>
  query.matched > SORTED_TENANT_LIMIT && onRelationsOnly(query) && query.ordering.length === 1 && query.ordering[0]?.field === "created_at";

type Shape = "sorted" | "newest" | "planned";
type OrderBy = [string, "asc" | "desc"][];
const statements = new Map<string, PreparedStatement>();

function preparedPage(shape: Shape, relationColumns: string[], used: Filter[], orderBy: OrderBy): PreparedStatement {
  const key = `${shape}:${used.join(",")}:${orderBy.map(([field, direction]) => `${field} ${direction}`).join(",")}`;
  let statement = statements.get(key);
  if (!statement) {
    // Numbered, not named by its key: PostgreSQL cuts a statement's name at 63 bytes.
    statement = prepared(`tenant_view_page_${statements.size + 1}`, pageSql(shape, relationColumns, used, orderBy));
    statements.set(key, statement);
  }
  return statement;
}

/** The page's SQL for a shape, set of filters and order (the fields and directions come from the domain's enums, never from text). */
function pageSql(shape: Shape, relationColumns: string[], used: Filter[], orderBy: OrderBy): string {
  const value = shape === "planned" ? () => "?" : (type: string) => `(select ?::${type})`;
  // Columns listed, never `*`: PostgreSQL refuses a kept statement whose result columns changed (a
  // migration under a running server), see prepared-statements.test.ts.
  const relation = relationColumns.map((column) => `r.${column}`).join(", ");
  const columns = `${relationColumns.map((column) => `r.${column} as ${RELATION}${column}`).join(", ")}, ${customerColumns("c")}`;
  const tenant = `r.tenant_id = ${value("int")}`;
  const filters = used.map((filter) => `${FILTER_COLUMNS[filter]} = ${value("text")}`);
  const order = `order by ${orderBy.map(([field, direction]) => `c.${field} ${direction}`).join(", ")}`;
  const page = `limit ${value("int")} offset ${value("int")}`;
  if (shape === "newest") {
    // Relation filters only (mayWalk): they go with the probe.
    return `select ${columns}
              from customer c
             cross join lateral (select ${relation} from customer_tenant_relation r
                                  where ${[tenant, "r.customer_id = c.id", ...filters].join(" and ")} limit 1) as r
             where c.deleted_at is null
             ${order} ${page}`;
  }
  if (shape === "sorted") {
    return `select ${columns}
              from customer_tenant_relation r
             cross join lateral (select ${customerColumns("c")} from customer c where c.id = r.customer_id and c.deleted_at is null offset 0) as c
             where ${[tenant, ...filters].join(" and ")}
             ${order} ${page}`;
  }
  // A planned page may sort a large tenant's customers: it sorts their keys, and reads the page's
  // customers whole after (carrying every column through the join and sort of a 100k tenant ordered
  // by name cost about a tenth more).
  const keys = orderBy.map(([field], index) => `c.${field} as sort_${index}`).join(", ");
  return `select ${relationColumns.map((column) => `p.${column} as ${RELATION}${column}`).join(", ")}, ${customerColumns("c")}
            from (select ${relation}, ${keys}
                    from customer_tenant_relation r join customer c on c.id = r.customer_id and c.deleted_at is null
                   where ${[tenant, ...filters].join(" and ")}
                   ${order} ${page}) as p
            join customer c on c.id = p.customer_id
           order by ${orderBy.map(([, direction], index) => `p.sort_${index} ${direction}`).join(", ")}`;
}
