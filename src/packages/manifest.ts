/**
 * A module package's manifest: the `amplifier` field of its package.json. It says what kind of
 * module the package is, which file mounts it, and what it asks for, in the words of a plan's
 * `sandbox.permissions`, so a reader compares the request with the grant key by key.
 */
import { z } from "zod";
import { describeError, KernelError } from "../errors.ts";
import { parseOrThrow } from "../issues.ts";
import { sandboxPermissionsSchema } from "../plan/sandbox-options.ts";

/** The kinds a package may declare (a resolver is trusted code and never comes from a package). */
export const manifestKindSchema = z.enum(["tool", "hook", "provider", "orchestrator", "context"]);

/** Limits a module says it needs to work; a plan may still set its own. */
export const manifestLimitsSchema = z.strictObject({
  memory_mb: z.number().int().positive().optional(),
  timeout_ms: z.number().int().positive().optional(),
  stack_kb: z.number().int().positive().optional(),
  max_message_bytes: z.number().int().positive().optional(),
});

/** The `amplifier` field. Unknown keys are refused, so a misspelt permission is an error, not a silent gap. */
export const moduleManifestSchema = z.strictObject({
  kind: manifestKindSchema.describe("The module's kind: the mount point it mounts on"),
  /** The file that exports `mount`, relative to the package root (`index.js`, `dist/tool.mjs`). */
  entry: z
    .string()
    .min(1)
    .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\]+\.m?js$/, "must be a relative .js or .mjs path inside the package"),
  /** What the module asks for; nothing is asked for when it is absent. */
  permissions: sandboxPermissionsSchema
    .default(sandboxPermissionsSchema.parse({}))
    .describe("What the module asks for, in the words of a plan's sandbox.permissions; a plan may grant less"),
  limits: manifestLimitsSchema
    .optional()
    .describe("Limits the module needs to work; the plan's own limits still apply"),
});

/** A module's manifest as written. */
export type ModuleManifestInput = z.input<typeof moduleManifestSchema>;

/** A module's manifest after parsing (permission defaults applied). */
export type ModuleManifest = z.output<typeof moduleManifestSchema>;

/** The parts of package.json a module package must have. Other keys are the package's own. */
export const modulePackageJsonSchema = z.looseObject({
  name: z
    .string()
    .regex(/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/, "must be an npm package name such as @acme/tool-x"),
  version: z.string().min(1),
  amplifier: moduleManifestSchema,
});

/** A module package's package.json, parsed. */
export type ModulePackageJson = z.output<typeof modulePackageJsonSchema>;

/**
 * Parses a package.json (text or value) as a module package.
 *
 * @throws KernelError `module_invalid` naming every problem with its path (`amplifier.permissions.fetch.0`).
 * @example
 * const { amplifier } = parseModulePackageJson(await readFile("package.json", "utf8"), "my-tool");
 */
export function parseModulePackageJson(packageJson: unknown, where: string): ModulePackageJson {
  let value = packageJson;
  if (typeof packageJson === "string") {
    try {
      value = JSON.parse(packageJson);
    } catch (error) {
      throw new KernelError("module_invalid", `${where}: package.json is not JSON (${describeError(error)})`, {
        data: { package: where },
      });
    }
  }
  return parseOrThrow(modulePackageJsonSchema, value, {
    code: "module_invalid",
    subject: `${where}: package.json is not a module package`,
    data: { package: where },
  });
}

/** The JSON Schema of package.json's `amplifier` field, for editors (published in the package). */
export function moduleManifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(moduleManifestSchema, { io: "input", target: "draft-2020-12" });
  return { ...schema, title: "amplifier-edge module manifest (package.json#amplifier)" };
}

/** The schema file's text, as committed in schemas/. */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(moduleManifestJsonSchema(), null, 2)}\n`;
}
