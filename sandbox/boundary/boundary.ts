/**
 * The sandbox boundary of one kernel: it connects each sandboxed module to a sandbox host placed
 * where the plan asks (`sandbox.placement`), over comlink either way, keeps worker threads warm,
 * and puts the module's capability gate in front of its kernel port.
 *
 * Default placement: `inline`, in every runtime. Measured on the project's shared 2-core machine
 * (bench `sandbox.tool_call`, node 22): a small tool call costs about 180 µs inline and 80 µs in a
 * worker (the engine's own work, about 100 µs of CPU per call, dominates both; the comlink hop
 * over a MessageChannel is about 50 µs), but each worker holds its own V8 isolate (about 30 MiB
 * RSS against about 5 MiB for an inline module) and takes 0.5–2 s to start and warm up. The
 * QuickJS instance already caps memory, stack and CPU per module, so inline is the economical
 * default; choose `worker` for a module that may use its whole `timeout_ms` per call (the kernel's
 * thread stays free), or that must be killable with `terminate()`. Workers (workerd) have no
 * threads: `inline` only, and a plan asking for `worker` there is refused at mount.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { KernelError, type KernelErrorData } from "../../src/errors.ts";
import { CapabilityGate, type CapabilityHost } from "../capabilities/capability-gate.ts";
import { resolvePermissions } from "../capabilities/permissions.ts";
import type { SandboxConnectContext, SandboxConnector } from "../connection.ts";
import type { Clock } from "../engine/call-guard.ts";
import { resolveSandboxLimits } from "../limits.ts";
import { fail, type KernelPortApi, type SandboxHostApi } from "../protocol.ts";
import { BoundaryHost, type WatchdogTimers } from "./boundary-host.ts";
import { createInlineThread } from "./inline-thread.ts";
import type { SandboxPlacement, SandboxThreadSpawner, ThreadObserver } from "./sandbox-thread.ts";
import { WarmPool } from "./warm-pool.ts";

/** Options of {@link createSandboxBoundary}. */
export interface SandboxBoundaryOptions extends ThreadObserver {
  /** This thread's compiled QuickJS wasm, for inline sandboxes. */
  readonly wasmModule: WebAssembly.Module;
  /** The QuickJS build matching `wasmModule` (release by default). */
  readonly variant?: QuickJSSyncVariant | undefined;
  /** Milliseconds clock of inline sandboxes' CPU guard (default `Date.now`). */
  readonly now?: Clock | undefined;
  /** Starts a worker thread with a sandbox host (from `worker/node` or `worker/web`); absent on Workers. */
  readonly spawnWorker?: SandboxThreadSpawner | undefined;
  /** Worker threads kept ready (default 1 when workers are available). */
  readonly poolSize?: number | undefined;
  /** Placement of modules whose plan does not say (default `inline`). */
  readonly defaultPlacement?: SandboxPlacement | undefined;
  /** Extra time a busy worker may take to answer a ping before it is terminated (default 2 s). */
  readonly watchdogGraceMs?: number | undefined;
  readonly timers?: WatchdogTimers | undefined;
  /** What the host lends the capability gates: its fetch, secrets and store (nothing by default). */
  readonly capabilities?: CapabilityHost | undefined;
}

/** The boundary: a connector for the sandbox loader, and the warm pool behind it. */
export interface SandboxBoundary extends AsyncDisposable {
  /** Connects a module's kernel port to a sandbox host placed per its plan. */
  readonly connect: SandboxConnector;
  /** Where modules run when their plan does not say. */
  readonly defaultPlacement: SandboxPlacement;
  /** The placements this runtime offers. */
  readonly placements: readonly SandboxPlacement[];
  /** Starts the warm pool's threads and resolves when they are ready. */
  warm(): Promise<void>;
  /** The kernel's handle on each live sandbox (tests kill workers through it). */
  readonly hosts: ReadonlySet<BoundaryHost>;
}

