/** validateMountPlan: schema errors, unknown sections and unresolvable modules, as checks. */
import type { ModuleDefinition, ModuleRegistry } from "../contracts.ts";
import { formatIssue, issuesFromZod } from "../issues.ts";
import { toModuleRegistry } from "../loader.ts";
import { closestName, didYouMean } from "../plan/did-you-mean.ts";
import { findUnsafeKeys } from "../plan/safe-keys.ts";
import type { SandboxOptions } from "../plan/sandbox-options.ts";
import { type MountPlan, mountPlanSchema, sessionSectionSchema } from "../plan/schema.ts";
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
  checks.push(...unknownKeyChecks(plan as Record<string, unknown>));
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

const SESSION_KEYS = Object.keys(sessionSectionSchema.shape);

/**
 * Warnings for the sections and `session` keys the kernel ignores, each with the name it most
 * likely meant (`provider` for `providers`): a typo there is a setting that silently never applies.
 */
function unknownKeyChecks(plan: Record<string, unknown>): ValidationCheck[] {
  const checks: ValidationCheck[] = [];
  for (const section of Object.keys(plan)) {
    if (KNOWN_SECTIONS.has(section)) continue;
    const meant = closestName(section, KNOWN_SECTIONS);
    const hint = meant === undefined ? "" : `; did you mean "${meant}"?`;
    checks.push(fail("plan_sections", `unknown section "${section}" (ignored by the kernel${hint})`, "warning"));
  }
  const session = plan.session;
  if (typeof session !== "object" || session === null || Array.isArray(session)) return checks;
  for (const key of Object.keys(session)) {
    if (SESSION_KEYS.includes(key)) continue;
    const meant = closestName(key, SESSION_KEYS);
    const hint = meant === undefined ? "" : `; did you mean "${meant}"?`;
    checks.push(
      fail(
        "plan_sections",
        `session.${key}: unknown key (kept for the application, ignored by the kernel${hint})`,
        "warning",
      ),
    );
  }
  return checks;
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
      checks.push(fail("plan_modules", unknownModuleMessage(entry.path, entry.module, registry)));
    }
  }
  if (checks.length === 0) checks.push(pass("plan_modules", "every module resolves"));
  return checks;
}

/** Names the unknown id, the built-in it most likely meant, and every built-in of the same kind. */
function unknownModuleMessage(path: string, id: string, registry: ModuleRegistry): string {
  const kind = KIND_OF_PATH.find(([prefix]) => path.startsWith(prefix))?.[1];
  const sameKind = Object.values(registry)
    .filter((definition) => kind === undefined || definition.type === kind)
    .map((definition) => definition.id);
  const listed = sameKind.length > 0 ? `; the built-in ${kind ?? "module"}s are ${sameKind.join(", ")}` : "";
  return `${path}: "${id}" is not a built-in module and has no source${didYouMean(id, Object.keys(registry))}${listed}`;
}

const KIND_OF_PATH: readonly (readonly [string, ModuleDefinition["type"]])[] = [
  ["session.orchestrator", "orchestrator"],
  ["session.context", "context"],
  ["providers", "provider"],
  ["tools", "tool"],
  ["hooks", "hook"],
];

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
