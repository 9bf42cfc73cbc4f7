/**
 * Whether an error means "the database cannot be reached or did not answer in time" (a 503 to the
 * client, who may retry), as opposed to a fault of the query (a 500).
 */

// Socket errors of the driver.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

// SQLSTATE: 08 connection exceptions, 53300 too many connections, 57014 statement timeout,
// 57P01–57P03 server shutting down or starting.
const SQLSTATES = new Set(["57014", "57P01", "57P02", "57P03", "53300"]);

// pg and knex raise these without a code (MikroORM puts the SQL in front of the message).
const MESSAGES = [
  /Connection terminated/,
  /Query read timeout$/,
  /timeout expired$/,
  /Client has encountered a connection error and is not queryable$/,
  /Knex: Timeout acquiring a connection/,
  /Unable to acquire a connection$/,
];

type Chained = { code?: unknown; message?: unknown; name?: unknown; previous?: unknown; cause?: unknown };

function isUnavailableItself(error: Chained): boolean {
  if (error.name === "KnexTimeoutError") return true;
  const code = typeof error.code === "string" ? error.code : "";
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08")) return true;
  const message = typeof error.message === "string" ? error.message : "";
  return MESSAGES.some((pattern) => pattern.test(message));
}

/** Walks the error and what it wraps (MikroORM's `previous`, `cause`), without recursion. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== null && typeof current === "object"; depth++) {
    const chained = current as Chained;
    if (isUnavailableItself(chained)) return true;
    current = chained.previous ?? chained.cause;
  }
  return false;
}
