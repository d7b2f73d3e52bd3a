/**
 * Session initialization (reference §2): the orchestrator and context are fatal, providers,
 * tools and hooks are not fatal but loud (`module:load_failed` + `failedModules`), `instance_id`
 * remaps providers, and `on_session_ready` runs once everything has mounted.
 */
import type { Provider } from "./contracts.ts";
import type { ModuleCoordinator } from "./coordinator.ts";
import { describeError, KernelError } from "./errors.ts";
import { MODULE_LOAD_FAILED, MODULE_ON_SESSION_READY_FAILED, type ModuleLoadFailureReason } from "./hooks/events.ts";
import type { LoadedMount, LoadRequest, ModuleLoader } from "./loader.ts";
import type { ModuleType } from "./models/index.ts";
import type { ModuleEntry, ModuleSpec, MountPlan, ProviderEntry } from "./plan/schema.ts";

/** A provider, tool or hook that did not mount. */
export interface FailedModule {
  module_id: string;
  kind: ModuleType;
  reason_code: ModuleLoadFailureReason;
  error: string;
  instance_id?: string;
}

/** What initialization needs besides the coordinator. */
export interface InitContext {
  readonly coordinator: ModuleCoordinator;
  readonly loader: ModuleLoader;
  readonly plan: MountPlan;
  readonly signal: AbortSignal;
  readonly mountTimeoutMs: number | undefined;
  readonly failed: FailedModule[];
  /** Modules whose mount() mounted nothing (graceful degradation, e.g. no API key). */
  readonly degraded: string[];
}

type Ready = { id: string; run: () => Promise<void> };

/** Mounts every module of the plan, then runs the `on_session_ready` callbacks in mount order. */
export async function mountPlanModules(context: InitContext): Promise<void> {
  const ready: Ready[] = [];
  const session = context.plan.session;
  await mountFatal(
    context,
    "orchestrator",
    session.orchestrator,
    context.plan.orchestrator?.config,
    session.orchestrator_source,
    ready,
  );
  await mountFatal(context, "context", session.context, context.plan.context?.config, session.context_source, ready);
  for (const entry of context.plan.providers) await mountOptional(context, "provider", entry, ready);
  for (const entry of context.plan.tools) await mountOptional(context, "tool", entry, ready);
  for (const entry of context.plan.hooks) await mountOptional(context, "hook", entry, ready);
  for (const { id, run } of ready) {
    try {
      await run();
    } catch (error) {
      await context.coordinator.hooks.emit(MODULE_ON_SESSION_READY_FAILED, {
        module_id: id,
        error: describeError(error),
      });
    }
  }
}

async function mountFatal(
  context: InitContext,
  kind: "orchestrator" | "context",
  spec: ModuleSpec,
  topConfig: Record<string, unknown> | undefined,
  sourceHint: ModuleEntry["source"],
  ready: Ready[],
): Promise<void> {
  const entry: ModuleEntry = typeof spec === "string" ? { module: spec } : spec;
  const request: LoadRequest = {
    id: entry.module,
    kind,
    config: { ...topConfig, ...entry.config },
    source: entry.source ?? sourceHint,
    sandbox: entry.sandbox,
  };
  try {
    const loaded = await context.loader.load(request, context.coordinator, context.signal);
    await runMount(context, loaded);
    if (context.coordinator.get(kind) === undefined) {
      throw new KernelError("mount_failed", `${entry.module}: mount() did not mount a ${kind}.`);
    }
    queueReady(context, loaded, ready);
  } catch (error) {
    throw new KernelError("mount_failed", `Cannot initialize without ${kind}: ${describeError(error)}`, {
      cause: error,
      data: { module_id: entry.module, kind, reason_code: reasonOf(error) },
    });
  }
}

