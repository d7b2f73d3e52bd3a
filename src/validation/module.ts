/**
 * validateModule: the checks of reference §6 run against a mount function or a ModuleDefinition,
 * by calling mount() on the validator's RecordingCoordinator and inspecting what it mounted.
 * Messages follow the original's validators, so a module author reads the same words.
 */
import type { ModuleDefinition, MountFunction, MountResult } from "../contracts.ts";
import { describeError, KernelError } from "../errors.ts";
import type { HookHandlerFailure } from "../hooks/registry.ts";
import type { ModuleType } from "../models/index.ts";
import { fail, pass, report, type SourceLocation, type ValidationCheck, type ValidationReport } from "./check.ts";
import { type ProtocolMessages, protocolMessages } from "./protocol-messages.ts";
import { RecordingCoordinator } from "./recording-coordinator.ts";
import { contextChecks, hookChecks, orchestratorChecks, providerChecks, toolChecks } from "./type-checks.ts";

/** Options of {@link validateModule}. */
export interface ValidateModuleOptions {
  /** The module type; defaults to the definition's type. Required for a bare mount function. */
  type?: ModuleType;
  config?: Record<string, unknown>;
}

type AnyRecord = Record<string, unknown>;

/**
 * Validates a module: `module_importable`, `mount_exists`, `mount_signature`,
 * `on_session_ready_async` (only when it is wrong), `protocol_compliance`, then the checks of its
 * type. Never throws. A sandboxed module is evaluated when it mounts, so a mount that fails with
 * `module_invalid` (a syntax error, a refused import, no `mount` export) means the module did not
 * load: the report is then one failed `module_importable`, with the error's place in the source
 * when known, and no check that did not run is reported as passed.
 *
 * @example
 * const result = await validateModule(calculatorModule);
 * if (!result.passed) console.log(result.summary, result.errors);
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
  checks.push(pass("module_importable", "Module loaded"));
  const mount = typeof module === "function" ? (module as MountFunction) : definition?.mount;
  if (mount === undefined) {
    checks.push(fail("mount_exists", "No mount() function found in module"));
    return report(checks);
  }
  if (typeof mount !== "function") {
    checks.push(fail("mount_exists", "mount is not callable"));
    return report(checks);
  }
  checks.push(pass("mount_exists", "mount() function found"));
  checks.push(signatureCheck(mount));
  const ready = onSessionReadyCheck(definition?.on_session_ready);
  if (ready) checks.push(ready);
  const type = options.type ?? definition?.type;
  if (type === undefined) {
    checks.push(fail("module_type", "pass { type } to validate a bare mount function"));
    return report(checks);
  }
  const protocol = await protocolChecks(mount, type, options.config ?? {});
  if ("notLoaded" in protocol) return report([protocol.notLoaded]);
  checks.push(...protocol);
  return report(checks);
}

/** The failed `module_importable` check for a module whose mount reported that it did not load. */
function notLoadedCheck(error: KernelError): ValidationCheck {
  return fail("module_importable", `${error.code}: ${error.message}`, "error", sourceLocationOf(error.data));
}

function sourceLocationOf(data: Record<string, unknown> | undefined): SourceLocation | undefined {
  const location = data?.location as Partial<SourceLocation> | undefined;
  if (typeof location?.file !== "string" || typeof location.line !== "number" || typeof location.column !== "number") {
    return undefined;
  }
  return { file: location.file, line: location.line, column: location.column };
}

function isAsync(fn: (...args: never[]) => unknown): boolean {
  return fn.constructor?.name === "AsyncFunction";
}

/**
 * JavaScript cannot always tell an async function (a bound or transpiled one looks sync), and
 * `length` does not count parameters with defaults, so this accepts what the kernel can call:
 * at most two required parameters, and a promise returned either way.
 */
function signatureCheck(mount: MountFunction): ValidationCheck {
  if (mount.length > 2) {
    return fail(
      "mount_signature",
      `mount() declares ${mount.length} required parameters; the kernel passes (coordinator, config)`,
    );
  }
  return pass(
    "mount_signature",
    isAsync(mount)
      ? "mount() is async with correct signature"
      : "mount(coordinator, config) (not declared async: it must return a promise)",
  );
}

