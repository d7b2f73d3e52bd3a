/**
 * ModuleCoordinator: what every module receives in `mount()`. It holds the mount points, the
 * hook registry, the cancellation token, capabilities, contribution channels, cleanups and the
 * session state, and applies hook results for orchestrators.
 */
import type { ApprovalSystem, DisplaySystem } from "./approval.ts";
import { CancellationToken } from "./cancellation.ts";
import type {
  Cleanup,
  ContextManager,
  Contributor,
  Coordinator,
  HookRegistryContract,
  ModuleWarning,
  MountedAt,
  MountOptions,
  Orchestrator,
  Provider,
  Tool,
} from "./contracts.ts";
import { describeError, KernelError } from "./errors.ts";
import { HookRegistry, type HookRegistryOptions } from "./hooks/registry.ts";
import type { HookResult, HookResultInput } from "./models/index.ts";
import { MountPoints, type MountPointsDict, type MountRecord } from "./mount-points.ts";
import { type CoordinatorWarning, type HookResultHost, processHookResult } from "./process-hook-result.ts";

export type { CoordinatorWarning } from "./process-hook-result.ts";

/** Options of a ModuleCoordinator (host API). */
export interface ModuleCoordinatorOptions {
  sessionId?: string;
  parentId?: string | undefined;
  /** The live mount plan (`config.session.injection_*` are read from it). */
  config?: Record<string, unknown>;
  /** The owning session (exposed to modules as `coordinator.session`). */
  session?: unknown;
  approvalSystem?: ApprovalSystem | undefined;
  displaySystem?: DisplaySystem | undefined;
  /** A registry to use instead of a fresh one. */
  hooks?: HookRegistry;
  /** Options of the fresh registry (ignored when `hooks` is given). */
  hookOptions?: HookRegistryOptions;
  /** The clock (timestamps of injections and events). */
  now?: () => Date;
  /** Receives non-fatal conditions the original only logged. */
  onWarning?: (warning: CoordinatorWarning) => void;
}

/**
 * The coordinator of one session.
 *
 * @example
 * const coordinator = new ModuleCoordinator({ sessionId: "s1" });
 * await coordinator.mount("tools", { name: "echo", description: "Echo", execute: async (input) => ({ output: input }) });
 * coordinator.get("tools", "echo");
 */
export class ModuleCoordinator implements Coordinator {
  readonly session_id: string;
  readonly parent_id: string | undefined;
  readonly config: Record<string, unknown>;
  readonly hooks: HookRegistry;
  readonly cancellation: CancellationToken;
  readonly session_state: Record<string, unknown> = {};
  /** The app's approval system; `null` (the original's None) or undefined when there is none. */
  approval_system: ApprovalSystem | null | undefined;
  /** The app's display system; `null` or undefined when there is none. */
  display_system: DisplaySystem | null | undefined;
  /** The loader that mounted the modules (set by the session). */
  loader: unknown;
  #session: unknown;
  readonly #mounts: MountPoints;
  readonly #capabilities = new Map<string, unknown>();
  readonly #contributors: Record<string, ContributorEntry[]> = Object.create(null);
  #cleanups: Cleanup[] = [];
  #injectedTokens = 0;
  readonly #now: () => Date;
  readonly #onWarning: ((warning: CoordinatorWarning) => void) | undefined;

