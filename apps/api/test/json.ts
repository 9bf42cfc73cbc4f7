/* eslint-disable @typescript-eslint/no-explicit-any -- the one home of untyped JSON in the tests:
   answers and documents are read by path and checked by the assertions and the OpenAPI validation,
   so a static type would only restate what those check. */

/** A parsed JSON answer or document, any path of which a test may read. */
export type Json = Record<string, any>;
/** Any parsed JSON value (the default of `json()`). */
export type JsonValue = any;
