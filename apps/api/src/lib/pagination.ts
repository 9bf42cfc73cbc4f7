import type { CursorPage, Page, Pagination } from "@customer-hub/domain";

import { V1_BASE_PATH } from "../paths";
import type { ProcedureContext } from "../trpc/context";
import { notFound } from "../trpc/errors";
import { fillRestPath } from "./rest-path";

/** What links are built from: the request's own URL on REST, the procedure's REST path on tRPC. */
type LinkContext = Pick<ProcedureContext, "origin" | "restUrl" | "restPath">;

export type PageQuery = { page: number; page_size: number };

export function pageWindow(query: PageQuery) {
  return { offset: (query.page - 1) * query.page_size, limit: query.page_size };
}

/**
 * The REST URL a tRPC call's input stands for: path parameters (`{id}`) filled in from the input,
 * the rest of the input as the query string.
 */
function urlFromInput(path: string, input: Record<string, unknown>): string {
  const { path: filled, used: inPath } = fillRestPath(V1_BASE_PATH, path, input);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || inPath.has(key)) continue;
    if (key === "ordering" && Array.isArray(value)) {
      params.set(key, value.map((term: { field: string; desc: boolean }) => `${term.desc ? "-" : ""}${term.field}`).join(","));
    } else if (typeof value !== "object") {
      params.set(key, String(value));
    }
  }
  return `${filled}?${params.toString()}`;
}

/** The number of pages of `total` items; a page past the last is 404 `页码无效`, an empty list is page 1 of 1. */
export function totalPagesOrThrow(query: PageQuery, total: number): number {
  const totalPages = Math.max(1, Math.ceil(total / query.page_size));
  if (query.page > totalPages) throw notFound("invalid_page");
  return totalPages;
}

/** The request's own URL (REST), or the one a tRPC call's input stands for; links change its query. */
function baseUrl(ctx: LinkContext, query: Record<string, unknown>): URL {
  if (ctx.restUrl) return ctx.restUrl;
  if (!ctx.restPath) throw new Error("a paginated procedure needs meta.openapi.path for its links");
  return new URL(urlFromInput(ctx.restPath, query), ctx.origin);
}

/**
 * A page that keyset pagination can continue: `next_cursor` is the position after its last row
 * (null on the last page). Reached by `cursor=`, the page is the first after that position: `next`
 * links to the following cursor, `previous` is null (keysets go one way), `current_page` is 1.
 */
export function toCursorPage<T>(
  ctx: LinkContext,
  query: PageQuery & Record<string, unknown>,
  total: number,
  results: T[],
  nextCursor: string | null,
  viaCursor: boolean,
  exact = true,
): CursorPage<T> {
  if (!viaCursor) {
    const page = toPage(ctx, query, total, results, exact);
    return { pagination: { ...page.pagination, next_cursor: nextCursor }, results };
  }
  const next = nextCursor === null ? null : new URL(baseUrl(ctx, query));
  next?.searchParams.delete("page");
  next?.searchParams.set("cursor", nextCursor!);
  return {
    pagination: {
      count: total,
      next: next?.toString() ?? null,
      previous: null,
      page_size: query.page_size,
      current_page: 1,
      total_pages: Math.max(1, Math.ceil(total / query.page_size)),
      count_exact: exact,
      next_cursor: nextCursor,
    },
    results,
  };
}

/**
 * The number of pages when `total` is an estimate: a page that has rows exists whatever the
 * estimate says, and an empty page past the first is past the last.
 */
function estimatedTotalPages(query: PageQuery, total: number, rows: number): number {
  if (rows === 0 && query.page > 1) throw notFound("invalid_page");
  return Math.max(1, Math.ceil(total / query.page_size), rows === 0 ? 1 : query.page);
}

/**
 * Builds `{pagination, results}` (CONTRACT §3). A page past the last is 404 `页码无效`; an empty
 * list is page 1 of 1. Links keep every other query parameter of the request. `exact` false: the
 * total is the planner's estimate (pagination.count_exact).
 */
export function toPage<T>(
  ctx: LinkContext,
  query: PageQuery & Record<string, unknown>,
  total: number,
  results: T[],
  exact = true,
): Page<T> {
  const totalPages = exact ? totalPagesOrThrow(query, total) : estimatedTotalPages(query, total, results.length);

  const base = baseUrl(ctx, query);
  const linkTo = (page: number) => {
    const url = new URL(base);
    url.searchParams.set("page", String(page));
    if (page === 1) url.searchParams.delete("page");
    return url.toString();
  };
  const pagination: Pagination = {
    count: total,
    next: query.page < totalPages ? linkTo(query.page + 1) : null,
    previous: query.page > 1 ? linkTo(query.page - 1) : null,
    page_size: query.page_size,
    current_page: query.page,
    total_pages: totalPages,
    count_exact: exact,
  };
  return { pagination, results };
}