  constructor(options: ModuleCoordinatorOptions = {}) {
    const session = options.session as { session_id?: unknown; parent_id?: unknown; config?: unknown } | undefined;
    this.session_id =
      options.sessionId ?? (typeof session?.session_id === "string" ? session.session_id : crypto.randomUUID());
    this.parent_id = options.parentId ?? (typeof session?.parent_id === "string" ? session.parent_id : undefined);
    this.config = options.config ?? (isRecord(session?.config) ? session.config : {});
    this.#session = options.session;
    this.approval_system = options.approvalSystem;
    this.display_system = options.displaySystem;
    this.#now = options.now ?? (() => new Date());
    this.#onWarning = options.onWarning;
    this.hooks = options.hooks ?? new HookRegistry({ now: this.#now, ...options.hookOptions });
    this.#mounts = new MountPoints(this.hooks);
    this.cancellation = new CancellationToken({
      onCallbackError: (error) =>
        this.#warn({ code: "contributor_failed", message: `cancel callback: ${describeError(error)}` }),
    });
  }

  /**
   * The original's live `mount_points` dict: `orchestrator`, `context`, `module-source-resolver`
   * (null when empty), `providers` and `tools` by name, and `hooks`. Writing into it mounts.
   */
  get mount_points(): MountPointsDict {
    return this.#mounts.dict;
  }

  /** The original's contribution channels: channel name → its contributors, in registration order. */
  get channels(): Record<string, ContributorEntry[]> {
    return this.#contributors;
  }

  /** The owning session. */
  get session(): unknown {
    return this.#session;
  }

  /** Replaces the back-reference to the owning session. */
  _set_session(session: unknown): void {
    this.#session = session;
  }

  /** @throws KernelError `unknown_mount_point`, `invalid_argument`, `name_required` (see MountPoints). */
  async mount<P extends string>(mount_point: P, module: MountedAt<P>, options?: MountOptions | string): Promise<void> {
    this.on_mount(this.#mounts.mount(mount_point, module, options));
  }

  /** @throws KernelError `unknown_mount_point`, `name_required`. */
  async unmount(mount_point: string, options?: MountOptions | string): Promise<void> {
    this.on_unmount(this.#mounts.unmount(mount_point, options));
  }

  /** Called after every mount (test coordinators record history here). */
  protected on_mount(_record: MountRecord): void {}
  /** Called after every unmount. */
  protected on_unmount(_record: MountRecord): void {}

  get(mount_point: "orchestrator"): Orchestrator | undefined;
  get(mount_point: "context"): ContextManager | undefined;
  get(mount_point: "providers"): Record<string, Provider>;
  get(mount_point: "providers", name: string): Provider | undefined;
  get(mount_point: "tools"): Record<string, Tool>;
  get(mount_point: "tools", name: string): Tool | undefined;
  get(mount_point: "hooks"): HookRegistryContract;
  get(mount_point: string, name?: string): unknown;
  /** @throws KernelError `unknown_mount_point`. */
  get(mount_point: string, name?: string): unknown {
    if (mount_point === "hooks") return this.hooks;
    return this.#mounts.get(mount_point, name);
  }

  /** The mounted tools, by name (a snapshot). */
  get tools(): Record<string, Tool> {
    return this.get("tools");
  }
  /** The mounted providers, by name (a snapshot). */
  get providers(): Record<string, Provider> {
    return this.get("providers");
  }

  /** Registers (or overwrites) a session-scoped capability. */
  register_capability(name: string, value: unknown): void {
    this.#capabilities.set(name, value);
  }

  /** A capability, or undefined. */
  get_capability<T = unknown>(name: string): T | undefined {
    return this.#capabilities.get(name) as T | undefined;
  }

  /** Adds a contributor to a channel (duplicate names are fine). */
  register_contributor(channel: string, name: string, callback: Contributor): void {
    if (typeof callback !== "function") {
      throw new KernelError(
        "invalid_argument",
        `register_contributor("${channel}", "${name}"): callback must be a function.`,
      );
    }
    const list = this.#contributors[channel] ?? [];
    list.push({ name, callback });
    this.#contributors[channel] = list;
  }

  /**
   * Calls a channel's contributors in registration order and returns their non-empty values.
   * A contributor that throws is reported and skipped; a cancellation stops with what was collected.
   */
  async collect_contributions(channel: string): Promise<unknown[]> {
    const collected: unknown[] = [];
    for (const { name, callback } of [...(this.#contributors[channel] ?? [])]) {
      try {
        const value = await callback();
        if (value !== undefined && value !== null) collected.push(value);
      } catch (error) {
        if (KernelError.is(error, "cancelled")) break;
        this.#warn({
          code: "contributor_failed",
          message: `Contributor "${name}" on "${channel}" failed: ${describeError(error)}`,
          data: { channel, name },
        });
      }
    }
    return collected;
  }

  /** Registers a cleanup; anything that is not a function is ignored. */
  register_cleanup(cleanup: Cleanup | null | undefined): void {
    if (typeof cleanup === "function") this.#cleanups.push(cleanup);
  }

  /**
   * Runs the cleanups in reverse registration order, each once, and returns the errors they threw
   * (every cleanup runs even when an earlier one failed).
   */
  async cleanup(): Promise<unknown[]> {
    const cleanups = this.#cleanups.reverse();
    this.#cleanups = [];
    const errors: unknown[] = [];
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    return errors;
  }

  /**
   * Applies a hook result for an orchestrator (see `processHookResult`). `data`, this kernel's own
   * addition, is the event's data: an `ask_user` approval then names the tool call it is about.
   */
  process_hook_result(
    result: HookResultInput,
    event: string,
    hook_name = "unknown",
    data?: Readonly<Record<string, unknown>>,
  ): Promise<HookResult> {
    return processHookResult(this.#hookResultHost(), result, event, hook_name, data);
  }

  /**
   * Flips the cancellation state only; orchestrators emit the cancel events at their check points.
   * Takes the original's keyword as `{ immediate }` or a bare boolean.
   *
   * @throws KernelError `invalid_argument` when `immediate` is neither a boolean nor `{ immediate?: boolean }`.
   */
  async request_cancel(immediate: boolean | RequestCancelOptions = false): Promise<void> {
    if (wantsImmediate(immediate)) this.cancellation.request_immediate();
    else this.cancellation.request_graceful();
  }

  /** Zeroes the per-turn injection counter (cancellation is untouched). */
  reset_turn(): void {
    this.#injectedTokens = 0;
  }

  /** Tokens injected by hooks this turn (chars / 4). */
  get injected_tokens_this_turn(): number {
    return this.#injectedTokens;
  }

  /** `config.session.injection_budget_per_turn` (tokens), or undefined for unlimited. */
  get injection_budget_per_turn(): number | undefined {
    return this.#sessionNumber("injection_budget_per_turn");
  }

  /** `config.session.injection_size_limit` (characters), or undefined for unlimited. */
  get injection_size_limit(): number | undefined {
    return this.#sessionNumber("injection_size_limit");
  }

  /** A summary for logs and UIs. */
  to_dict(): Record<string, unknown> {
    return {
      tools: this.#mounts.names("tools"),
      providers: this.#mounts.names("providers"),
      has_orchestrator: this.#mounts.has("orchestrator"),
      has_context: this.#mounts.has("context"),
      capabilities: [...this.#capabilities.keys()],
      // A system set to null (the original's None) is no system.
      has_approval_provider: this.approval_system !== undefined && this.approval_system !== null,
      has_display_service: this.display_system !== undefined && this.display_system !== null,
    };
  }

  #sessionNumber(key: string): number | undefined {
    const session = this.config.session;
    if (!isRecord(session)) return undefined;
    const value = session[key];
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }

  #hookResultHost(): HookResultHost {
    const coordinator = this;
    return {
      context: this.get("context"),
      approval_system: this.approval_system ?? undefined,
      display_system: this.display_system ?? undefined,
      injection_size_limit: this.injection_size_limit,
      injection_budget_per_turn: this.injection_budget_per_turn,
      get injected_tokens_this_turn() {
        return coordinator.#injectedTokens;
      },
      set injected_tokens_this_turn(value: number) {
        coordinator.#injectedTokens = value;
      },
      now: this.#now,
      warn: (warning) => this.#warn(warning),
    };
  }

  /** Reports a non-fatal condition to the host (`onWarning`, `session.status().warnings`). */
  warn(warning: ModuleWarning): void {
    this.#warn(warning);
  }

  #warn(warning: CoordinatorWarning): void {
    try {
      this.#onWarning?.(warning);
    } catch {
      // A failing warning sink must not break the kernel.
    }
  }
}

/** One contributor of a channel. */
export interface ContributorEntry {
  readonly name: string;
  readonly callback: Contributor;
}

/** Options of `coordinator.request_cancel()`. */
export interface RequestCancelOptions {
  /** Stop at once (abort running tools and providers) instead of at the next check point. */
  immediate?: boolean;
}

function wantsImmediate(immediate: unknown): boolean {
  if (immediate === undefined || immediate === null) return false;
  if (typeof immediate === "boolean") return immediate;
  if (typeof immediate === "object" && !Array.isArray(immediate)) {
    const flag = (immediate as RequestCancelOptions).immediate;
    if (flag === undefined || typeof flag === "boolean") return flag === true;
  }
  throw new KernelError(
    "invalid_argument",
    "request_cancel: expected { immediate: boolean } or a boolean (the original's immediate=False keyword).",
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
