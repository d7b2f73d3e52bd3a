/**
 * Bounds on a JSON Schema the host will compile and run. A tool's `input_schema` comes from the
 * tool's author, who may be untrusted (a sandboxed module, an MCP server), and the host validates
 * model input against it on its own thread, where nothing interrupts it: 40 chained
 * `allOf`/`$ref` pairs (2^40 subschema visits) or `pattern: "^(a+)+$"` against 34 a's and a `!`
 * blocked the kernel for 25 s and more. A schema is refused unless, cheaply checked first:
 *
 * - it is small (64 KiB of JSON) and shallow (32 levels);
 * - every `$ref` is local (`#...`) and resolves, and the schema fully expanded through `$ref`,
 *   `allOf`, `anyOf` and `oneOf` has at most 10,000 subschemas (recursion counts once);
 * - every regular expression (`pattern`, `patternProperties` keys) is short and has none of the
 *   shapes that backtrack exponentially: a quantified group that holds a quantifier or an
 *   alternation, a backreference, a lookaround; and at most three unbounded quantifiers.
 */

/** The limits, fixed: a schema past them is not one a tool needs. */
export const SCHEMA_LIMITS = Object.freeze({ bytes: 64 * 1024, depth: 32, expanded: 10_000, patternLength: 256 });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What is wrong with `schema` for a host to validate against, or undefined when it is safe. */
export function schemaSafetyProblem(schema: unknown): string | undefined {
  if (schema === undefined || schema === null || typeof schema === "boolean") return undefined;
  if (typeof schema !== "object" || Array.isArray(schema)) return "is not a JSON Schema object";
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    return "is not JSON data";
  }
  if (text.length > SCHEMA_LIMITS.bytes) return `is larger than ${SCHEMA_LIMITS.bytes} bytes of JSON`;
  const root = schema as Json;
  return shapeProblem(root, root, 0, "#") ?? expansionProblem(root);
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Depth, `$ref` locality and the regular expressions, in one walk. */
function shapeProblem(node: Json, root: Json, depth: number, where: string): string | undefined {
  if (depth > SCHEMA_LIMITS.depth) return `nests deeper than ${SCHEMA_LIMITS.depth} levels (at ${where})`;
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const problem = shapeProblem(item, root, depth + 1, `${where}/${index}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    const at = `${where}/${key}`;
    if (key === "$ref" && typeof value === "string") {
      if (!value.startsWith("#")) return `has a $ref that is not local (${value.slice(0, 100)} at ${where})`;
      if (resolvePointer(root, value) === undefined) return `has a $ref that does not resolve (${value.slice(0, 100)})`;
    }
    if (key === "pattern" && typeof value === "string") {
      const problem = regexProblem(value);
      if (problem) return `has an unsafe pattern at ${at}: ${problem}`;
    }
    if (key === "patternProperties" && isObject(value)) {
      for (const pattern of Object.keys(value)) {
        const problem = regexProblem(pattern);
        if (problem) return `has an unsafe patternProperties key at ${at}: ${problem}`;
      }
    }
    const problem = shapeProblem(value, root, depth + 1, at);
    if (problem) return problem;
  }
  return undefined;
}

/** The node a local JSON pointer (`#/$defs/a`) names, or undefined. */
function resolvePointer(root: Json, reference: string): Json | undefined {
  if (reference === "#") return root;
  if (!reference.startsWith("#/")) return undefined;
  let node: Json | undefined = root;
  for (const raw of reference.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.hasOwn(node, key) ? node[key] : undefined;
    else return undefined;
  }
  return node;
}

/**
 * The number of subschemas the schema expands to through `$ref` (memoized per target, a reference
 * back into a schema being expanded counting once), compared with the limit.
 */
function expansionProblem(root: Json): string | undefined {
  const sizes = new Map<Json, number>();
  const open = new Set<Json>();
  const size = (node: Json): number => {
    if (Array.isArray(node)) return node.reduce<number>((total, item) => total + size(item), 0);
    if (!isObject(node)) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return 1;
    open.add(node);
    let total = 1;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const target = resolvePointer(root, value);
        if (target !== undefined) total += size(target);
      } else if (key !== "enum" && key !== "const" && key !== "default" && key !== "examples") {
        total += size(value);
      }
      if (total > SCHEMA_LIMITS.expanded) break;
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  const total = size(root);
  return total > SCHEMA_LIMITS.expanded
    ? `expands to more than ${SCHEMA_LIMITS.expanded} subschemas through $ref, allOf, anyOf and oneOf`
    : undefined;
}

/** What makes a regular expression unsafe for a backtracking engine, or undefined. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > SCHEMA_LIMITS.patternLength) return `longer than ${SCHEMA_LIMITS.patternLength} characters`;
  try {
    new RegExp(pattern, "u");
  } catch {
    return "not a valid regular expression";
  }
  const groups: { quantified: boolean; alternation: boolean }[] = [];
  let unbounded = 0;
  let lastAtomWasGroup: { quantified: boolean; alternation: boolean } | undefined;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === "\\") {
      const next = pattern[index + 1] ?? "";
      if (/[1-9k]/.test(next)) return "a backreference";
      index += 1;
      lastAtomWasGroup = undefined;
      continue;
    }
    if (char === "[") {
      index = endOfClass(pattern, index);
      lastAtomWasGroup = undefined;
      continue;
    }
    if (char === "(") {
      if (/^\(\?<?[=!]/.test(pattern.slice(index, index + 4))) return "a lookaround";
      groups.push({ quantified: false, alternation: false });
      lastAtomWasGroup = undefined;
      continue;
    }
    if (char === ")") {
      lastAtomWasGroup = groups.pop();
      continue;
    }
    if (char === "|") {
      const current = groups.at(-1);
      if (current) current.alternation = true;
      continue;
    }
    const quantifier = quantifierAt(pattern, index);
    if (quantifier) {
      if (quantifier.unbounded) unbounded += 1;
      if (quantifier.repeats && lastAtomWasGroup && (lastAtomWasGroup.quantified || lastAtomWasGroup.alternation)) {
        return lastAtomWasGroup.quantified
          ? "a repeated group that holds a quantifier (nested quantifiers backtrack exponentially)"
          : "a repeated group that holds an alternation (overlapping branches backtrack exponentially)";
      }
      for (const group of groups) group.quantified = true;
      index = quantifier.end - 1;
      lastAtomWasGroup = undefined;
      continue;
    }
    lastAtomWasGroup = undefined;
  }
  return unbounded > 3 ? "more than three unbounded quantifiers" : undefined;
}

function endOfClass(pattern: string, start: number): number {
  for (let index = start + 1; index < pattern.length; index += 1) {
    if (pattern[index] === "\\") index += 1;
    else if (pattern[index] === "]") return index;
  }
  return pattern.length;
}

/** The quantifier at `index` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, maybe lazy), if any. */
function quantifierAt(
  pattern: string,
  index: number,
): { readonly end: number; readonly unbounded: boolean; readonly repeats: boolean } | undefined {
  const char = pattern[index];
  const lazy = (end: number) => (pattern[end] === "?" ? end + 1 : end);
  if (char === "*" || char === "+") return { end: lazy(index + 1), unbounded: true, repeats: true };
  if (char === "?") return { end: lazy(index + 1), unbounded: false, repeats: false };
  if (char !== "{") return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!match) return undefined;
  const unbounded = match[2] !== undefined && match[3] === "";
  const max = match[2] === undefined ? Number(match[1]) : unbounded ? Number.POSITIVE_INFINITY : Number(match[3]);
  return { end: lazy(index + match[0].length), unbounded, repeats: max > 1 };
}
