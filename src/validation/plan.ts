/** validateMountPlan: schema errors, unknown sections and unresolvable modules, as checks. */
import type { ModuleDefinition, ModuleRegistry } from "../contracts.ts";
import { formatIssue, issuesFromZod } from "../issues.ts";
import { toModuleRegistry } from "../loader.ts";
import { findUnsafeKeys } from "../plan/safe-keys.ts";
import type { SandboxOptions } from "../plan/sandbox-options.ts";
import { type MountPlan, mountPlanSchema } from "../plan/schema.ts";
import { fail, pass, report, type ValidationCheck, type ValidationReport } from "./check.ts";

const KNOWN_SECTIONS = new Set([
  "session",
  "orchestrator",
  "context",
  "providers",
  "tools",
  "hooks",
  "agents",
  "spawn",
]);

/** Options of {@link validateMountPlan}. */
export interface ValidateMountPlanOptions {
  /** When given, every module without a source must be one of these built-ins. */
  modules?: ModuleRegistry | readonly ModuleDefinition[];
  /** Whether a SandboxLoader will be available for modules with a source (default true). */
  sandbox?: boolean;
}

/** A plan validation report, with the parsed plan when it is valid. */
export interface MountPlanValidation extends ValidationReport {
  plan?: MountPlan;
}

/**
 * Validates a mount plan object (already parsed from text) without mounting anything. Never throws.
 *
 * @example
 * const { passed, checks } = validateMountPlan(plan, { modules: builtins });
 */
export function validateMountPlan(plan: unknown, options: ValidateMountPlanOptions = {}): MountPlanValidation {
  const checks: ValidationCheck[] = [];
  if (typeof plan !== "object" || plan === null || Array.isArray(plan)) {
    return report([fail("plan_schema", "(plan): expected an object with a session section")]);
  }
  const unsafe = findUnsafeKeys(plan);
  for (const issue of unsafe) checks.push(fail("plan_safe_keys", formatIssue(issue)));
  for (const section of Object.keys(plan)) {
    if (!KNOWN_SECTIONS.has(section))
      checks.push(fail("plan_sections", `unknown section "${section}" (ignored by the kernel)`, "warning"));
  }
  const parsed = mountPlanSchema.safeParse(plan);
  if (!parsed.success) {
    for (const issue of issuesFromZod(parsed.error)) checks.push(fail("plan_schema", formatIssue(issue)));
    return report(checks);
  }
  checks.push(pass("plan_schema", "the plan matches the mount-plan schema"));
  checks.push(...moduleChecks(parsed.data, options));
  checks.push(...permissionChecks(parsed.data));
  return { ...report(checks), plan: parsed.data };
}

function moduleChecks(plan: MountPlan, options: ValidateMountPlanOptions): ValidationCheck[] {
  if (options.modules === undefined) return [];
  const registry = toModuleRegistry(options.modules);
  const sandbox = options.sandbox ?? true;
  const checks: ValidationCheck[] = [];
  const entries: { path: string; module: string; source: unknown }[] = [
    specEntry("session.orchestrator", plan.session.orchestrator, plan.session.orchestrator_source),
    specEntry("session.context", plan.session.context, plan.session.context_source),
    ...(["providers", "tools", "hooks"] as const).flatMap((list) =>
      plan[list].map((entry, index) => ({
        path: `${list}[${index}].module`,
        module: entry.module,
        source: entry.source,
      })),
    ),
  ];
  for (const entry of entries) {
    if (entry.source !== undefined) {
      if (!sandbox)
        checks.push(fail("plan_modules", `${entry.path}: "${entry.module}" has a source but no sandbox is available`));
    } else if (!Object.hasOwn(registry, entry.module)) {
      checks.push(fail("plan_modules", `${entry.path}: "${entry.module}" is not a built-in module and has no source`));
    }
  }
  if (checks.length === 0) checks.push(pass("plan_modules", "every module resolves"));
  return checks;
}

function specEntry(path: string, spec: MountPlan["session"]["orchestrator"], hint: unknown) {
  return typeof spec === "string"
    ? { path, module: spec, source: hint }
    : { path: `${path}.module`, module: spec.module, source: spec.source ?? hint };
}

/** Warns about grants that are risky together: a module that can read the conversation and reach the network. */
function permissionChecks(plan: MountPlan): ValidationCheck[] {
  const checks: ValidationCheck[] = [];
  const sandboxed: { path: string; sandbox: SandboxOptions | undefined }[] = [
    ...(["orchestrator", "context"] as const).map((key) => {
      const spec = plan.session[key];
      return { path: `session.${key}.sandbox`, sandbox: typeof spec === "string" ? undefined : spec.sandbox };
    }),
    ...(["providers", "tools", "hooks"] as const).flatMap((list) =>
      plan[list].map((entry, index) => ({ path: `${list}[${index}].sandbox`, sandbox: entry.sandbox })),
    ),
  ];
  for (const { path, sandbox } of sandboxed) {
    const permissions = sandbox?.permissions;
    if (permissions?.transcript === true && (permissions.fetch?.length ?? 0) > 0) {
      checks.push(
        fail(
          "plan_permissions",
          `${path}.permissions: transcript with fetch (${permissions.fetch?.join(", ")}): this module can read the conversation and send it to those hosts`,
          "warning",
        ),
      );
    }
  }
  return checks;
}
