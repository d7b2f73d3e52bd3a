/**
 * The data-only protocol between the two halves of a sandbox:
 *
 * - the **sandbox host** owns one QuickJS instance (loads the module, runs calls, enforces limits);
 * - the **kernel side** mounts host-side proxies on the coordinator and answers the guest's calls.
 *
 * Everything that crosses is plain JSON-compatible data, so any transport that can carry a
 * structured clone (a direct in-process call, a MessageChannel, a worker, comlink) can sit between
 * them. Errors travel as `{ code, message, data }` and become KernelErrors again on arrival.
 */
import { describeError, KernelError, type KernelErrorCode, type KernelErrorData } from "../src/errors.ts";

/** The result of every call across the seam. */
export type SandboxResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KernelErrorData };

/** Why a sandbox instance was killed. */
export type KillReason = "timeout" | "memory" | "stack" | "payload" | "crash";

/** The KernelError code a call fails with when its sandbox is killed for `reason`. */
export const KILL_ERROR_CODES: Readonly<Record<KillReason, KernelErrorCode>> = Object.freeze({
  timeout: "sandbox_timeout",
  memory: "sandbox_memory",
  stack: "sandbox_stack",
  payload: "sandbox_payload",
  crash: "sandbox_crash",
});

/** The cancellation state mirrored into the guest (`coordinator.cancellation`). */
export type CancellationState = "none" | "graceful" | "immediate";

/** The mount points a guest may mount on (hooks register through `coordinator.hooks`). */
export type GuestMountPoint = "tools" | "providers" | "context" | "orchestrator";

/** The module files of a sandboxed module: paths relative to the module root, and its entry. */
export interface SandboxSource {
  readonly files: Readonly<Record<string, string>>;
  readonly entry: string;
}

/** Limits of one sandbox, resolved (every field present). See `limits.ts` for the defaults. */
export interface SandboxLimitsData {
  readonly memoryMiB: number;
  readonly timeoutMs: number;
  readonly stackBytes: number;
  readonly maxMessageBytes: number;
  readonly maxPendingJobs: number;
  readonly maxMounts: number;
  readonly restarts: number;
  /** Interrupt-handler calls allowed per call: the CPU guard that works with a frozen clock. */
  readonly interruptBudget: number;
}

/** A granted coordinator capability as the guest sees it at start (see `capabilities/`). */
export type CapabilitySnapshot =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "function" }
  | { readonly kind: "object"; readonly methods: readonly string[]; readonly data: Record<string, unknown> }
  | { readonly kind: "absent" };

/**
 * What the guest may use besides its coordinator: `fetch` exists only when granted; storage,
 * transcript and capability calls are answered by the kernel's capability gate.
 */
export interface GuestGrants {
  readonly fetch: boolean;
  readonly storage: boolean;
  readonly transcript: boolean;
  /** Every granted capability by name, as it is on the coordinator at start (`absent` if not registered). */
  readonly capabilities: Readonly<Record<string, CapabilitySnapshot>>;
}

/** Kernel → host: load the module's source and run its `mount(coordinator, config)`. */
export interface StartRequest {
  readonly moduleId: string;
  readonly source: SandboxSource;
  readonly config: Record<string, unknown>;
  readonly limits: SandboxLimitsData;
  /** What the guest knows of its session, and what it was granted (nothing when `grants` is absent). */
  readonly session: {
    readonly session_id: string;
    readonly parent_id: string | null;
    readonly grants?: GuestGrants | undefined;
  };
}

/** What `start` reports: whether `mount()` returned a cleanup function, and the module's exports. */
export interface StartReply {
  readonly cleanup: boolean;
  readonly exports: readonly string[];
}

/**
 * Kernel → host: call `method` on a guest object the module registered under `target`
 * (`tools:<name>`, `providers:<name>`, `context`, `orchestrator`, `hooks:<event>:<n>`,
 * `contributors:<channel>:<n>`, or `cleanup`).
 */
export interface InvokeRequest {
  readonly target: string;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly cancellation?: CancellationState;
}

/** The host half: what the kernel side may ask of a sandbox. Every method answers with data. */
export interface SandboxHostApi {
  start(request: StartRequest): Promise<SandboxResult<StartReply>>;
  invoke(request: InvokeRequest): Promise<SandboxResult<unknown>>;
  stop(): Promise<SandboxResult<null>>;
}

/** Descriptors a guest sends with `mount` (the synchronous parts of each contract). */
export interface GuestToolDescriptor {
  readonly name: string;
  readonly description: string;
  readonly input_schema: Record<string, unknown>;
}

/** Guest → kernel requests (the guest coordinator's methods), validated on the kernel side. */
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
  | { readonly op: "capability"; readonly action: "get" | "register"; readonly name: string }
  | {
      readonly op: "process_hook_result";
      readonly result: Record<string, unknown>;
      readonly event: string;
      readonly hook_name: string;
    }
  | {
      readonly op: "call";
      readonly execution: string;
      readonly target: "context" | "provider" | "tool";
      readonly name: string | null;
      readonly method: string;
      readonly args: readonly unknown[];
    };

/** The name of a guest request. */
export type GuestRequestOp = GuestRequest["op"];

/** A reply to a guest request; it also refreshes the guest's mirror of the cancellation state. */
export type GuestReply = SandboxResult<unknown> & { readonly cancellation?: CancellationState };

/** Host → kernel notices about the sandbox's life. */
export type HostNotice =
  | { readonly type: "started"; readonly moduleId: string; readonly restart: number }
  | {
      readonly type: "killed";
      readonly moduleId: string;
      readonly reason: KillReason;
      readonly message: string;
      readonly restartsLeft: number;
    };

/** The kernel half: what a sandbox host may ask of the kernel. Every method answers with data. */
export interface KernelPortApi {
  request(request: GuestRequest): Promise<GuestReply>;
  notify(notice: HostNotice): Promise<void>;
}

/** A successful result. */
export function ok<T>(value: T): SandboxResult<T> {
  return { ok: true, value };
}

/** A failed result carrying a KernelError's data. */
export function fail(code: KernelErrorCode, message: string, data?: Record<string, unknown>): SandboxResult<never> {
  return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
}

/** A failed result from anything thrown: KernelErrors keep their code, the rest become `internal`. */
export function failFrom(error: unknown, fallback: KernelErrorCode = "internal"): SandboxResult<never> {
  if (KernelError.is(error)) return { ok: false, error: error.toData() };
  // describeError, not String(): emscripten throws plain objects (ExitStatus) that would read "[object Object]".
  return fail(fallback, describeError(error));
}

/**
 * The value of a result, or its error rethrown as a KernelError (the code survives the crossing).
 *
 * @throws KernelError with the code the other half reported.
 */
export function unwrap<T>(result: SandboxResult<T>): T {
  if (result.ok) return result.value;
  throw KernelError.fromData(result.error);
}

/** Runs `action` and turns its outcome into a result, so nothing thrown crosses the seam. */
export async function settle<T>(action: () => Promise<T> | T): Promise<SandboxResult<T>> {
  try {
    return ok(await action());
  } catch (error) {
    return failFrom(error);
  }
}
