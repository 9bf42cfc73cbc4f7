import { CustomerRepository } from "@customer-hub/db";
import {
  encodeCursor,
  type CustomerListInput,
  type CustomerOrderingField,
  type CustomerSearchInput,
  type OrderingTerm,
} from "@customer-hub/domain";

import { pageWindow, toCursorPage } from "../../lib/pagination";
import { invalid } from "../../trpc/errors";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

const DEFAULT_ORDERING: OrderingTerm<CustomerOrderingField>[] = [{ field: "created_at", desc: true }];

/** The orderings a cursor can continue: `-created_at` with the `-id` tie-break, said or implied. */
function isKeysetOrdering(ordering: OrderingTerm<CustomerOrderingField>[]): boolean {
  const [first, second, ...rest] = ordering;
  return (
    first?.field === "created_at" && first.desc && rest.length === 0 && (second === undefined || (second.field === "id" && second.desc))
  );
}

async function findCustomers(ctx: AuthedContext, input: CustomerListInput & { q?: string }) {
  const { page: _page, page_size: _size, ordering = DEFAULT_ORDERING, q, cursor, ...filters } = input;
  if (cursor && !isKeysetOrdering(ordering)) throw invalid({ cursor: [{ key: "cursor_ordering" }] });
  const window = cursor ? { offset: 0, limit: input.page_size } : pageWindow(input);
  // One row more than the page tells whether another page follows, for `next_cursor`.
  const { items, total, exact } = await new CustomerRepository(ctx.em).findPage({
    filters,
    search: q,
    ordering,
    page: { offset: window.offset, limit: window.limit + 1 },
    after: cursor,
  });
  const rows = items.slice(0, window.limit);
  const last = rows.at(-1);
  const nextCursor =
    items.length > window.limit && last && isKeysetOrdering(ordering)
      ? encodeCursor({ createdAt: last.cursor_created_at, id: last.id })
      : null;
  return toCursorPage(ctx, input, total, rows.map(toCustomer), nextCursor, cursor !== undefined, exact);
}

export const listCustomers = ({ ctx, input }: HandlerOptions<CustomerListInput>) =>
  findCustomers(ctx, input);

export const searchCustomers = ({ ctx, input }: HandlerOptions<CustomerSearchInput>) =>
  findCustomers(ctx, input);
