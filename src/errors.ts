/**
 * The one error and result model of the kernel, used on every seam (the sandbox, the web worker
 * host, the Cloudflare service). Errors cross realms (workers, QuickJS, RPC), so they are
 * recognised by a marker and a string `code`, never by `instanceof`; across a seam only data
 * travels: a {@link Result}, whose failure is {@link KernelErrorData}.
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
  | "name_conflict"
  | "module_not_found"
  | "module_invalid"
  | "integrity_mismatch"
  | "mount_failed"
  | "not_initialized"
  | "no_provider"
  | "execution_failed"
  | "session_busy"
  | "session_not_found"
  | "approval_not_found"
  | "no_turn_running"
  | "idempotency_key_reused"
  | "events_expired"
  | "sandbox_unavailable"
  | "sandbox_killed"
  | "sandbox_timeout"
  | "sandbox_cpu"
  | "sandbox_memory"
  | "sandbox_stack"
  | "sandbox_payload"
  | "sandbox_busy"
  | "sandbox_crash"
  | "capability_denied"
  | "provider_failed"
  | "tool_failed"
  | "storage_failed"
  | "approval_timeout"
  | "turn_interrupted"
  | "cancelled"
  | "timeout"
  | "internal";

/**
 * One problem in a value, by path: the one issue shape of every seam (plans, requests, guest
 * messages). `path` keeps numbers as numbers (`["tools", 2, "config"]`); {@link formatIssuePath}
 * renders it for people (`tools[2].config`).
 */
export interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** A machine-readable kind (zod's issue code, or the kernel's), e.g. `invalid_type`. */
  readonly code: string;
}

/** Plain-data form of a KernelError, the shape that crosses every seam. */
export interface KernelErrorData {
  readonly code: KernelErrorCode;
  readonly message: string;
  readonly data?: Record<string, unknown>;
  /** Every problem found, when the error is about a value's shape. */
  readonly issues?: readonly Issue[];
}

/** The outcome of every call across a seam: a value, or a failure as data. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KernelErrorData };

/** Options of a KernelError. */
export interface KernelErrorOptions {
  readonly cause?: unknown;
  readonly data?: Record<string, unknown> | undefined;
  readonly issues?: readonly Issue[] | undefined;
}

/**
 * An error with a stable `code`, a message that says what to do, optional `data`, `issues` and `cause`.
 *
 * @example
 * throw new KernelError("invalid_plan", "tools[2].config: expected object", { issues: [{ path: ["tools", 2, "config"], message: "expected object", code: "invalid_type" }] });
 */
export class KernelError extends Error {
  readonly code: KernelErrorCode;
  readonly data: Record<string, unknown> | undefined;
  readonly issues: readonly Issue[] | undefined;
  readonly [MARKER] = true;

  constructor(code: KernelErrorCode, message: string, options: KernelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KernelError";
    this.code = code;
    this.data = options.data;
    this.issues = options.issues;
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
    return new KernelError(data.code, data.message, { data: data.data, issues: data.issues });
  }

  /** The plain-data form of this error. */
  toData(): KernelErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.data === undefined ? {} : { data: this.data }),
      ...(this.issues === undefined ? {} : { issues: this.issues }),
    };
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

/**
 * The data form of anything thrown: a KernelError keeps its code, data and issues; anything else
 * becomes `fallback` with a description (never `[object Object]`: emscripten throws plain objects).
 */
export function toErrorData(error: unknown, fallback: KernelErrorCode = "internal", context?: string): KernelErrorData {
  if (KernelError.is(error)) return error.toData();
  const message = describeError(error);
  return { code: fallback, message: context === undefined ? message : `${context}: ${message}` };
}

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result. */
export function fail(code: KernelErrorCode, message: string, data?: Record<string, unknown>): Result<never> {
  return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
}

/** A failed result from anything thrown (see {@link toErrorData}). */
export function failFrom(error: unknown, fallback: KernelErrorCode = "internal", context?: string): Result<never> {
  return { ok: false, error: toErrorData(error, fallback, context) };
}

/** Runs `action` and turns its outcome into a result, so nothing thrown crosses a seam. */
export async function settle<T>(
  action: () => Promise<T> | T,
  fallback: KernelErrorCode = "internal",
): Promise<Result<T>> {
  try {
    return ok(await action());
  } catch (error) {
    return failFrom(error, fallback);
  }
}

/**
 * The value of a result, or its error rethrown as a KernelError (the code survives the crossing).
 *
 * @throws KernelError with the code the other side reported.
 */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw KernelError.fromData(result.error);
}

/** Renders an issue path for people: `["tools", 2, "config"]` → `tools[2].config`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}
