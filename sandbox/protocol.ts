/**
 * Every message that crosses the sandbox's seam, in one place. The two sides:
 *
 * - the **kernel side** (`kernel/`), beside the coordinator: it mounts proxies, answers the guest's
 *   requests under the module's grants, and supervises the runner (restarts, kills, watchdog);
 * - the **runner** (`runner/`), where QuickJS runs, inline or in a worker: one engine instance per
 *   module, its limits enforced from outside the guest, no restart policy of its own.
 *
 * Everything that crosses is plain JSON-compatible data, so a direct same-thread call and a worker's
 * `postMessage` carry the same messages (`transport/`). Failures travel as {@link Result}s.
 */
import type { KernelErrorCode, KernelErrorData, Result } from "../src/errors.ts";

/** Why a runner's instance was killed; always the host's own observation, never the guest's word. */
export type KillReason = "timeout" | "cpu" | "memory" | "stack" | "payload" | "crash" | "unresponsive";

/** The KernelError code a call fails with when its sandbox is killed for `reason`. */
export const KILL_ERROR_CODES: Readonly<Record<KillReason, KernelErrorCode>> = Object.freeze({
  timeout: "sandbox_timeout",
  cpu: "sandbox_cpu",
  memory: "sandbox_memory",
  stack: "sandbox_stack",
  payload: "sandbox_payload",
  crash: "sandbox_crash",
  unresponsive: "sandbox_timeout",
});

/** The cancellation state mirrored into the guest (`coordinator.cancellation`). */
export type CancellationState = "none" | "graceful" | "immediate";

/** The mount points a guest may mount on (hooks register through `coordinator.hooks`). */
export type GuestMountPoint = "tools" | "providers" | "context" | "orchestrator";

/** Where a sandboxed module runs: on the kernel's thread, or in a dedicated worker. */
export type SandboxPlacement = "inline" | "worker";

/** Which QuickJS build a runner uses. */
export type EngineBuild = "release" | "debug";

/** The module files of a sandboxed module: paths relative to the module root, and its entry. */
export interface SandboxSource {
  readonly files: Readonly<Record<string, string>>;
  readonly entry: string;
}

/** Limits of one sandbox, resolved (every field present). See `kernel/limits.ts` for the defaults. */
export interface SandboxLimits {
  readonly memoryMiB: number;
  readonly timeoutMs: number;
  readonly stackBytes: number;
  readonly maxMessageBytes: number;
  readonly maxPendingJobs: number;
  readonly maxMounts: number;
  readonly restarts: number;
  /** Interrupt-handler calls allowed per call: the CPU guard that works with a frozen clock. */
  readonly interruptBudget: number;
  /** The window over which a module's guest time is charged. */
  readonly cpuWindowMs: number;
  /** Guest time a module may use in any `cpuWindowMs`, in and out of calls. */
  readonly cpuBudgetMs: number;
  /** Guest time a module may use with no call in flight, in any `cpuWindowMs`. */
  readonly backgroundBudgetMs: number;
  /** A provider stream's caps, per stream. */
  readonly streamMaxBytes: number;
  readonly streamMaxEvents: number;
  readonly streamTimeoutMs: number;
}

/** A granted coordinator capability as the guest sees it at start (see `kernel/capabilities/`). */
export type CapabilitySnapshot =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "function" }
  | { readonly kind: "object"; readonly methods: readonly string[]; readonly data: Record<string, unknown> }
  | { readonly kind: "absent" };

/**
 * What the guest may use besides its coordinator: `fetch` exists only when granted; storage,
 * transcript and capability calls are answered by the kernel's gates.
 */
export interface GuestGrants {
  readonly fetch: boolean;
  readonly storage: boolean;
  readonly transcript: boolean;
  /** Every granted capability by name, as it is on the coordinator at start (`absent` if not registered). */
  readonly capabilities: Readonly<Record<string, CapabilitySnapshot>>;
}

/** What the guest knows of its session. */
export interface GuestSession {
  readonly session_id: string;
  readonly parent_id: string | null;
  readonly grants: GuestGrants;
}

/** Kernel → runner: load the module's source and run its `mount(coordinator, config)`. */
export interface StartRequest {
  readonly moduleId: string;
  readonly source: SandboxSource;
  readonly config: Record<string, unknown>;
  readonly limits: SandboxLimits;
  readonly session: GuestSession;
}

/** What `start` reports: whether `mount()` left a cleanup, and the module's exports. */
export interface StartReply {
  readonly cleanup: boolean;
  readonly exports: readonly string[];
}

/**
 * Kernel → runner: call `method` on a guest object the module registered under `target`
 * (`tools:<name>`, `providers:<name>`, `context`, `orchestrator`, `hooks:<event>:<n>`,
 * `contributors:<channel>:<n>`, or `cleanup`).
 */
export interface InvokeRequest {
  readonly target: string;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly cancellation?: CancellationState | undefined;
}

/** The runner's API, as the kernel side calls it. Every method answers with data. */
export interface RunnerApi {
  start(request: StartRequest): Promise<Result<StartReply>>;
  invoke(request: InvokeRequest): Promise<Result<unknown>>;
  stop(): Promise<Result<null>>;
}

