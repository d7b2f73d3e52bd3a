/**
 * Config parsing for built-in modules: every module validates its config with zod, and a bad
 * config becomes one clear `invalid_config` KernelError naming the module and the path.
 */
import type { z } from "zod";
import type { Coordinator } from "../../contracts.ts";
import { formatIssuePath } from "../../errors.ts";
import { parseOrThrow } from "../../issues.ts";

/**
 * Parses `config` with `schema`, or throws.
 *
 * @throws KernelError `invalid_config`, whose message names the module and each bad path
 *   (`tool-web: invalid config: config.timeout: ...`), whose `issues` list every problem under
 *   `["config", ...]`, and whose `data.module_id` names the module.
 * @example
 * const options = parseModuleConfig("tool-web", webConfigSchema, config);
 */
export function parseModuleConfig<Schema extends z.ZodType>(
  moduleId: string,
  schema: Schema,
  config: unknown,
): z.output<Schema> {
  return parseOrThrow(schema, config ?? {}, {
    code: "invalid_config",
    subject: `${moduleId}: invalid config`,
    prefix: ["config"],
    data: { module_id: moduleId },
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
    message: `${moduleId}: ignored unknown config ${unknown.map((key) => formatIssuePath(["config", key])).join(", ")}`,
    data: { module_id: moduleId, keys: unknown },
  });
  return parsed;
}
