/**
 * `${NAME}` substitution from an explicit map (there is no ambient environment on Workers or in
 * browsers). `${NAME:-fallback}` gives a fallback; `$${...}` writes a literal `${...}`. Module code given
 * inline (`source: { inline }` or `{ files, entry }`) is left exactly as written.
 */
import type { Issue } from "../errors.ts";

/** What to do with a `${NAME}` that is not in the map and has no fallback. */
export type MissingEnvPolicy = "error" | "empty" | "keep";

/** Options of {@link substituteEnv}. */
export interface SubstituteEnvOptions {
  env?: Readonly<Record<string, string | undefined>>;
  missing?: MissingEnvPolicy;
}

/** A `source` given as code (an object) rather than as a path or URL (a string). */
function isCodeSource(key: string, value: unknown): boolean {
  return (key === "source" || key.endsWith("_source")) && value !== null && typeof value === "object";
}

const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Returns a copy of `value` with every `${NAME}` in its strings replaced, and the issues found
 * (one per missing variable when `missing` is `"error"`).
 */
export function substituteEnv(value: unknown, options: SubstituteEnvOptions = {}): { value: unknown; issues: Issue[] } {
  const env = options.env ?? {};
  const missing = options.missing ?? "error";
  const issues: Issue[] = [];
  const visit = (item: unknown, path: (string | number)[]): unknown => {
    if (typeof item === "string") return replaceIn(item, path);
    if (Array.isArray(item)) return item.map((child, index) => visit(child, [...path, index]));
    if (item !== null && typeof item === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(item)) {
        // Module code ({ inline } or { files }) is JavaScript, whose template literals look like `${NAME}`.
        out[key] = isCodeSource(key, child) ? child : visit(child, [...path, key]);
      }
      return out;
    }
    return item;
  };
  const replaceIn = (text: string, path: (string | number)[]): string =>
    text.replace(PATTERN, (match, escaped: string, name: string, fallback: string | undefined) => {
      if (escaped) return match.slice(1);
      const found = Object.hasOwn(env, name) ? env[name] : undefined;
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      if (missing === "keep") return match;
      if (missing === "error") {
        issues.push({
          path,
          message: `environment variable ${name} is not set (pass it in the env map, or write \${${name}:-fallback})`,
          code: "missing_env",
        });
      }
      return "";
    });
  return { value: visit(value, []), issues };
}
