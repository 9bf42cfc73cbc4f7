import fc from "fast-check";
import type { Json } from "../json";

/** Values of the wrong type, size or encoding for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    -0,
    2147483648,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "😀👨‍👩‍👧",
    "普全",
    "ｆｕｌｌｗｉｄｔｈ",
    "\u202Eevil",
    "' OR 1=1 --",
    "%00",
    "1e3",
    "2026-02-30",
    "9999-12-31T23:59:59Z",
    "x".repeat(10_000),
    "普".repeat(5_000),
    [],
    {},
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.integer({ min: 10, max: 200 }).map(nested),
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` deep. */
export function nested(depth: number): unknown {
  let value: unknown = depth % 2 ? [] : {};
  for (let i = 0; i < depth; i++) value = depth % 2 ? [value] : { a: value };
  return value;
}

function resolve(schema: Json, document: Json): Json {
  if (schema.$ref) return resolve(document.components.schemas[String(schema.$ref).split("/").pop()!], document);
  return schema;
}

function stringFor(schema: Json): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  switch (schema.format) {
    case "date":
      return fc.date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "date-time":
      return fc.date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    case "email":
      return fc.emailAddress().filter((email) => email.length <= max);
    case "uri":
      return fc.webUrl().filter((url) => url.length <= max);
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 30) }),
    fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(max, 30) }),
    // Boundaries: the longest allowed in ASCII and in Chinese, and one past it.
    fc.constantFrom("x".repeat(max), "普".repeat(max), "x".repeat(max + 1), "x".repeat(Math.max(min, 1))),
  );
}

/** Values the schema allows (and its boundaries), built from the served JSON Schema. */
export function fromSchema(input: Json | undefined, document: Json, depth = 0): fc.Arbitrary<unknown> {
  if (!input || depth > 6) return fc.jsonValue({ maxDepth: 1 });
  const schema = resolve(input, document);
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((branch: Json) => fromSchema(branch, document, depth + 1)));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type: string) => fromSchema({ ...schema, type }, document, depth + 1)));
  }
  switch (schema.type) {
    case "string":
      return stringFor(schema);
    case "integer": {
      const min = schema.minimum ?? -(2 ** 31);
      const max = schema.maximum ?? 2 ** 31 - 1;
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, min - 1, max + 1));
    }
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum, max: schema.maximum });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(fromSchema(schema.items, document, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object": {
      const properties: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) {
        properties[name] = fromSchema(property, document, depth + 1);
      }
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key: string) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A valid body with one thing wrong: a field of the wrong kind, a field missing, or one unknown. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), hostileValue, fc.constantFrom("replace", "remove", "extra")).map(([body, index, value, how]) => {
    if (body === null || typeof body !== "object" || Array.isArray(body)) return value;
    const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[index % keys.length]! : "unexpected";
    if (how === "remove") delete copy[key];
    else if (how === "extra") copy[`unexpected_${index % 3}`] = value;
    else copy[key] = value;
    return copy;
  });
}

/** A body as bytes on the wire, with the content type it claims. */
export type RawBody = { payload: string | Buffer; contentType: string | undefined };

const json = (value: unknown): RawBody => ({ payload: JSON.stringify(value) ?? "null", contentType: "application/json" });

export function bodyFor(schema: Json | undefined, document: Json): fc.Arbitrary<RawBody | undefined> {
  const valid = fromSchema(schema, document);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map(json) },
    { weight: 4, arbitrary: mutated(valid).map(json) },
    { weight: 1, arbitrary: hostileValue.map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RawBody | undefined>(
        undefined,
        { payload: "", contentType: "application/json" },
        { payload: "{", contentType: "application/json" },
        { payload: '{"a":1,"a":2}', contentType: "application/json" },
        { payload: "\uFEFF{}", contentType: "application/json" },
        { payload: "\u0000", contentType: "application/json" },
        { payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: "application/json" },
        { payload: "[".repeat(500) + "]".repeat(500), contentType: "application/json" },
        { payload: `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`, contentType: "application/json" },
        { payload: '{"__proto__":{"x":1}}', contentType: "application/json" },
        { payload: '{"constructor":{"prototype":{"x":1}}}', contentType: "application/json" },
        { payload: "name=x", contentType: "application/x-www-form-urlencoded" },
        { payload: "{}", contentType: "text/plain" },
        { payload: "{}", contentType: "application/json; charset=latin1" },
        { payload: "{}", contentType: "multipart/form-data; boundary=x" },
        { payload: "{}", contentType: undefined },
      ),
    },
  );
}

/** A path segment: an id that exists, boundaries of int4 and beyond, and things that are no id. */
export const pathValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0",
      "-1",
      "2147483647",
      "2147483648",
      "99999999999999999999",
      "1.5",
      "1e3",
      "0x10",
      "abc",
      "%00",
      "%E6%99%AE",
      "%20",
      "null",
      "9".repeat(90),
    ),
  },
);

/** A query value: what the parameter's schema allows, or anything. */
export function queryValue(schema: Json | undefined, document: Json): fc.Arbitrary<string> {
  const valid = fromSchema(schema, document).map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 1, arbitrary: hostileValue.map((value) => (typeof value === "string" ? value : JSON.stringify(value) ?? "")) },
  );
}
