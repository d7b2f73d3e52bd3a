/**
 * Arguments for a tool, built from its `input_schema` so that they validate: every keyword handled
 * here (types, required, enum, const, default, examples, formats, string lengths, number bounds,
 * multipleOf, array sizes, $ref, allOf, anyOf, oneOf) is satisfied by construction. Keywords it
 * cannot honour (`pattern`, `not`, …) are named, so the page can say "check these".
 */

type Schema = Record<string, unknown>;

/** A sample and the keywords it could not honour (by path, e.g. `code: pattern`). */
export interface Sample {
  readonly value: unknown;
  readonly unsupported: readonly string[];
}

const UNSUPPORTED = ["pattern", "not", "if", "patternProperties", "dependentSchemas", "contains", "propertyNames"];
const MAX_DEPTH = 12;

const FORMATS: Record<string, string> = {
  "date-time": "2025-01-01T12:00:00Z",
  date: "2025-01-01",
  time: "12:00:00Z",
  email: "someone@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "uri-reference": "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uuid: "00000000-0000-4000-8000-000000000000",
};

/**
 * A value for `schema`; `seed` is the text the first free string gets (what the user asked about),
 * `"example"` when there is none.
 *
 * @example
 * sampleValue({ type: "object", properties: { text: { type: "string" } }, required: ["text"] }, "a b c");
 * // { value: { text: "a b c" }, unsupported: [] }
 */
export function sampleValue(schema: unknown, seed?: string): Sample {
  const unsupported: string[] = [];
  const state = { root: schema, seed, unsupported };
  return { value: sample(schema, state, "", 0), unsupported };
}

interface State {
  readonly root: unknown;
  seed: string | undefined;
  readonly unsupported: string[];
}

function sample(input: unknown, state: State, path: string, depth: number): unknown {
  if (input === true || input === undefined || !isSchema(input)) return {};
  if (depth > MAX_DEPTH) return null;
  const schema = resolve(input, state, path);
  for (const keyword of UNSUPPORTED) if (keyword in schema) state.unsupported.push(`${path || "(input)"}: ${keyword}`);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const branches = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : [])[0];
  if (branches !== undefined)
    return sample({ ...withoutBranches(schema), ...asSchema(branches) }, state, path, depth + 1);
  switch (typeOf(schema)) {
    case "object":
      return sampleObject(schema, state, path, depth);
    case "array":
      return sampleArray(schema, state, path, depth);
    case "string":
      return sampleString(schema, state, path);
    case "integer":
      return sampleNumber(schema, true);
    case "number":
      return sampleNumber(schema, false);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

/** `$ref` (to `#/…` in the same schema) and `allOf` folded into one schema. */
function resolve(schema: Schema, state: State, path: string): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string" && hops < MAX_DEPTH; hops += 1) {
    const target = pointer(state.root, current.$ref);
    if (target === undefined) {
      state.unsupported.push(`${path || "(input)"}: $ref ${current.$ref}`);
      break;
    }
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  if (Array.isArray(current.allOf)) {
    const { allOf, ...rest } = current;
    return allOf.filter(isSchema).reduce<Schema>((merged, part) => merge(merged, resolve(part, state, path)), rest);
  }
  return current;
}

function merge(into: Schema, part: Schema): Schema {
  const properties = { ...asSchema(into.properties), ...asSchema(part.properties) };
  const required = [...new Set([...stringsOf(into.required), ...stringsOf(part.required)])];
  return { ...into, ...part, properties, required };
}

function sampleObject(schema: Schema, state: State, path: string, depth: number): Record<string, unknown> {
  const properties = asSchema(schema.properties);
  const required = stringsOf(schema.required);
  // Required fields first (the seed goes to the first of them), then the others, so a form shows every field.
  const keys = [...new Set([...required, ...Object.keys(properties)])];
  const value: Record<string, unknown> = {};
  for (const key of keys) {
    const child = properties[key] ?? (isSchema(schema.additionalProperties) ? schema.additionalProperties : {});
    value[key] = sample(child, state, path === "" ? key : `${path}.${key}`, depth + 1);
  }
  return value;
}

