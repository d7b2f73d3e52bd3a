/**
 * fast-check arbitraries for fuzzing the boundary: JSON-ish values with the keys and numbers that
 * break naive code, recipes for hostile values a guest builds itself, hook results, mount plans and
 * provider responses that are almost right.
 */
import fc from "fast-check";

/** Keys that reach prototypes or look special to JavaScript and JSON code. */
export const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toJSON", "then", "valueOf", "hasOwnProperty"];

const key = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 12 }) }, fc.constantFrom(...HOSTILE_KEYS));

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  fc.string({ unit: "binary", maxLength: 20 }),
  // "$" + "{HOME}": an env reference, which plans substitute.
  fc.constantFrom("", "\u0000", "\ud800", "\udfff\ud800", "$" + "{HOME}", "</script>", "\u2028\u2029"),
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, 5e-324),
);

/** Own properties, `__proto__` included (Object.fromEntries defines it as a plain own key). */
const record = <T>(value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(key, value), { maxLength: 6 }).map((entries) => Object.fromEntries(entries));

/** JSON-ish values: what a model or a host may put into a call, including what JSON cannot say. */
export const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie("value"), { maxLength: 6 }),
    record(tie("value")),
  ),
})).value;

/** The same values as JSON would carry them: hostile prototype keys dropped, non-finite numbers null, -0 as 0. */
export function asJson(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (Array.isArray(value)) return value.map(asJson);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([name]) => name !== "__proto__" && name !== "constructor" && name !== "prototype")
      .map(([name, item]) => [name, asJson(item)]);
    return Object.fromEntries(entries);
  }
  return value;
}

/** The key of a recipe node; random JSON (keys of at most 12 random characters) practically never uses it. */
export const RECIPE_KEY = "$recipe";

/**
 * A recipe for a value the guest builds itself (JSON cannot carry the hostile leaves): the guest
 * turns `{ $recipe: "bigint" }` into a BigInt, `{ $recipe: "cycle" }` into an object that contains
 * itself, and so on.
 */
export const LEAVES = ["bigint", "function", "symbol", "cycle", "throwing-getter", "undefined", "date", "map"] as const;
/** Leaves whose value must be refused; the others cross as JSON would write them. */
export const REFUSED_LEAVES: ReadonlySet<string> = new Set([
  "bigint",
  "function",
  "symbol",
  "cycle",
  "throwing-getter",
]);

export const recipe: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    jsonish,
    fc.constantFrom(...LEAVES).map((leaf) => ({ [RECIPE_KEY]: leaf })),
    fc.array(tie("node"), { maxLength: 4 }),
    fc
      .dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 4 })
      .map((entries) => ({ [RECIPE_KEY]: "object", entries })),
  ),
})).node;

/** True when a recipe contains a leaf the boundary must refuse. */
export function hasRefusedLeaf(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasRefusedLeaf);
  if (node === null || typeof node !== "object") return false;
  const kind = (node as Record<string, unknown>)[RECIPE_KEY];
  const entries = (node as { entries?: Record<string, unknown> }).entries;
  if (typeof kind === "string" && REFUSED_LEAVES.has(kind)) return true;
  if (kind === "object" && entries) return Object.values(entries).some(hasRefusedLeaf);
  return false;
}

/** Hook results: valid ones, valid shapes with wrong types, and junk. */
export const hookResultish: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      action: fc.oneof(fc.constantFrom("continue", "deny", "modify", "inject_context", "ask_user"), text, number),
      data: fc.oneof(record(jsonish), jsonish),
      reason: fc.oneof(text, number),
      context_injection: fc.oneof(text, fc.string({ maxLength: 3000 }), jsonish),
      context_injection_role: fc.oneof(fc.constantFrom("system", "user", "assistant"), text),
      ephemeral: fc.oneof(fc.boolean(), jsonish),
      approval_prompt: fc.oneof(text, jsonish),
      approval_options: fc.oneof(fc.array(text, { maxLength: 4 }), jsonish),
      approval_timeout: fc.oneof(fc.double({ min: 0, max: 0.01, noNaN: true }), number, jsonish),
      approval_default: fc.oneof(fc.constantFrom("allow", "deny"), text),
      suppress_output: fc.oneof(fc.boolean(), jsonish),
      user_message: fc.oneof(text, jsonish),
      user_message_level: fc.oneof(fc.constantFrom("info", "warning", "error"), text),
    },
    { requiredKeys: [] },
  ),
  jsonish,
);

const moduleEntry = fc.oneof(
  text,
  record(jsonish),
  fc.record(
    {
      module: fc.oneof(fc.constantFrom("tool-calculator", "provider-mock", "loop-basic", "context-simple"), text),
      source: fc.oneof(text, fc.record({ inline: text }), fc.record({ files: record(text), entry: text }), jsonish),
      config: fc.oneof(record(jsonish), jsonish),
      sandbox: fc.oneof(
        fc.record(
          {
            memory_mb: number,
            timeout_ms: number,
            placement: fc.oneof(fc.constantFrom("inline", "worker"), text),
            permissions: fc.oneof(record(jsonish), fc.record({ fetch: fc.array(text, { maxLength: 3 }) })),
          },
          { requiredKeys: [] },
        ),
        jsonish,
      ),
    },
    { requiredKeys: [] },
  ),
);

/** Mount plans: plausible sections with wrong entries, and junk. */
export const planish: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      session: fc.oneof(
        fc.record(
          { orchestrator: moduleEntry, context: moduleEntry, injection_size_limit: number },
          { requiredKeys: [] },
        ),
        jsonish,
      ),
      providers: fc.oneof(fc.array(moduleEntry, { maxLength: 3 }), jsonish),
      tools: fc.oneof(fc.array(moduleEntry, { maxLength: 3 }), jsonish),
      hooks: fc.oneof(fc.array(moduleEntry, { maxLength: 3 }), jsonish),
      agents: jsonish,
    },
    { requiredKeys: [] },
  ),
  record(jsonish),
  jsonish,
);

const toolCall = fc.record(
  {
    id: fc.oneof(fc.constantFrom("c1", "c2"), text, number),
    name: fc.oneof(fc.constant("calculator"), text),
    arguments: jsonish,
  },
  { requiredKeys: [] },
);

/** Provider responses: valid ones with odd contents, almost-valid ones, and junk. */
export const responseish: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      content: fc.oneof(
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constant("text"), text }),
            fc.record({ type: fc.oneof(fc.constantFrom("thinking", "tool_use", "image"), text), text: jsonish }),
            jsonish,
          ),
          { maxLength: 4 },
        ),
        jsonish,
      ),
      tool_calls: fc.oneof(fc.array(toolCall, { maxLength: 3 }), jsonish),
      usage: fc.oneof(fc.record({ input_tokens: number, output_tokens: number }), jsonish),
      finish_reason: fc.oneof(fc.constantFrom("end_turn", "tool_use", "max_tokens"), text),
    },
    { requiredKeys: [] },
  ),
  jsonish,
);
