/**
 * The mount plan (reference §7) as zod schemas. Module entries are strict, so a misspelt key is
 * an error that names its path instead of a silently dropped setting.
 */
import { z } from "zod";
import { moduleSourceSchema } from "./module-source.ts";
import { sandboxOptionsSchema } from "./sandbox-options.ts";

const configSchema = z.record(z.string(), z.unknown(), { error: "expected an object (a map of settings)" });

const moduleIdSchema = z
  .string({ error: "expected a module id (a string)" })
  .min(1, { message: "must not be empty", abort: true })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/,
    "must be a module id such as tool-calculator (letters, digits, - _ . : / @)",
  );

const sandboxRule = (value: { source?: unknown; sandbox?: unknown }, context: z.RefinementCtx) => {
  if (value.sandbox !== undefined && value.source === undefined) {
    context.addIssue({
      code: "custom",
      path: ["sandbox"],
      message: "only a module with a source runs in a sandbox; add source or remove sandbox",
    });
  }
};

const entryShape = {
  module: moduleIdSchema,
  source: moduleSourceSchema.optional(),
  config: configSchema.optional(),
  sandbox: sandboxOptionsSchema.optional(),
};

/** A tool or hook entry: `{ module, source?, config?, sandbox? }`. */
export const moduleEntrySchema = z.strictObject(entryShape).superRefine(sandboxRule);

/** A tool or hook entry. */
export type ModuleEntry = z.input<typeof moduleEntrySchema>;

/** A provider entry; `instance_id` mounts a second instance of the same module under another name. */
export const providerEntrySchema = z
  .strictObject({
    ...entryShape,
    instance_id: z.string().min(1, "must not be empty").optional(),
  })
  .superRefine(sandboxRule);

/** A provider entry. */
export type ProviderEntry = z.input<typeof providerEntrySchema>;

/** `session.orchestrator` / `session.context`: a module id or `{ module, source?, config?, sandbox? }`. */
export const moduleSpecSchema = z.union([moduleIdSchema, z.strictObject(entryShape).superRefine(sandboxRule)], {
  error: (issue) => {
    if (issue.code !== "invalid_union") return undefined;
    const expected = "a module id or { module, source?, config?, sandbox? }";
    return issue.input === undefined ? `required (${expected})` : `expected ${expected}`;
  },
});

/** `session.orchestrator` / `session.context`. */
export type ModuleSpec = z.input<typeof moduleSpecSchema>;

/** The `session` section. Unknown keys are kept for the application layer. */
export const sessionSectionSchema = z.looseObject({
  orchestrator: moduleSpecSchema,
  context: moduleSpecSchema,
  orchestrator_source: moduleSourceSchema.optional(),
  context_source: moduleSourceSchema.optional(),
  injection_budget_per_turn: z.number().int().positive().nullish(),
  injection_size_limit: z.number().int().positive().nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  raw: z.boolean().optional(),
});

/** `orchestrator: { config }` / `context: { config }` at the top level. */
const topLevelConfigSchema = z.strictObject({ config: configSchema.optional() });

/** A mount plan. Unknown top-level sections are kept (validateMountPlan warns about them). */
export const mountPlanSchema = z
  .looseObject({
    session: sessionSectionSchema,
    orchestrator: topLevelConfigSchema.optional(),
    context: topLevelConfigSchema.optional(),
    providers: z.array(providerEntrySchema, { error: "expected a list of provider entries" }).default([]),
    tools: z.array(moduleEntrySchema, { error: "expected a list of tool entries" }).default([]),
    hooks: z.array(moduleEntrySchema, { error: "expected a list of hook entries" }).default([]),
    agents: z.record(z.string(), z.unknown()).optional(),
    spawn: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((plan, context) => checkProviderInstances(plan.providers, context));

/** A mount plan as written. */
export type MountPlanInput = z.input<typeof mountPlanSchema>;

/** A parsed mount plan (module lists always present). */
export type MountPlan = z.output<typeof mountPlanSchema>;

/** At most one entry per provider module may omit `instance_id`, and instance ids are unique. */
function checkProviderInstances(providers: readonly z.output<typeof providerEntrySchema>[], context: z.RefinementCtx) {
  const withoutInstance = new Map<string, number>();
  const names = new Map<string, number>();
  providers.forEach((entry, index) => {
    if (entry.instance_id === undefined) {
      const first = withoutInstance.get(entry.module);
      if (first !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["providers", index, "instance_id"],
          message: `required: providers[${first}] already mounts ${entry.module} without an instance_id`,
        });
      } else withoutInstance.set(entry.module, index);
    }
    const name = entry.instance_id ?? entry.module;
    const clash = names.get(name);
    if (clash !== undefined && entry.instance_id !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["providers", index, "instance_id"],
        message: `duplicate instance_id "${name}" (also providers[${clash}])`,
      });
    }
    if (clash === undefined) names.set(name, index);
  });
}
