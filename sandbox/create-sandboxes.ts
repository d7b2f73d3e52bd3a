/**
 * The one composition of the sandbox, used by every runtime (the web worker host, the CLI, the
 * Cloudflare service, the tests): a SandboxLoader whose modules each run behind their own
 * supervisor, capability gate and engine instance. Placement is the only runtime difference:
 *
 * - `worker` (the default where the runtime can start workers: browsers and Node): each module in
 *   a dedicated worker the supervisor can terminate, so a module stuck where its time limit cannot
 *   interrupt it (a builtin looping in C) never stops the kernel's thread;
 * - `inline` (the only placement on Cloudflare Workers, opt-in elsewhere): on the kernel's thread,
 *   called directly; the engine's interrupt, the prelude's guards and, on Workers, the platform's
 *   CPU limit are its bounds.
 *
 * A plan asking for `worker` where there are no workers is refused at mount with a clear error.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import type { LoadedModule, SandboxLoader } from "../src/contracts.ts";
import { KernelError } from "../src/errors.ts";
import type { CapabilityHost } from "./kernel/capabilities/capability-gate.ts";
import { resolvePermissions } from "./kernel/capabilities/permissions.ts";
import { DEFAULT_SANDBOX_LIMITS } from "./kernel/limits.ts";
import { resolveModuleSource, type SourceReaders } from "./kernel/module-source.ts";
import { nameClaimsFor } from "./kernel/name-claims.ts";
import type { HookFailurePolicy } from "./kernel/proxies/guest-caller.ts";
import { type SandboxedModuleOptions, sandboxedModule } from "./kernel/sandboxed-module.ts";
import type { Supervisor, WatchdogTimers } from "./kernel/supervisor.ts";
import type { EngineBuild, EngineObserver, SandboxPlacement, SandboxSource } from "./protocol.ts";
import type { Clock } from "./runner/call-guard.ts";
import { SpareInstances } from "./runner/spare-instances.ts";
import { directConnector } from "./transport/direct-link.ts";
import type { RunnerConnector } from "./transport/runner-link.ts";
import { threadConnector } from "./transport/thread-link.ts";
import { WarmPool } from "./transport/warm-pool.ts";
import type { SandboxThreadSpawner } from "./transport/worker-thread.ts";

/** Options of {@link createSandboxes}. */
export interface SandboxesOptions extends EngineObserver, SourceReaders {
  /** This thread's compiled QuickJS wasm (inline sandboxes run it; workers are sent it). */
  readonly wasmModule: WebAssembly.Module;
  /** The QuickJS build matching `wasmModule` (release by default; tests pass the debug build). */
  readonly variant?: QuickJSSyncVariant | undefined;
  /** Which build `variant` is, so workers load the same one (default `release`). */
  readonly build?: EngineBuild | undefined;
  /** Starts a worker with a runner in it (from `worker/node` or `worker/web`); absent on Workers. */
  readonly spawnWorker?: SandboxThreadSpawner | undefined;
  /** Placement of modules whose plan does not say (default `worker` when `spawnWorker` is given, else `inline`). */
  readonly defaultPlacement?: SandboxPlacement | undefined;
  /** Workers kept ready (default 1 when workers are available). */
  readonly poolSize?: number | undefined;
  /**
   * Engine instances kept ready on this thread for inline modules (default 1; 0: every mount
   * prepares its own). A spare is prepared with the default memory and stack limits, replaced after
   * each mount, and disposed with the sandboxes.
   */
  readonly spares?: number | undefined;
  /** Milliseconds clock of inline sandboxes' CPU guard (default `Date.now`). */
  readonly now?: Clock | undefined;
  /** Extra time a worker may take to answer a ping before it is terminated (default 2 s). */
  readonly watchdogGraceMs?: number | undefined;
  readonly timers?: WatchdogTimers | undefined;
  /** What the host lends the capability gates: its fetch, secrets and store (nothing by default). */
  readonly capabilities?: CapabilityHost | undefined;
  /** How failing sandboxed hooks are answered (default `deny`). */
  readonly hookFailure?: HookFailurePolicy | undefined;
}

