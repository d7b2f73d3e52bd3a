/**
 * Config parsing for built-in modules: every module validates its config with zod, and a bad
 * config becomes one clear `invalid_config` KernelError naming the module and the path.
 */
import type { z } from "zod";
import type { Coordinator } from "../../contracts.ts";
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

/**
 * Parses the config of a module whose original ignores keys it does not know (context-simple,
 * context-persistent, the loops): unknown top-level keys are dropped and reported through
 * `coordinator.warn` (`config_ignored`) instead of failing the mount, so a plan written for the
 * original still starts. Every other problem is still an `invalid_config` error.
 *
 * @throws KernelError `invalid_config` as {@link parseModuleConfig}.
 */
export function parseLenientModuleConfig<Schema extends z.ZodType>(
  moduleId: string,
  schema: Schema,
  config: unknown,
  coordinator: Pick<Coordinator, "warn">,
): z.output<Schema> {
  const input = config ?? {};
  const first = schema.safeParse(input);
  if (first.success) return first.data;
  const unknown = first.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" && issue.path.length === 0 ? issue.keys : [],
  );
  if (unknown.length === 0 || typeof input !== "object" || Array.isArray(input)) {
    return parseModuleConfig(moduleId, schema, input);
  }
  const kept = Object.fromEntries(Object.entries(input).filter(([key]) => !unknown.includes(key)));
  const parsed = parseModuleConfig(moduleId, schema, kept);
  coordinator.warn?.({
    code: "config_ignored",
    message: `${moduleId}: ignored unknown config ${unknown.map((key) => formatConfigPath([key])).join(", ")}`,
    data: { module_id: moduleId, keys: unknown },
  });
  return parsed;
}
