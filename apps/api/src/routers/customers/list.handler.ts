import { CustomerRepository } from "@customer-hub/db";
import type { CustomerListInput, CustomerSearchInput } from "@customer-hub/domain";

import { pageWindow, toPage } from "../../lib/pagination";
import type { AuthedContext, HandlerOptions } from "../../trpc/types";
import { toCustomer } from "./serialize";

async function findCustomers(ctx: AuthedContext, input: CustomerListInput & { q?: string }, restPath: string) {
  const { page: _page, page_size: _size, ordering, q, ...filters } = input;
  const { items, total, exact } = await new CustomerRepository(ctx.em).findPage({
    filters,
    search: q,
    ordering: ordering ?? [{ field: "created_at", desc: true }],
    page: pageWindow(input),
  });
  return toPage(ctx, restPath, input, total, items.map(toCustomer), exact);
}

export const listCustomers = ({ ctx, input }: HandlerOptions<CustomerListInput>) =>
  findCustomers(ctx, input, "/customers/");

export const searchCustomers = ({ ctx, input }: HandlerOptions<CustomerSearchInput>) =>
  findCustomers(ctx, input, "/customers/search/");
