import { customerSearchDocument } from "../entities/customer.entity";

/** Escapes LIKE wildcards so a search for `50%` finds the text "50%". */
export function likePattern(text: string): string {
  // chr(31) separates the columns in the search document; a query must not span two of them.
  const cleaned = text.replaceAll("\u001f", "");
  return `%${cleaned.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * `like` for a term without upper or lower case (Chinese, digits, punctuation: lower-casing
 * changes neither it nor what it can match), else `ilike`. Both are served by the trigram index;
 * `ilike` lower-cases every document it tests, which doubles the cost of each row it reads.
 */
const likeOperator = (term: string) => (term.toLowerCase() === term && term.toUpperCase() === term ? "like" : "ilike");

/** The search's own rule, `document ilike %term%`, for rows already at hand (no index needed). */
export function documentMatches(term: string, alias?: string): { sql: string; params: unknown[] } {
  return { sql: `${customerSearchDocument(alias)} ${likeOperator(term)} ?`, params: [likePattern(term)] };
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
  const matches = documentMatches(term, alias);
  if (usesGrams(term)) {
    const cleaned = cleanTerm(term);
    return {
      sql: `customer_search_grams(${document}) @> array[lower(?)] and (length(lower(?)) <= 2 or ${matches.sql})`,
      params: [cleaned, cleaned, ...matches.params],
    };
  }
  return matches;
}

const cleanTerm = (term: string) => term.replaceAll("\u001f", "");

/** 1–2 characters (code points, as PostgreSQL counts them) and no control character. */
export function usesGrams(term: string): boolean {
  const cleaned = cleanTerm(term);
  const length = [...cleaned].length;
  // eslint-disable-next-line no-control-regex
  return length >= 1 && length <= 2 && !/[\u0000-\u001f]/.test(cleaned);
}
