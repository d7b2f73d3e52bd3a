/**
 * Reading what a guest call ended with. The prelude answers with a tagged string ("V" + value
 * JSON, "E" + error JSON), read without trusting it (its size first). It becomes a value, a
 * KernelError returned as data, or a broken limit that kills the instance; a kill is only ever
 * the host's own observation.
 */
import { KernelError } from "../../src/errors.ts";
import type { KillReason } from "../protocol.ts";
import type { EngineInstance } from "./engine-instance.ts";
import type { GuestText } from "./guest-text.ts";
import { claimsOutOfMemory, type GuestErrorData, guestErrorCode } from "./kill-reasons.ts";

/** The outcome of a guest call. */
export type GuestOutcome =
  | { readonly value: string }
  | { readonly kill: { readonly reason: KillReason; readonly message: string } }
  | { readonly error: KernelError };

/** Error names a message does not repeat (they add nothing to it). */
const PLAIN_NAMES = new Set(["Error", "KernelError", "null"]);

/**
 * Interprets a tagged answer read from the guest.
 *
 * @param what names the call in errors returned to its caller (`tools:echo.execute()`).
 * @param limit the message limit in bytes.
 * @param memoryExhausted whether the engine's memory refused to grow (the host's observation).
 */
export function interpretTagged(
  tagged: GuestText,
  what: string,
  limit: number,
  memoryExhausted: boolean,
): GuestOutcome {
  const text = tagged.text;
  if (tagged.tooLarge) {
    return { kill: { reason: "payload", message: `a call answered with more than the ${limit}-byte message limit` } };
  }
  if (text === undefined) return { kill: { reason: "crash", message: "a call did not answer through the prelude" } };
  if (text.startsWith("V")) return { value: text.slice(1) };
  let error: GuestErrorData;
  try {
    error = JSON.parse(text.slice(1)) as GuestErrorData;
  } catch {
    return { kill: { reason: "crash", message: "a call answered with an unreadable error" } };
  }
  if (claimsOutOfMemory(error) && memoryExhausted) {
    return { kill: { reason: "memory", message: "the engine's memory reached its cap" } };
  }
  const name = typeof error.name === "string" ? error.name : "Error";
  const location = locateGuestError(error.stack);
  return {
    error: new KernelError(
      guestErrorCode(error),
      `${what} failed: ${PLAIN_NAMES.has(name) ? "" : `${name}: `}${error.message}`,
      {
        data: {
          guest: { name, message: error.message, code: error.code ?? null, ...(location ? { location } : {}) },
          ...(error.data ? { details: error.data } : {}),
        },
      },
    ),
  };
}

/** Where in a module's files an error was raised: a path under the module's root, 1-based line and column. */
export interface GuestErrorLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `at /index.js:2:13` or `at mount (/lib/util.js:4:5)`; the prelude's frames are not the module's. */
const STACK_FRAME = /(?:^|[\s(])(\/[^\s():]*):(\d+):(\d+)/;

/**
 * The first frame of a guest backtrace that lies in the module's own files (a syntax error's
 * frame is where the parser stopped), or undefined. The text is the prelude's bounded copy.
 */
export function locateGuestError(stack: unknown): GuestErrorLocation | undefined {
  if (typeof stack !== "string") return undefined;
  for (const line of stack.split("\n")) {
    const match = STACK_FRAME.exec(line);
    if (match?.[1] && match[2] && match[3]) {
      return { file: match[1], line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}

/**
 * Disposes `resources` in order, then asks a debug build's leak sanitizer about the instance.
 * Failures are collected, not thrown: after an abort the runtime may fail its own assertions, and
 * the instance is dropped either way.
 */
export function releaseInstance(
  resources: readonly { readonly alive: boolean; dispose(): void }[],
  instance: EngineInstance,
): { errors: string[]; leaked: boolean } {
  const errors: string[] = [];
  for (const resource of resources) {
    try {
      if (resource.alive) resource.dispose();
    } catch (error) {
      errors.push(describeReleaseFailure(error));
    }
  }
  let leaked = false;
  try {
    leaked = instance.quickjs.getFFI().QTS_RecoverableLeakCheck() !== 0;
  } catch (error) {
    errors.push(`leak check failed: ${describeReleaseFailure(error)}`);
  }
  return { errors, leaked };
}

function describeReleaseFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : "a non-Error value was thrown";
}
