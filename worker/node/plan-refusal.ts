/**
 * What `run` refuses before it sends a prompt: a plan with names the kernel would ignore or cannot
 * find (checked before anything mounts), and a plan whose modules did not all load (checked after
 * the session initialized). A model answering without the tool the plan names is a wrong answer
 * that looks right, so the CLI stops there, names every problem in full, and exits 2.
 */
import { dirname, join, resolve } from "node:path";
import type { ModuleRegistry } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import type { ModuleSource } from "../../src/plan/module-source.ts";
import type { MountPlan } from "../../src/plan/schema.ts";
import type { FailedModule } from "../../src/session-init.ts";
import { validateMountPlan } from "../../src/validation/plan.ts";

/**
 * Refuses unknown sections and `session` keys (the kernel would ignore them) and module ids that
 * are neither built in nor given a source, each with the name it most likely meant.
 *
 * @throws KernelError `invalid_plan` listing every problem, one per line.
 */
export function refuseUnknownNames(plan: MountPlan, modules: ModuleRegistry): void {
  const validation = validateMountPlan(plan, { modules });
  const problems = validation.checks
    .filter((check) => !check.passed && (check.severity === "error" || check.name === "plan_sections"))
    .map((check) => check.message);
  if (problems.length > 0) throw refusal(problems);
}

/** Failure reasons that are the plan's to fix: exit code 2. Others (a mount that threw, a timeout) are 1. */
const PLAN_REASONS = new Set(["module_not_found", "validation_failed", "invalid_config", "sandbox_unavailable"]);

/**
 * Refuses a session whose providers, tools or hooks did not all load, naming each with its whole
 * error and, for a syntax error, the file on disk with line and column.
 *
 * @throws KernelError `invalid_plan` (exit 2) when every failure is the plan's to fix (unknown
 *   module, missing file, syntax error, refused import), else `mount_failed` (exit 1).
 */
export function refuseFailedModules(failed: readonly FailedModule[], plan: MountPlan, planPath: string): void {
  if (failed.length === 0) return;
  const problems = failed.map((failure) => {
    const entry = entryOf(plan, failure);
    const source = typeof entry?.source === "string" ? ` (source ${entry.source})` : "";
    const error = withFilePath(failure.error, entry?.source, planPath);
    return `${failure.kind} ${failure.instance_id ?? failure.module_id}${source} did not load: ${error}`;
  });
  const planShaped = failed.every((failure) => PLAN_REASONS.has(failure.reason_code));
  throw refusal(problems, planShaped ? "invalid_plan" : "mount_failed", { failed_modules: [...failed] });
}

/**
 * An orchestrator or context that did not load ends the session at initialize: the same exit code
 * rule as for the other modules, applied to the error `session.initialize()` threw.
 */
export function refuseFatalInit(error: unknown, plan: MountPlan, planPath: string): KernelError {
  if (!KernelError.is(error, "mount_failed")) return error as KernelError;
  const data = error.data as { module_id?: unknown; kind?: unknown; reason_code?: unknown } | undefined;
  const kind = data?.kind === "orchestrator" || data?.kind === "context" ? data.kind : undefined;
  if (kind === undefined || typeof data?.reason_code !== "string" || !PLAN_REASONS.has(data.reason_code)) return error;
  const spec = plan.session[kind];
  const source = typeof spec === "string" ? plan.session[`${kind}_source`] : spec.source;
  return refusal([withFilePath(error.message, source, planPath)], "invalid_plan", { ...data });
}

function refusal(problems: readonly string[], code: "invalid_plan" | "mount_failed" = "invalid_plan", data?: object) {
  const lines = problems.map((problem) => `  - ${problem}`).join("\n");
  return new KernelError(code, `the plan cannot run as written:\n${lines}`, {
    ...(data === undefined ? {} : { data: data as Record<string, unknown> }),
  });
}

function entryOf(plan: MountPlan, failure: FailedModule) {
  const list = failure.kind === "provider" ? plan.providers : failure.kind === "tool" ? plan.tools : plan.hooks;
  return list.find(
    (entry) =>
      entry.module === failure.module_id && (!("instance_id" in entry) || entry.instance_id === failure.instance_id),
  );
}

/**
 * A sandbox names a place in a module's files from the module's folder (`(at lib/util.js:2:13)`);
 * on a terminal the file on disk is what the author opens, so that is appended.
 */
function withFilePath(message: string, source: ModuleSource | undefined, planPath: string): string {
  const at = /\(at ([^():\s]+):(\d+):(\d+)\)/.exec(message);
  if (at === null || typeof source !== "string" || /^[a-z][a-z0-9+.-]*:/i.test(source)) return message;
  const folder = dirname(resolve(dirname(planPath), source));
  return `${message}\n      at ${join(folder, at[1] ?? "")}:${at[2]}:${at[3]}`;
}
