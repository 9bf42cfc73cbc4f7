import { customerSearchDocument } from "../entities/customer.entity";

/** Escapes LIKE wildcards so a search for `50%` finds the text "50%". */
export function likePattern(text: string): string {
  // chr(31) separates the columns in the search document; a query must not span two of them.
  const cleaned = text.replaceAll("\u001f", "");
  return `%${cleaned.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The WHERE clause of a search for `term` (case-insensitive substring of the search document).
 * Terms of 3+ characters use the trigram index through ILIKE. A 1–2 character term yields no
 * trigram: it is looked up among the document's grams (customer_search_grams, one GIN index),
 * which is the same test as ILIKE whenever the lower-cased term is still 1–2 characters; ILIKE
 * decides when lowering lengthened it. Control characters split the grams, so they take ILIKE.
 */
export function searchCondition(term: string, alias?: string): { sql: string; params: unknown[] } {
  const document = customerSearchDocument(alias);
  if (usesGrams(term)) {
    const cleaned = cleanTerm(term);
    return {
      sql: `customer_search_grams(${document}) @> array[lower(?)] and (length(lower(?)) <= 2 or ${document} ilike ?)`,
      params: [cleaned, cleaned, likePattern(term)],
    };
  }
  return { sql: `${document} ilike ?`, params: [likePattern(term)] };
}

/**
 * The same search as `c.id = any(the matching ids)`, for a term known to match few customers. The
 * planner has no frequency for a rare gram and guesses thousands of matches, enough to walk the
 * `created_at` index testing every row for the first page; the ids through the gram index are
 * milliseconds.
 */
export function fewMatchesCondition(term: string): { sql: string; params: unknown[] } {
  const inner = searchCondition(term);
  return {
    sql: `c.id = any(array(select id from customer where deleted_at is null and ${inner.sql}))`,
    params: inner.params,
  };
}

const cleanTerm = (term: string) => term.replaceAll("\u001f", "");

/** 1–2 characters (code points, as PostgreSQL counts them) and no control character. */
export function usesGrams(term: string): boolean {
  const cleaned = cleanTerm(term);
  const length = [...cleaned].length;
  // eslint-disable-next-line no-control-regex
  return length >= 1 && length <= 2 && !/[\u0000-\u001f]/.test(cleaned);
}