/** The sandboxes of one kernel: a loader for plan entries with a `source`, and what is behind it. */
export interface Sandboxes extends AsyncDisposable {
  /** The SandboxLoader a session uses (`createSession(plan, { sandbox: sandboxes.loader })`). */
  readonly loader: SandboxLoader;
  /** A sandboxed module from files, to mount like any module (validators, tests). */
  module(source: SandboxSource, options: SandboxedModuleOptions): Extract<LoadedModule, { mount: unknown }>;
  /** Where modules run when their plan does not say. */
  readonly defaultPlacement: SandboxPlacement;
  /** The placements this runtime offers. */
  readonly placements: readonly SandboxPlacement[];
  /** Prepares a ready engine (and a ready worker where workers are the default); resolves when ready. */
  warm(): Promise<void>;
}

/**
 * Creates the sandboxes of one kernel.
 *
 * @throws KernelError `invalid_config` when the default placement is `worker` and no spawner is given.
 * @example
 * await using sandboxes = createSandboxes({ wasmModule, spawnWorker: nodeSandboxThreads({ wasmModule }) });
 * const session = createSession(plan, { sandbox: sandboxes.loader });
 */
export function createSandboxes(options: SandboxesOptions): Sandboxes {
  const spawnWorker = options.spawnWorker;
  const defaultPlacement = options.defaultPlacement ?? (spawnWorker ? "worker" : "inline");
  if (defaultPlacement === "worker" && !spawnWorker) {
    throw new KernelError("invalid_config", "defaultPlacement: worker placement needs a spawnWorker for this runtime");
  }
  const observer: EngineObserver = {
    onDiagnostic: options.onDiagnostic,
    onCreated: options.onCreated,
    onDisposed: options.onDisposed,
  };
  const pool = spawnWorker
    ? new WarmPool({ spawn: () => spawnWorker(observer), size: options.poolSize ?? 1 })
    : undefined;
  let spares: SpareInstances | undefined;
  const inlineSpares = () => {
    spares ??= new SpareInstances(
      {
        wasmModule: options.wasmModule,
        variant: options.variant,
        now: options.now,
        onDiagnostic: options.onDiagnostic,
      },
      {
        memoryMiB: options.build === "debug" ? 256 : DEFAULT_SANDBOX_LIMITS.memoryMiB,
        stackBytes: DEFAULT_SANDBOX_LIMITS.stackBytes,
        count: options.spares ?? 1,
      },
    );
    return spares;
  };
  let inline: RunnerConnector | undefined;
  const threads = pool ? threadConnector(pool) : undefined;
  const connectorFor = (moduleId: string, placement: SandboxPlacement): RunnerConnector => {
    if (placement === "inline") {
      inline ??= directConnector(inlineSpares(), observer);
      return inline;
    }
    if (threads) return threads;
    return async () => {
      throw new KernelError(
        "invalid_config",
        `${moduleId}: sandbox.placement "worker" is not available in this runtime (Cloudflare Workers run sandboxes inline)`,
      );
    };
  };
  const capabilities = options.capabilities ?? {};
  const live = new Set<Supervisor>();
  const module = (source: SandboxSource, moduleOptions: SandboxedModuleOptions) =>
    sandboxedModule(
      source,
      { ...moduleOptions, hookFailure: moduleOptions.hookFailure ?? options.hookFailure },
      {
        connect: connectorFor(moduleOptions.id, moduleOptions.sandbox?.placement ?? defaultPlacement),
        capabilities,
        watchdogGraceMs: options.watchdogGraceMs,
        timers: options.timers,
        live,
      },
    );
  const loader: SandboxLoader = {
    async load(entry, context) {
      const source = await resolveModuleSource(entry.source, entry.planDir, options);
      const loaded = module(source, { id: entry.id, sandbox: entry.sandbox, kind: entry.kind });
      // The names the plan binds to this module are its own from now on, whoever holds them.
      await nameClaimsFor(context.coordinator).declare(entry.id, resolvePermissions(entry.sandbox).names);
      return loaded;
    },
  };
  return {
    loader,
    module,
    defaultPlacement,
    placements: pool ? ["inline", "worker"] : ["inline"],
    async warm() {
      if (defaultPlacement === "worker") await pool?.warm();
      else await inlineSpares().warm();
    },
    async [Symbol.asyncDispose]() {
      const running = [...live];
      live.clear();
      await Promise.allSettled(running.map((supervisor) => supervisor.stop()));
      await spares?.dispose();
      await pool?.[Symbol.asyncDispose]();
    },
  };
}
