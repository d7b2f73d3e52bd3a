/**
 * Sessions: the host API that builds a coordinator from a mount plan, mounts the modules, runs
 * turns through the orchestrator and cleans up.
 */
import { type CoordinatorWarning, ModuleCoordinator } from "./coordinator.ts";
import { describeError, KernelError } from "./errors.ts";
import {
  CANCEL_COMPLETED,
  SESSION_CONFIG,
  SESSION_END,
  SESSION_FORK,
  SESSION_RESUME,
  SESSION_START,
} from "./hooks/events.ts";
import { ModuleLoader } from "./loader.ts";
import type { SessionLifecycleStatus, SessionState } from "./models/index.ts";
import { type MountPlan, type MountPlanInput, parsePlan } from "./plan/index.ts";
import { redactConfig } from "./redact.ts";
import { type FailedModule, mountPlanModules } from "./session-init.ts";
import {
  type CreateSessionOptions,
  type ExecuteOptions,
  inheritSessionOptions,
  pushCapped,
  type RecordedHookFailure,
  type SessionStatusReport,
} from "./session-options.ts";

export type { FailedModule } from "./session-init.ts";
export type {
  CreateSessionOptions,
  ExecuteOptions,
  ParentSession,
  RecordedHookFailure,
  SessionStatusReport,
} from "./session-options.ts";

/**
 * Creates a session from a mount plan (an object, JSON or YAML). Call `initialize()` (or let the
 * first `execute()` do it), then `execute()` per turn, then `cleanup()` (or `await using`).
 *
 * @throws KernelError `invalid_plan` naming the path of every problem.
 * @example
 * await using session = createSession(planYaml, { modules: builtins });
 * const answer = await session.execute("What is 6 * 7?");
 */
export function createSession(plan: string | MountPlanInput, options: CreateSessionOptions = {}): Session {
  return new Session(plan, options);
}

/** A running Amplifier session. */
export class Session {
  readonly sessionId: string;
  readonly parentId: string | undefined;
  readonly plan: MountPlan;
  readonly coordinator: ModuleCoordinator;
  readonly #loader: ModuleLoader;
  readonly #options: CreateSessionOptions;
  readonly #now: () => Date;
  readonly #lifetime = new AbortController();
  #state: SessionState = "created";
  #initializing: Promise<void> | undefined;
  #started = false;
  #initialized = false;
  #busy = false;
  #closed: Promise<void> | undefined;
  #turns = 0;
  readonly #startedAt: string;
  #endedAt: string | undefined;
  #lastError: string | undefined;
  readonly #failed: FailedModule[] = [];
  readonly #degraded: string[] = [];
  readonly #cleanupErrors: string[] = [];
  readonly #hookFailures: RecordedHookFailure[] = [];
  readonly #warnings: CoordinatorWarning[] = [];

  constructor(plan: unknown, options: CreateSessionOptions = {}) {
    const parent = options.parent;
    const inherited = parent ? inheritSessionOptions(parent.options, options) : options;
    this.plan = parsePlan(plan, inherited.env === undefined ? {} : { env: inherited.env });
    this.#options = inherited;
    this.#now = inherited.now ?? (() => new Date());
    this.#startedAt = this.#now().toISOString();
    const newId = () => inherited.newId?.() ?? crypto.randomUUID();
    this.sessionId = inherited.sessionId ?? (parent ? `${parent.sessionId}-${newId()}` : newId());
    this.parentId = inherited.parentId ?? parent?.sessionId;
    this.coordinator = new ModuleCoordinator({
      sessionId: this.sessionId,
      parentId: this.parentId,
      config: this.plan as unknown as Record<string, unknown>,
      session: this,
      approvalSystem: inherited.approval,
      displaySystem: inherited.display,
      now: this.#now,
      onWarning: (warning) => {
        pushCapped(this.#warnings, warning);
        inherited.onWarning?.(warning);
      },
      hookOptions: {
        onHandlerError: (failure) => {
          const { error, ...rest } = failure;
          pushCapped(this.#hookFailures, { ...rest, error: error === undefined ? failure.kind : describeError(error) });
          inherited.onHookError?.(failure);
        },
      },
    });
    this.coordinator.hooks.set_default_fields({ session_id: this.sessionId, parent_id: this.parentId ?? null });
    this.#loader = new ModuleLoader({
      modules: inherited.modules,
      sandbox: inherited.sandbox,
      planDir: inherited.planDir,
    });
    this.coordinator.loader = this.#loader;
    if (inherited.resolver !== undefined) this.coordinator.mount_points["module-source-resolver"] = inherited.resolver;
    for (const [name, value] of Object.entries(inherited.capabilities ?? {})) {
      this.coordinator.register_capability(name, value);
    }
    if (inherited.store !== undefined) this.coordinator.register_capability("session.store", inherited.store);
    parent?.coordinator.cancellation.register_child(this.coordinator.cancellation);
  }