/** The original adds this check only when on_session_ready is there and wrong. */
function onSessionReadyCheck(ready: unknown): ValidationCheck | undefined {
  if (ready === undefined) return undefined;
  if (typeof ready !== "function") {
    return fail("on_session_ready_async", "on_session_ready must be a function: async on_session_ready(coordinator)");
  }
  // A parameter with a default is not counted by `length`, so this can only warn.
  if (ready.length < 1) {
    return fail(
      "on_session_ready_async",
      "on_session_ready() must accept a coordinator argument: async on_session_ready(coordinator)",
      "warning",
    );
  }
  return undefined;
}

async function protocolChecks(
  mount: MountFunction,
  type: ModuleType,
  config: AnyRecord,
): Promise<ValidationCheck[] | { notLoaded: ValidationCheck }> {
  const failures: HookHandlerFailure[] = [];
  const coordinator = new RecordingCoordinator();
  coordinator.hooks.set_error_handler((failure) => failures.push(failure));
  const words = protocolMessages(type);
  let result: MountResult;
  try {
    result = await mount(coordinator, structuredClone(config));
  } catch (error) {
    await coordinator.cleanup();
    if (KernelError.is(error, "module_invalid")) return { notLoaded: notLoadedCheck(error) };
    return [fail("protocol_compliance", `mount() threw: ${describeError(error)}`)];
  }
  try {
    const mounted = mountedObjects(coordinator, type);
    if (mounted.length > 0) {
      const perModule = await Promise.all(mounted.map((entry) => interfaceCheck(words, entry.name, entry.module)));
      return perModule.flat();
    }
    const returned = typeof result === "object" && result !== null ? (result as AnyRecord) : undefined;
    if (type !== "hook" && returned !== undefined && words.implements(returned)) {
      return [
        pass("protocol_compliance", words.returned),
        ...(await typeChecks(type, returned, coordinator, failures)),
      ];
    }
    // A cleanup with nothing mounted may be deliberate degradation (no credentials): it passes, with a warning.
    if (typeof result === "function") return [pass("protocol_compliance", words.cleanupOnly, "warning")];
    return [fail("protocol_compliance", words.nothing)];
  } finally {
    if (typeof result === "function") await safely(result as () => unknown);
    await coordinator.cleanup();
  }

  async function interfaceCheck(
    messages: ProtocolMessages,
    name: string | undefined,
    module: AnyRecord,
  ): Promise<ValidationCheck[]> {
    // The original stops at a missing method; the type checks below also say which one.
    const compliance = messages.implements(module)
      ? pass("protocol_compliance", messages.implemented(name))
      : fail("protocol_compliance", messages.notImplemented(name));
    return [compliance, ...(await typeChecks(type, module, coordinator, failures))];
  }
}

/** What the module mounted at its type's mount point (for hooks: the registry when it holds handlers). */
function mountedObjects(coordinator: RecordingCoordinator, type: ModuleType): { name?: string; module: AnyRecord }[] {
  const named = (record: Record<string, unknown>) =>
    Object.entries(record).map(([name, module]) => ({ name, module: module as AnyRecord }));
  const single = (module: unknown) => (module === undefined ? [] : [{ module: module as AnyRecord }]);
  switch (type) {
    case "tool":
      return named(coordinator.get("tools"));
    case "provider":
      return named(coordinator.get("providers"));
    case "orchestrator":
      return single(coordinator.get("orchestrator"));
    case "context":
      return single(coordinator.get("context"));
    case "resolver":
      return single(coordinator.get("module-source-resolver"));
    case "hook":
      return Object.keys(coordinator.hooks.list_handlers()).length > 0 ? [{ module: { handlers: true } }] : [];
  }
}

async function typeChecks(
  type: ModuleType,
  mounted: AnyRecord,
  coordinator: RecordingCoordinator,
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

async function safely(cleanup: () => unknown): Promise<void> {
  try {
    await cleanup();
  } catch {
    // Validation reports on mount(); a failing cleanup is not its concern.
  }
}
