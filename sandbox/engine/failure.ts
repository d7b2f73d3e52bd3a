/**
 * How a failure inside a sandbox is classified: a broken limit kills the instance (with a reason),
 * anything else the guest does wrong is a failure returned as data.
 */
import type { KernelErrorCode } from "../../src/errors.ts";
import type { KillReason } from "../protocol.ts";

/** An error as the guest prelude describes it (plain data). */
export interface GuestErrorData {
  readonly name?: string;
  readonly message: string;
  readonly code?: string;
  readonly data?: Record<string, unknown>;
  /** "null" when the guest threw `null`, which is how QuickJS reports an out-of-memory it cannot describe. */
  readonly thrown?: string;
}

/** Codes a guest error may keep when it reaches the kernel; others become `execution_failed`. */
const GUEST_CODES: ReadonlySet<string> = new Set<KernelErrorCode>([
  "capability_denied",
  "invalid_argument",
  "invalid_result",
  "invalid_message",
  "unknown_mount_point",
  "name_required",
  "module_invalid",
  "module_not_found",
  "mount_failed",
  "cancelled",
  "timeout",
  "provider_failed",
  "tool_failed",
  "sandbox_payload",
]);

/** The kernel code a guest error keeps across the boundary. */
export function guestErrorCode(error: GuestErrorData): KernelErrorCode {
  return error.code !== undefined && GUEST_CODES.has(error.code) ? (error.code as KernelErrorCode) : "execution_failed";
}

/** The limit a guest error reports breaking, if any (the guest cannot catch an interrupt). */
export function limitBroken(error: GuestErrorData): KillReason | undefined {
  if (error.code === "sandbox_payload") return "payload";
  if (error.thrown === "null") return "memory";
  if (error.name !== "InternalError" && error.name !== "RangeError") return undefined;
  if (/out of memory/i.test(error.message)) return "memory";
  if (/stack overflow|call stack/i.test(error.message)) return "stack";
  if (error.message === "interrupted") return "timeout";
  return undefined;
}

/** The reason for an exception that escaped QuickJS into the host (a trap, an abort, host stack). */
export function hostFailureReason(error: unknown, memoryAtCap: boolean): KillReason {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/call stack|stack overflow/i.test(message)) return "stack";
  if (memoryAtCap || /out of memory|memory access out of bounds|Cannot enlarge memory/i.test(message)) return "memory";
  return "crash";
}

/** UTF-8 length of `text`, without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** How deeply arrays and objects nest in JSON `text`, found by one scan (no recursion, no parse). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Human wording of each kill reason, for messages and events. */
export const KILL_DESCRIPTIONS: Readonly<Record<KillReason, string>> = Object.freeze({
  timeout: "ran past its time limit",
  memory: "ran out of memory",
  stack: "overflowed its stack",
  payload: "sent a message over the size limit",
  crash: "crashed the engine",
});
