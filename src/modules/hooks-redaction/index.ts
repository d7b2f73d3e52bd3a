/**
 * `hooks-redaction`: masks secrets in tool output before the model reads it. On `tool:post` it
 * rewrites `result` (the loop stores what hooks leave): configured literal secrets (for example
 * the API keys the host holds), values under sensitive keys in structured output, and the
 * built-in secret shapes of `secret-patterns.ts` plus configured patterns.
 */
import { z } from "zod";
import type { ModuleDefinition } from "../../contracts.ts";
import { TOOL_POST } from "../../hooks/events.ts";
import type { HookResultInput } from "../../models/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { DEFAULT_SENSITIVE_KEYS, redactKeys } from "../shared/redact-keys.ts";
import { BUILTIN_SECRET_PATTERNS, maskPatterns, type SecretPattern } from "./secret-patterns.ts";

export { BUILTIN_SECRET_PATTERNS, maskPatterns, type SecretPattern } from "./secret-patterns.ts";

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source, "g");
    return true;
  } catch {
    return false;
  }
}

/** Config of `hooks-redaction`. */
export const redactionConfigSchema = z.strictObject({
  /** Exact secret strings to mask wherever they appear (at least 4 characters each). */
  literals: z.array(z.string().min(4, "a literal secret must have at least 4 characters")).default([]),
  /** Extra regular expressions (JavaScript syntax) whose matches are masked. */
  patterns: z.array(z.string().min(1).refine(isValidRegExp, "not a valid regular expression")).default([]),
  /** Use the built-in secret shapes (API keys, tokens, JWTs, private keys, secret assignments). */
  builtin_patterns: z.boolean().default(true),
  /** Mask values under these keys in structured output, on top of the defaults. */
  redact_keys: z.array(z.string().min(1)).default([]),
  mask: z.string().default("[REDACTED]"),
  /** Runs before other tool:post handlers, so loggers and the model see masked output. */
  priority: z.number().default(-50),
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A redactor for strings and plain data; it counts what it masked. */
export function createRedactor(config: Omit<z.output<typeof redactionConfigSchema>, "priority">) {
  const patterns: SecretPattern[] = [
    ...[...config.literals]
      .sort((a, b) => b.length - a.length)
      .map((literal) => ({ name: "literal", pattern: new RegExp(escapeRegExp(literal), "g") })),
    ...(config.builtin_patterns ? BUILTIN_SECRET_PATTERNS : []),
    ...config.patterns.map((source) => ({ name: "configured", pattern: new RegExp(source, "g") })),
  ];
  const keys = [...DEFAULT_SENSITIVE_KEYS, ...config.redact_keys];
  let count = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") {
      const masked = maskPatterns(value, patterns, config.mask);
      count += masked.count;
      return masked.text;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    }
    return value;
  };
  return {
    redact(value: unknown): { value: unknown; count: number } {
      count = 0;
      const keyed = redactKeys(value, keys, config.mask);
      const before = JSON.stringify(keyed) === JSON.stringify(value) ? 0 : 1;
      const result = walk(keyed);
      return { value: result, count: count + before };
    },
  };
}

/** The `hooks-redaction` module. */
export const hooksRedaction: ModuleDefinition = {
  id: "hooks-redaction",
  type: "hook",
  description: "Masks secrets in tool output before it reaches the model.",
  version: "1.0.0",
  async mount(coordinator, config) {
    const parsed = parseModuleConfig("hooks-redaction", redactionConfigSchema, config);
    const redactor = createRedactor(parsed);
    const handler = (_event: string, data: Record<string, unknown>): HookResultInput => {
      if (!("result" in data)) return {};
      const { value, count } = redactor.redact(data.result);
      if (count === 0) return {};
      return { action: "modify", data: { ...data, result: value, redactions: count } };
    };
    return coordinator.hooks.register(TOOL_POST, handler, { priority: parsed.priority, name: "hooks-redaction" });
  },
};