function sampleArray(schema: Schema, state: State, path: string, depth: number): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const minItems = typeof schema.minItems === "number" ? schema.minItems : 1;
  const maxItems = typeof schema.maxItems === "number" ? schema.maxItems : Number.POSITIVE_INFINITY;
  const count = Math.max(prefix.length, Math.min(Math.max(minItems, 1), maxItems));
  const items: unknown[] = [];
  for (let index = 0; index < count; index += 1) {
    const itemSchema = index < prefix.length ? prefix[index] : (schema.items ?? {});
    items.push(sample(itemSchema, state, `${path}[${index}]`, depth + 1));
  }
  if (schema.uniqueItems === true && count > 1) state.unsupported.push(`${path || "(input)"}: uniqueItems`);
  return items;
}

function sampleString(schema: Schema, state: State, path: string): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  let text = format ?? state.seed ?? "example";
  if (format === undefined) state.seed = undefined;
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (format !== undefined) {
    // A format's sample is kept whole: cut or padded it would no longer be that format.
    const length = [...format].length;
    if (length > maxLength || length < minLength) {
      const limit = length > maxLength ? `maxLength ${maxLength}` : `minLength ${minLength}`;
      state.unsupported.push(`${path || "(input)"}: format ${String(schema.format)} with ${limit}`);
    }
    return format;
  }
  // Lengths count code points, as JSON Schema does.
  const points = [...text];
  if (points.length > maxLength) text = points.slice(0, maxLength).join("");
  if ([...text].length < minLength) text = text + "x".repeat(minLength - [...text].length);
  return text;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const bound = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  const minimum = bound("minimum");
  const maximum = bound("maximum");
  const above = bound("exclusiveMinimum");
  const below = bound("exclusiveMaximum");
  const multiple = (bound("multipleOf") ?? 0) > 0 ? bound("multipleOf") : undefined;
  const fits = (value: number) =>
    (minimum === undefined || value >= minimum) &&
    (maximum === undefined || value <= maximum) &&
    (above === undefined || value > above) &&
    (below === undefined || value < below) &&
    (!integer || Number.isInteger(value));
  const step = multiple ?? (integer ? 1 : 0);
  if (step === 0) {
    // A real number: 1 when it fits, else the middle of what is allowed (or just inside a bound).
    if (fits(1)) return 1;
    const low = Math.max(minimum ?? Number.NEGATIVE_INFINITY, above ?? Number.NEGATIVE_INFINITY);
    const high = Math.min(maximum ?? Number.POSITIVE_INFINITY, below ?? Number.POSITIVE_INFINITY);
    if (Number.isFinite(low) && Number.isFinite(high)) return fits(low) ? low : fits(high) ? high : (low + high) / 2;
    return Number.isFinite(low) ? (fits(low) ? low : low + 1) : fits(high) ? high : high - 1;
  }
  // The multiple of the step nearest 1 (or the lower bound) that fits, upwards first, then downwards.
  const from = Math.max(1, minimum ?? Number.NEGATIVE_INFINITY, above ?? Number.NEGATIVE_INFINITY);
  const base = Math.ceil(Math.min(from, maximum ?? from, below ?? from) / step);
  for (let offset = 0; offset < 10_000; offset += 1) {
    for (const factor of [base + offset, base - offset - 1]) {
      const value = Number((factor * step).toPrecision(15));
      if (fits(value)) return value;
    }
  }
  return from;
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type)
    ? (schema.type.find((item) => item !== "null") ?? schema.type[0])
    : schema.type;
  if (typeof type === "string") return type;
  if (isSchema(schema.properties) || "required" in schema) return "object";
  if ("items" in schema || "prefixItems" in schema) return "array";
  return undefined;
}

function pointer(root: unknown, reference: string): Schema | undefined {
  if (!reference.startsWith("#")) return undefined;
  let current: unknown = root;
  for (const part of reference
    .slice(1)
    .split("/")
    .filter((segment) => segment !== "")) {
    const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isSchema(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return isSchema(current) ? current : undefined;
}

function withoutBranches(schema: Schema): Schema {
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  return rest;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asSchema(value: unknown): Record<string, Schema> {
  return isSchema(value) ? (value as Record<string, Schema>) : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
