/**
 * The one error class of the kernel. Errors cross realms (comlink, QuickJS, workers), so they are
 * recognised by a marker and a string `code`, never by `instanceof`.
 */

const MARKER = "__amplifierEdgeKernelError";

/** Every code a KernelError may carry. Codes are stable API: add, never rename. */
export type KernelErrorCode =
  | "invalid_plan"
  | "invalid_config"
  | "invalid_argument"
  | "invalid_message"
  | "invalid_result"
  | "unknown_mount_point"
  | "name_required"
  | "module_not_found"
  | "module_invalid"
  | "mount_failed"
  | "not_initialized"
  | "no_provider"
  | "execution_failed"
  | "session_busy"
  | "sandbox_unavailable"
  | "sandbox_killed"
  | "sandbox_timeout"
  | "sandbox_memory"
  | "sandbox_stack"
  | "sandbox_payload"
  | "sandbox_crash"
  | "capability_denied"
  | "provider_failed"
  | "tool_failed"
  | "storage_failed"
  | "approval_timeout"
  | "cancelled"
  | "timeout"
  | "internal";

/** Plain-data form of a KernelError, the shape that crosses comlink and the sandbox boundary. */
export interface KernelErrorData {
  readonly code: KernelErrorCode;
  readonly message: string;
  readonly data?: Record<string, unknown>;
}

/**
 * An error with a stable `code`, a message that says what to do, optional `data` and `cause`.
 *
 * @example
 * throw new KernelError("invalid_plan", "tools[2].config: expected object", { data: { path: ["tools", 2, "config"] } });
 */
export class KernelError extends Error {
  readonly code: KernelErrorCode;
  readonly data: Record<string, unknown> | undefined;
  readonly [MARKER] = true;

  constructor(
    code: KernelErrorCode,
    message: string,
    options: { cause?: unknown; data?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KernelError";
    this.code = code;
    this.data = options.data;
  }

  /** True when `error` is a KernelError (from any realm), optionally with the given code. */
  static is(error: unknown, code?: KernelErrorCode): error is KernelError {
    if (typeof error !== "object" || error === null) return false;
    const candidate = error as { [MARKER]?: unknown; code?: unknown };
    if (candidate[MARKER] !== true || typeof candidate.code !== "string") return false;
    return code === undefined || candidate.code === code;
  }

  /** Rebuilds a KernelError from its data form, as a client does after a crossing. */
  static fromData(data: KernelErrorData): KernelError {
    return new KernelError(data.code, data.message, data.data === undefined ? {} : { data: data.data });
  }

  /** The plain-data form of this error. */
  toData(): KernelErrorData {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** A readable one-line description of anything thrown, for messages and events. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
