/**
 * How a failure inside a sandbox is classified. A kill needs the host's own observation (the CPU
 * guard tripped, the memory refused to grow, a size the host measured, a trap out of the engine);
 * what the guest says about itself (an error named InternalError saying "out of memory") never
 * kills, and never chooses the words of a kill report. Anything else the guest does wrong is a
 * failure returned as data.
 */
import type { KernelErrorCode } from "../../src/errors.ts";
import type { KillReason } from "../protocol.ts";

/** An error as the guest prelude describes it (plain, bounded data). */
export interface GuestErrorData {
  readonly name?: string;
  readonly message: string;
  readonly code?: string;
  readonly data?: Record<string, unknown>;
  /** "null" when the guest threw `null`, which is how QuickJS reports an out-of-memory it cannot describe. */
  readonly thrown?: string;
  /** The engine's backtrace, truncated by the prelude (read only to locate the error). */
  readonly stack?: string;
}

/** Codes a guest error may keep when it reaches the kernel; others become `execution_failed`. */
const GUEST_CODES: ReadonlySet<string> = new Set<KernelErrorCode>([
  "capability_denied",
  "invalid_argument",
  "invalid_result",
  "invalid_message",
  "unknown_mount_point",
  "name_required",
  "name_conflict",
  "module_invalid",
  "module_not_found",
  "mount_failed",
  "cancelled",
  "timeout",
  "provider_failed",
  "tool_failed",
  "sandbox_payload",
  "sandbox_busy",
]);

/** The kernel code a guest error keeps across the boundary. */
export function guestErrorCode(error: GuestErrorData): KernelErrorCode {
  if (isStackOverflow(error)) return "sandbox_stack";
  return error.code !== undefined && GUEST_CODES.has(error.code) ? (error.code as KernelErrorCode) : "execution_failed";
}

/** True when the error reads like the engine's own out-of-memory error (the host then checks the memory). */
export function claimsOutOfMemory(error: GuestErrorData): boolean {
  return error.thrown === "null" || (error.name === "InternalError" && /out of memory/i.test(error.message));
}

/**
 * True for the engine's stack overflow. It is recoverable inside the engine (the guest may even
 * catch it), so it fails the call with `sandbox_stack` and never kills: a module that claims one
 * only fails its own call.
 */
export function isStackOverflow(error: GuestErrorData): boolean {
  return (error.name === "InternalError" || error.name === "RangeError") && /stack overflow/i.test(error.message);
}

/**
 * The reason for an exception that escaped QuickJS into the host: the host's own stack ran out, the
 * engine's memory refused to grow, or anything else (a trap, an abort), which is a crash.
 */
export function hostFailureReason(error: unknown, memoryExhausted: boolean): KillReason {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : "";
  if (error instanceof RangeError && /call stack/i.test(message)) return "stack";
  if (memoryExhausted) return "memory";
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
  cpu: "used more than its share of CPU time",
  memory: "ran out of memory",
  stack: "overflowed the host's stack",
  payload: "sent a message over the size limit",
  crash: "crashed the engine",
  unresponsive: "stopped answering (stuck where its time limit cannot interrupt it) and its worker was terminated",
});
