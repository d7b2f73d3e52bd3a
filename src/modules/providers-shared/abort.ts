/** Cancellation helpers: every provider call takes an AbortSignal, and aborting it is a `cancelled` KernelError. */
import { KernelError } from "../../errors.ts";

/** The `cancelled` KernelError for an aborted signal, keeping the abort reason as the cause. */
export function cancelledError(signal?: AbortSignal): KernelError {
  const reason: unknown = signal?.reason;
  if (KernelError.is(reason, "cancelled")) return reason;
  return new KernelError(
    "cancelled",
    "The provider call was cancelled.",
    reason === undefined ? {} : { cause: reason },
  );
}

/** True when `error` is what fetch or a stream throws because its signal aborted. */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** A signal that aborts when any of the given ones does (the undefined ones are ignored). */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return AbortSignal.any(present);
}