/** Descriptors a guest sends with `mount` (the synchronous parts of each contract). */
export interface GuestToolDescriptor {
  readonly name: string;
  readonly description: string;
  readonly input_schema: Record<string, unknown>;
}

/**
 * Guest → kernel: what the guest's coordinator asks for. Built by the runner from the op and the
 * guest's JSON, **unvalidated**; the kernel side parses every one (`kernel/guest-requests.ts`).
 */
export type GuestRequest =
  | {
      readonly op: "mount";
      readonly mount_point: GuestMountPoint;
      readonly key: string;
      readonly name: string | null;
      readonly descriptor: Record<string, unknown>;
    }
  | { readonly op: "unmount"; readonly mount_point: GuestMountPoint; readonly name: string | null }
  | {
      readonly op: "hooks.register";
      readonly key: string;
      readonly event: string;
      readonly priority: number;
      readonly name: string | null;
    }
  | { readonly op: "hooks.unregister"; readonly key: string }
  | { readonly op: "hooks.emit"; readonly event: string; readonly data: Record<string, unknown> }
  | {
      readonly op: "hooks.emit_and_collect";
      readonly event: string;
      readonly data: Record<string, unknown>;
      readonly timeout: number | null;
    }
  | { readonly op: "register_contributor"; readonly key: string; readonly channel: string; readonly name: string }
  | {
      readonly op: "process_hook_result";
      readonly result: Record<string, unknown>;
      /** Set when the result is one `hooks.emit` returned: it is applied with its hooks' authority. */
      readonly result_id: string | null;
      readonly event: string;
      readonly hook_name: string | null;
    }
  | {
      readonly op: "call";
      readonly execution: string;
      readonly target: "context" | "provider" | "tool";
      readonly name: string | null;
      readonly method: string;
      readonly args: readonly unknown[];
    }
  | {
      readonly op: "fetch";
      readonly url: string;
      readonly method: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string | null;
    }
  | {
      readonly op: "storage";
      readonly method: "get" | "set" | "delete" | "keys";
      readonly key?: string | undefined;
      readonly value?: unknown;
    }
  | { readonly op: "transcript"; readonly method: "get_messages" }
  | {
      readonly op: "capability";
      readonly action: "get" | "register";
      readonly name: string;
      readonly value?: unknown;
    }
  | {
      readonly op: "capability.call";
      readonly name: string;
      readonly method: string | null;
      readonly args: readonly unknown[];
    };

/** The name of a guest request. */
export type GuestRequestOp = GuestRequest["op"];

/** A reply to a guest request; it also refreshes the guest's mirror of the cancellation state. */
export type GuestReply = Result<unknown> & { readonly cancellation?: CancellationState };

/** Runner → kernel: the runner's instance was killed (the kernel side decides what follows). */
export interface RunnerKilled {
  readonly type: "killed";
  readonly reason: KillReason;
  /** The host's description of what broke; never text the guest chose. */
  readonly message: string;
}

/** The runner's way to the kernel side. */
export interface KernelPortApi {
  request(request: GuestRequest): Promise<GuestReply>;
  notify(notice: RunnerKilled): void;
}

/** What disposing an instance found; a clean stop has no errors and no leaks. */
export interface DisposeReport {
  readonly moduleId: string;
  /** Set when the instance was killed before it was disposed. */
  readonly killed: KillReason | undefined;
  /** Failures while releasing handles, the context or the runtime (a leaked handle shows here). */
  readonly errors: readonly string[];
  /** True when a debug build's leak sanitizer found unreleased memory. */
  readonly leaked: boolean;
}

/** Receives what the engine reports, wherever it runs (for tests and logs). */
export interface EngineObserver {
  readonly onDiagnostic?: ((line: string) => void) | undefined;
  /** Told when an engine instance is assigned to a module (each is later reported by `onDisposed`). */
  readonly onCreated?: ((moduleId: string) => void) | undefined;
  readonly onDisposed?: ((report: DisposeReport) => void) | undefined;
}

/** The runner methods the kernel may call across a thread. */
export type RunnerMethod = keyof RunnerApi;

/** Kernel → worker thread, the only messages a thread acts on. */
export type KernelToThread =
  | {
      readonly type: "init";
      /** The compiled QuickJS wasm, when the kernel's thread can share it (it is structured-cloneable). */
      readonly wasmModule: WebAssembly.Module | undefined;
      readonly build: EngineBuild;
    }
  | { readonly type: "ping"; readonly id: number }
  | { readonly type: "call"; readonly id: number; readonly method: RunnerMethod; readonly params: unknown }
  | { readonly type: "answer"; readonly id: number; readonly reply: GuestReply };

/** Worker thread → kernel, the only messages the kernel side acts on. */
export type ThreadToKernel =
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly error: KernelErrorData }
  | { readonly type: "pong"; readonly id: number }
  | { readonly type: "reply"; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: "request"; readonly id: number; readonly request: GuestRequest }
  | { readonly type: "notice"; readonly notice: RunnerKilled }
  | { readonly type: "diagnostic"; readonly line: string }
  | { readonly type: "created"; readonly moduleId: string }
  | { readonly type: "disposed"; readonly report: DisposeReport };