  /** The options this session was created with (after inheriting from its parent). */
  get options(): Readonly<CreateSessionOptions> {
    return this.#options;
  }

  /**
   * Mounts every module of the plan (once; later calls wait for the first).
   *
   * @throws KernelError `mount_failed` when the orchestrator or the context cannot mount (the session is then failed).
   */
  initialize(): Promise<void> {
    this.#initializing ??= this.#initialize();
    return this.#initializing;
  }

  async #initialize(): Promise<void> {
    if (this.#closed) throw new KernelError("not_initialized", "This session was cleaned up; create a new one.");
    try {
      await mountPlanModules({
        coordinator: this.coordinator,
        loader: this.#loader,
        plan: this.plan,
        signal: this.#lifetime.signal,
        mountTimeoutMs: this.#options.mountTimeoutMs,
        failed: this.#failed,
        degraded: this.#degraded,
      });
    } catch (error) {
      this.#state = "failed";
      this.#lastError = describeError(error);
      for (const cleanupError of await this.coordinator.cleanup())
        this.#cleanupErrors.push(describeError(cleanupError));
      throw error;
    }
    this.#state = "initialized";
    this.#initialized = true;
    if (this.parentId !== undefined) {
      await this.coordinator.hooks.emit(SESSION_FORK, {
        parent: this.parentId,
        session_id: this.sessionId,
        ...this.#metadataField(),
      });
    }
  }

