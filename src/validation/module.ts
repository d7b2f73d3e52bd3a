/**
 * validateModule: the checks of reference §6 run against a mount function or a ModuleDefinition,
 * by calling mount() on a MockCoordinator and inspecting what it mounted.
 */
import type { ModuleDefinition, MountFunction, MountResult } from "../contracts.ts";
import { describeError } from "../errors.ts";
import type { HookHandlerFailure } from "../hooks/registry.ts";
import type { ModuleType } from "../models/index.ts";
import { MockCoordinator } from "../testing/mock-coordinator.ts";
import { fail, pass, report, type ValidationCheck, type ValidationReport } from "./check.ts";
import {
  contextChecks,
  hookChecks,
  orchestratorChecks,
  PROTOCOL_NOUNS,
  providerChecks,
  toolChecks,
} from "./type-checks.ts";

/** Options of {@link validateModule}. */
export interface ValidateModuleOptions {
  /** The module type; defaults to the definition's type. Required for a bare mount function. */
  type?: ModuleType;
  config?: Record<string, unknown>;
}

type AnyRecord = Record<string, unknown>;

/**
 * Validates a module: `module_importable`, `mount_exists`, `mount_signature`,
 * `on_session_ready_async`, `protocol_compliance`, then the checks of its type. Never throws.
 *
 * @example
 * const result = await validateModule(calculatorModule);
 * if (!result.passed) console.log(result.checks.filter((check) => !check.passed));
 */
export async function validateModule(
  module: MountFunction | ModuleDefinition,
  options?: ValidateModuleOptions,
): Promise<ValidationReport>;
export async function validateModule(module: unknown, options?: ValidateModuleOptions): Promise<ValidationReport>;
export async function validateModule(module: unknown, options: ValidateModuleOptions = {}): Promise<ValidationReport> {
  const checks: ValidationCheck[] = [];
  const definition = typeof module === "object" && module !== null ? (module as Partial<ModuleDefinition>) : undefined;
  if (typeof module !== "function" && !definition) {
    const got = module === null ? "null" : typeof module;
    return report([fail("module_importable", `expected a mount function or a module definition, got ${got}`)]);
  }
  checks.push(pass("module_importable", "the module is loaded"));
  const mount = typeof module === "function" ? (module as MountFunction) : definition?.mount;
  if (typeof mount !== "function") {
    checks.push(fail("mount_exists", "the module has no mount(coordinator, config) function"));
    return report(checks);
  }
  checks.push(pass("mount_exists", "mount() is present"));
  checks.push(signatureCheck(mount));
  if (definition?.on_session_ready !== undefined) {
    checks.push(
      typeof definition.on_session_ready === "function"
        ? pass("on_session_ready_async", "on_session_ready(coordinator) is present")
        : fail("on_session_ready_async", "on_session_ready must be a function"),
    );
  }
  const type = options.type ?? definition?.type;
  if (type === undefined) {
    checks.push(fail("module_type", "pass { type } to validate a bare mount function"));
    return report(checks);
  }
  checks.push(...(await protocolChecks(mount, type, options.config ?? {})));
  return report(checks);
}

function signatureCheck(mount: MountFunction): ValidationCheck {
  if (mount.length > 2) {
    return fail(
      "mount_signature",
      `mount() declares ${mount.length} required parameters; the kernel passes (coordinator, config)`,
    );
  }
  const isAsync = mount.constructor?.name === "AsyncFunction";
  return pass(
    "mount_signature",
    isAsync
      ? "async mount(coordinator, config)"
      : "mount(coordinator, config) (not declared async: it must return a promise)",
  );
}

async function protocolChecks(mount: MountFunction, type: ModuleType, config: AnyRecord): Promise<ValidationCheck[]> {
  const failures: HookHandlerFailure[] = [];
  const coordinator = new MockCoordinator();
  coordinator.hooks.set_error_handler((failure) => failures.push(failure));
  let result: MountResult;
  try {
    result = await mount(coordinator, structuredClone(config));
  } catch (error) {
    return [fail("protocol_compliance", `mount() threw: ${describeError(error)}`)];
  }
  const checks: ValidationCheck[] = [];
  try {
    const mounted = mountedObject(coordinator, type, result);
    const nouns = PROTOCOL_NOUNS[type];
    if (mounted === undefined) {
      // A cleanup returned with nothing mounted may be deliberate degradation (no credentials): a warning.
      checks.push(
        typeof result === "function"
          ? fail("protocol_compliance", `${nouns.mounted}; mount() only returned a cleanup function`, "warning")
          : fail("protocol_compliance", `${nouns.mounted} and mount() did not return ${nouns.instance}`),
      );
      return checks;
    }
    checks.push(pass("protocol_compliance", `mount() provided ${nouns.instance}`));
    checks.push(...(await typeChecks(type, mounted, coordinator, failures)));
    return checks;
  } finally {
    if (typeof result === "function") await safely(result as () => unknown);
    await coordinator.cleanup();
  }
}

function mountedObject(coordinator: MockCoordinator, type: ModuleType, result: MountResult): AnyRecord | undefined {
  const returned = typeof result === "object" && result !== null ? (result as AnyRecord) : undefined;
  switch (type) {
    case "tool":
      return firstValue(coordinator.get("tools")) ?? (looksLike(returned, ["name", "execute"]) ? returned : undefined);
    case "provider":
      return (
        firstValue(coordinator.get("providers")) ?? (looksLike(returned, ["name", "complete"]) ? returned : undefined)
      );
    case "orchestrator":
      return (
        (coordinator.get("orchestrator") as AnyRecord | undefined) ??
        (looksLike(returned, ["execute"]) ? returned : undefined)
      );
    case "context":
      return (
        (coordinator.get("context") as AnyRecord | undefined) ??
        (looksLike(returned, ["add_message"]) ? returned : undefined)
      );
    case "resolver":
      return (coordinator.get("module-source-resolver") as AnyRecord | undefined) ?? returned;
    case "hook":
      return Object.keys(coordinator.hooks.list_handlers()).length > 0
        ? { handlers: coordinator.hooks.list_handlers() }
        : undefined;
  }
}

async function typeChecks(
  type: ModuleType,
  mounted: AnyRecord,
  coordinator: MockCoordinator,
  failures: HookHandlerFailure[],
): Promise<ValidationCheck[]> {
  switch (type) {
    case "tool":
      return toolChecks(mounted);
    case "provider":
      return providerChecks(mounted);
    case "orchestrator":
      return orchestratorChecks(mounted);
    case "context":
      return contextChecks(mounted);
    case "hook":
      return hookChecks(coordinator, failures);
    case "resolver":
      return [];
  }
}

function firstValue(record: Record<string, unknown>): AnyRecord | undefined {
  const [first] = Object.values(record);
  return first as AnyRecord | undefined;
}

function looksLike(value: AnyRecord | undefined, keys: readonly string[]): value is AnyRecord {
  return value !== undefined && keys.every((key) => value[key] !== undefined);
}

async function safely(cleanup: () => unknown): Promise<void> {
  try {
    await cleanup();
  } catch {
    // Validation reports on mount(); a failing cleanup is not its concern.
  }
}
