/**
 * Config parsing for built-in modules: every module validates its config with zod, and a bad
 * config becomes one clear `invalid_config` KernelError naming the module and the path.
 */
import type { z } from "zod";
import { KernelError } from "../../errors.ts";

/** One problem found in a module's config. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Formats a zod issue path as `config.allowed_paths[2]`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = "config";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return text;
}

/** A zod issue in plain words: a missing field reads "required (expected string)". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const missing = /^Invalid input: expected (.+), received undefined$/.exec(issue.message);
  if (missing) return `required (expected ${missing[1]})`;
  return issue.message.replace(/^Invalid input: /, "");
}

/**
 * Parses `config` with `schema`, or throws.
 *
 * @throws KernelError `invalid_config`, whose message names the module and each bad path, and
 *   whose `data.issues` lists `{ path, message }`.
 * @example
 * const options = parseModuleConfig("tool-web", webConfigSchema, config);
 */
export function parseModuleConfig<Schema extends z.ZodType>(
  moduleId: string,
  schema: Schema,
  config: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const issues: ConfigIssue[] = parsed.error.issues.map((issue) => ({
    path: formatConfigPath(issue.path),
    message: describeIssue(issue),
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  throw new KernelError("invalid_config", `${moduleId}: invalid config: ${summary}`, {
    data: { module_id: moduleId, issues },
  });
}