  /**
   * `{ metadata }` for session:start, session:resume and session:fork: the plan's
   * `session.metadata` (passed through as the original does), with the host's `metadata` option
   * merged over it; nothing when neither is set.
   */
  #metadataField(): { metadata?: Record<string, unknown> } {
    const fromPlan = this.plan.session.metadata;
    const fromHost = this.#options.metadata;
    if (fromPlan === undefined && fromHost === undefined) return {};
    return { metadata: { ...fromPlan, ...fromHost } };
  }

  /**
   * Runs one turn and returns the orchestrator's answer. Initializes first if needed.
   *
   * @throws KernelError `no_provider`, `session_busy`, `cancelled`, `execution_failed` (other KernelErrors pass through).
   */
  async execute(prompt: string, options: ExecuteOptions = {}): Promise<string> {
    if (this.#closed) throw new KernelError("not_initialized", "This session was cleaned up; create a new one.");
    // Claimed before the first await, so two calls in the same tick cannot both start a turn.
    if (this.#busy) throw new KernelError("session_busy", "A turn is already running in this session.");
    this.#busy = true;
    try {
      return await this.#runTurn(prompt, options);
    } finally {
      this.#busy = false;
    }
  }

  async #runTurn(prompt: string, options: ExecuteOptions): Promise<string> {
    await this.initialize();
    const orchestrator = this.coordinator.get("orchestrator");
    const context = this.coordinator.get("context");
    const providers = this.coordinator.get("providers");
    if (!orchestrator || !context) throw new KernelError("not_initialized", "No orchestrator or context is mounted.");
    // The original's RustSession skips this check; a turn without a provider can only fail later.
    if (Object.keys(providers).length === 0) throw this.#noProviderError();
    this.#state = "running";
    this.#turns++;
    await this.#emitStartOnce();
    const token = this.coordinator.cancellation;
    token.reset();
    this.coordinator.reset_turn();
    // A child turn started after its parent was cancelled starts cancelled too.
    const parentToken = this.#options.parent?.coordinator.cancellation;
    if (parentToken?.is_immediate) token.request_immediate();
    else if (parentToken?.is_graceful) token.request_graceful();
    const stop = () => token.request_immediate();
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    // Orchestrators report their own cancel:completed; the session adds one only when none did.
    let cancelReported = false;
    const stopWatching = this.coordinator.hooks.observe(
      () => {
        cancelReported = true;
      },
      { events: [CANCEL_COMPLETED] },
    );
    try {
      const answer = await orchestrator.execute(
        prompt,
        context,
        providers,
        this.coordinator.get("tools"),
        this.coordinator.hooks,
        {
          coordinator: this.coordinator,
          signal: token.signal,
        },
      );
      stopWatching();
      await this.#finishTurn(undefined, cancelReported);
      return answer;
    } catch (error) {
      stopWatching();
      await this.#finishTurn(error, cancelReported);
      if (KernelError.is(error)) throw error;
      throw new KernelError("execution_failed", `Execution failed: ${describeError(error)}`, { cause: error });
    } finally {
      stopWatching();
      options.signal?.removeEventListener("abort", stop);
    }
  }

  async #emitStartOnce(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.coordinator.hooks.emit(this.#options.resumed ? SESSION_RESUME : SESSION_START, {
      session_id: this.sessionId,
      parent_id: this.parentId ?? null,
      ...this.#metadataField(),
    });
    if (this.plan.session.raw === true) {
      await this.coordinator.hooks.emit(SESSION_CONFIG, { session_id: this.sessionId, raw: redactConfig(this.plan) });
    }
  }

  async #finishTurn(error: unknown, cancelReported: boolean): Promise<void> {
    const token = this.coordinator.cancellation;
    if (token.is_cancelled) {
      this.#state = "cancelled";
      if (cancelReported) return;
      await this.coordinator.hooks.emit(CANCEL_COMPLETED, {
        was_immediate: token.is_immediate,
        ...(error === undefined ? {} : { error: describeError(error) }),
      });
      return;
    }
    this.#state = error === undefined ? "completed" : "failed";
    if (error !== undefined) this.#lastError = describeError(error);
  }

  #noProviderError(): KernelError {
    const failed = this.#failed.filter((module) => module.kind === "provider");
    const hints = [
      ...failed.map((module) => `${module.module_id} failed (${module.reason_code}: ${module.error})`),
      ...this.#degraded.filter((id) => id.includes("provider")).map((id) => `${id} mounted nothing (check its config)`),
    ];
    return new KernelError(
      "no_provider",
      `No provider is mounted${hints.length ? `: ${hints.join("; ")}` : "; add one to the plan's providers."}`,
      {
        data: { failed },
      },
    );
  }

  /**
   * Emits `session:end` (while hooks are still mounted), then runs every cleanup in reverse order.
   * Idempotent. Cleanup errors are collected in `status().cleanupErrors`, not thrown.
   */
  cleanup(): Promise<void> {
    this.#closed ??= this.#cleanup();
    return this.#closed;
  }

  async #cleanup(): Promise<void> {
    this.#lifetime.abort(new KernelError("cancelled", "The session was cleaned up."));
    if (this.#initializing) await this.#initializing.catch(() => undefined);
    // Only a session that initialized ends (the original's rule), and before the cleanups, while
    // hook modules are still mounted (the Rust session emits it after them, when they are gone).
    if (this.#initialized) {
      await this.coordinator.hooks.emit(SESSION_END, {
        session_id: this.sessionId,
        status: toLifecycleStatus(this.#state),
      });
    }
    for (const error of await this.coordinator.cleanup()) this.#cleanupErrors.push(describeError(error));
    this.#options.parent?.coordinator.cancellation.unregister_child(this.coordinator.cancellation);
    this.#endedAt = this.#now().toISOString();
  }

  /** Releases the session (`await using session = createSession(...)`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.cleanup();
  }

  /** The session's state, counters and any modules that failed to load. */
  status(): SessionStatusReport {
    const report: SessionStatusReport = {
      sessionId: this.sessionId,
      parentId: this.parentId,
      state: this.#state,
      turns: this.#turns,
      startedAt: this.#startedAt,
      failedModules: this.#failed.map((module) => ({ ...module })),
      degradedModules: [...this.#degraded],
      mounted: {
        orchestrator: this.coordinator.get("orchestrator") !== undefined,
        context: this.coordinator.get("context") !== undefined,
        providers: Object.keys(this.coordinator.get("providers")),
        tools: Object.keys(this.coordinator.get("tools")),
      },
      cleanupErrors: [...this.#cleanupErrors],
      hookFailures: this.#hookFailures.map((failure) => ({ ...failure })),
      warnings: this.#warnings.map((warning) => ({ ...warning })),
    };
    if (this.#endedAt !== undefined) report.endedAt = this.#endedAt;
    if (this.#lastError !== undefined) report.lastError = this.#lastError;
    return report;
  }
}

/** The status `session:end` reports, in the original's set: a session that never ran a turn is still running. */
function toLifecycleStatus(state: SessionState): SessionLifecycleStatus {
  return state === "completed" || state === "failed" || state === "cancelled" ? state : "running";
}