/**
 * Creates the boundary of one kernel.
 *
 * @throws KernelError `invalid_config` when the default placement is `worker` and no spawner is given.
 * @example
 * await using boundary = createSandboxBoundary({ wasmModule, spawnWorker: spawnNodeSandboxThread() });
 * const sandbox = createSandboxLoader({ connect: boundary.connect });
 */
export function createSandboxBoundary(options: SandboxBoundaryOptions): SandboxBoundary {
  const defaultPlacement = options.defaultPlacement ?? "inline";
  const spawnWorker = options.spawnWorker;
  if (defaultPlacement === "worker" && !spawnWorker) {
    throw new KernelError("invalid_config", "defaultPlacement: worker placement needs a spawnWorker for this runtime");
  }
  const observer: ThreadObserver = {
    onDiagnostic: options.onDiagnostic,
    onCreated: options.onCreated,
    onDisposed: options.onDisposed,
  };
  const pool = spawnWorker
    ? new WarmPool({ spawn: () => spawnWorker(observer), size: options.poolSize ?? 1 })
    : undefined;
  const hosts = new Set<BoundaryHost>();
  const inline = { wasmModule: options.wasmModule, variant: options.variant, now: options.now };

  const connect: SandboxConnector = (port: KernelPortApi, context): SandboxHostApi => {
    const moduleId = context?.moduleId ?? "sandboxed module";
    const placement = context?.sandbox?.placement ?? defaultPlacement;
    if (placement === "worker" && !pool) return refusing(moduleId, unavailableWorker(moduleId));
    let gate: CapabilityGate | undefined;
    try {
      gate = capabilityGate(port, context, options.capabilities ?? {});
    } catch (error) {
      const refused = KernelError.is(error)
        ? error.toData()
        : { code: "invalid_config" as const, message: String(error) };
      return refusing(moduleId, refused);
    }
    const host = new BoundaryHost(gate ?? port, {
      moduleId,
      acquire: placement === "worker" && pool ? () => pool.acquire() : async () => createInlineThread(inline, observer),
      grants: gate ? () => gate.grants() : undefined,
      watchdogGraceMs: options.watchdogGraceMs,
      timers: options.timers,
    });
    hosts.add(host);
    return {
      start: (request) => host.start(request),
      invoke: (request) => host.invoke(request),
      stop: async () => {
        hosts.delete(host);
        return host.stop();
      },
    };
  };

  return {
    connect,
    defaultPlacement,
    placements: pool ? ["inline", "worker"] : ["inline"],
    hosts,
    warm: async () => pool?.warm(),
    async [Symbol.asyncDispose]() {
      const live = [...hosts];
      hosts.clear();
      await Promise.allSettled(live.map((host) => host.stop()));
      await pool?.[Symbol.asyncDispose]();
    },
  };
}

/** The capability gate of a module mounted on a coordinator (none for a bare connection). */
function capabilityGate(
  port: KernelPortApi,
  context: SandboxConnectContext | undefined,
  host: CapabilityHost,
): CapabilityGate | undefined {
  if (!context?.coordinator) return undefined;
  return new CapabilityGate({
    moduleId: context.moduleId,
    coordinator: context.coordinator,
    permissions: resolvePermissions(context.sandbox),
    port,
    host,
    maxMessageBytes: resolveSandboxLimits(context.sandbox).maxMessageBytes,
  });
}

function unavailableWorker(moduleId: string): KernelErrorData {
  return {
    code: "invalid_config",
    message: `${moduleId}: sandbox.placement "worker" is not available in this runtime (Workers run sandboxes inline)`,
  };
}

/** A host for a module that cannot be placed: every call fails as data with `error`. */
function refusing(moduleId: string, error: KernelErrorData): SandboxHostApi {
  const refusal = () =>
    Promise.resolve(
      fail(
        error.code,
        error.message.startsWith(moduleId) ? error.message : `${moduleId}: ${error.message}`,
        error.data,
      ),
    );
  return { start: refusal, invoke: refusal, stop: async () => ({ ok: true, value: null }) };
}
