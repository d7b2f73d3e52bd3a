/**
 * Reading what a guest call ended with: the prelude answers with a tagged string ("V" + value JSON,
 * "E" + error JSON); a value QuickJS threw by itself is dumped. Either becomes a value, a KernelError
 * returned as data, or a broken limit that kills the instance.
 */
import { KernelError } from "../../src/errors.ts";
import type { KillReason } from "../protocol.ts";
import type { QuickJSInstance } from "../quickjs-instance.ts";
import { type GuestErrorData, guestErrorCode, limitBroken } from "./failure.ts";
import type { GuestText } from "./guest-text.ts";

/** The outcome of a guest call. */
export type GuestOutcome =
  | { readonly value: string }
  | { readonly kill: { readonly reason: KillReason; readonly message: string } }
  | { readonly error: KernelError };

/** Interprets a tagged answer read from the guest (`limit` is the message limit in bytes). */
export function interpretTagged(
  tagged: GuestText,
  what: string,
  limit: number,
  bytes: (text: string) => number,
): GuestOutcome {
  const text = tagged.text;
  if (tagged.tooLarge || (text?.startsWith("V") && bytes(text) - 1 > limit)) {
    return { kill: { reason: "payload", message: `${what} returned more than ${limit} bytes` } };
  }
  if (text === undefined) return { kill: { reason: "crash", message: `${what} did not answer through the prelude` } };
  if (text.startsWith("V")) return { value: text.slice(1) };
  const error = JSON.parse(text.slice(1)) as GuestErrorData;
  const broken = limitBroken(error);
  if (broken) return { kill: { reason: broken, message: `${what}: ${error.message}` } };
  return {
    error: new KernelError(guestErrorCode(error), `${what} failed: ${error.message}`, {
      data: {
        guest: { name: error.name ?? "Error", message: error.message, code: error.code ?? null },
        ...(error.data ? { details: error.data } : {}),
      },
    }),
  };
}

/** Describes a value QuickJS threw outside the prelude (dumped to the host). */
export function describeDumped(dumped: unknown): GuestErrorData {
  if (dumped === null)
    return { name: "null", message: "null was thrown (the engine is out of memory)", thrown: "null" };
  if (typeof dumped === "object") {
    const fields = dumped as { name?: unknown; message?: unknown };
    return { name: String(fields.name ?? "Error"), message: String(fields.message ?? "") };
  }
  return { name: "Error", message: String(dumped) };
}

/**
 * Disposes `resources` in order, then asks a debug build's leak sanitizer about the instance.
 * Failures are collected, not thrown: after an abort the runtime may fail its own assertions, and
 * the instance is dropped either way.
 */
export function releaseInstance(
  resources: readonly { readonly alive: boolean; dispose(): void }[],
  instance: QuickJSInstance,
): { errors: string[]; leaked: boolean } {
  const errors: string[] = [];
  for (const resource of resources) {
    try {
      if (resource.alive) resource.dispose();
    } catch (error) {
      errors.push(String(error));
    }
  }
  let leaked = false;
  try {
    leaked = instance.quickjs.getFFI().QTS_RecoverableLeakCheck() !== 0;
  } catch (error) {
    errors.push(`leak check failed: ${String(error)}`);
  }
  return { errors, leaked };
}