async function mountOptional(
  context: InitContext,
  kind: "provider" | "tool" | "hook",
  entry: ModuleEntry | ProviderEntry,
  ready: Ready[],
): Promise<void> {
  const instanceId = "instance_id" in entry ? entry.instance_id : undefined;
  try {
    const loaded = await context.loader.load(
      { id: entry.module, kind, config: entry.config ?? {}, source: entry.source, sandbox: entry.sandbox },
      context.coordinator,
      context.signal,
    );
    const before = snapshot(context, kind);
    await runMount(context, loaded);
    const changed = changedNames(before, snapshot(context, kind));
    if (kind === "provider" && instanceId !== undefined)
      await remapInstance(context, entry.module, instanceId, before, changed);
    if (changed.length === 0) context.degraded.push(instanceId ?? entry.module);
    queueReady(context, loaded, ready);
  } catch (error) {
    const failure: FailedModule = {
      module_id: entry.module,
      kind,
      reason_code: reasonOf(error),
      error: describeError(error),
      ...(instanceId === undefined ? {} : { instance_id: instanceId }),
    };
    context.failed.push(failure);
    // The original's payload (core PR #97) plus the reason code and instance id.
    await context.coordinator.hooks.emit(MODULE_LOAD_FAILED, {
      module_type: kind,
      module_id: failure.module_id,
      error: failure.error,
      reason_code: failure.reason_code,
      ...(instanceId === undefined ? {} : { instance_id: instanceId }),
    });
  }
}

async function runMount(context: InitContext, loaded: LoadedMount): Promise<void> {
  const pending = loaded.mount(context.coordinator);
  const result =
    context.mountTimeoutMs === undefined
      ? await pending
      : await withDeadline(pending, context.mountTimeoutMs, loaded.id);
  // A cleanup function is registered; a returned module object or metadata is just accepted.
  if (typeof result === "function") context.coordinator.register_cleanup(result as () => unknown);
}

function queueReady(context: InitContext, loaded: LoadedMount, ready: Ready[]): void {
  const hook = loaded.on_session_ready;
  if (hook) ready.push({ id: loaded.id, run: () => hook.call(loaded, context.coordinator) });
}

function snapshot(context: InitContext, kind: ModuleType): Record<string, unknown> {
  if (kind === "provider") return context.coordinator.get("providers");
  if (kind === "tool") return context.coordinator.get("tools");
  // Hook registrations are compared by their handler names.
  const handlers = context.coordinator.hooks.list_handlers();
  return Object.fromEntries(Object.entries(handlers).map(([event, names]) => [event, names.join("\n")]));
}

function changedNames(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((name) => before[name] !== after[name]);
}

/**
 * Moves what a provider mounted under its default name to `instance_id`, and puts back what was
 * there before (the same module mounted earlier without an instance id).
 */
async function remapInstance(
  context: InitContext,
  moduleId: string,
  instanceId: string,
  before: Record<string, unknown>,
  changed: readonly string[],
): Promise<void> {
  const defaultName = moduleId.replace(/^provider-/, "");
  const name = changed.includes(defaultName) ? defaultName : changed.length === 1 ? changed[0] : undefined;
  if (name === undefined || name === instanceId) return;
  const provider = context.coordinator.get("providers", name);
  await context.coordinator.mount("providers", provider as Provider, { name: instanceId });
  if (Object.hasOwn(before, name)) await context.coordinator.mount("providers", before[name] as Provider, { name });
  else await context.coordinator.unmount("providers", { name });
}

function reasonOf(error: unknown): ModuleLoadFailureReason {
  if (KernelError.is(error, "module_not_found")) return "module_not_found";
  if (KernelError.is(error, "sandbox_unavailable")) return "sandbox_unavailable";
  if (KernelError.is(error, "invalid_config")) return "invalid_config";
  if (KernelError.is(error, "timeout")) return "mount_timeout";
  if (KernelError.is(error, "module_invalid")) return "validation_failed";
  return "mount_failed";
}

async function withDeadline<T>(pending: Promise<T>, timeoutMs: number, id: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new KernelError("timeout", `${id}: mount() did not finish within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([pending, deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
