/**
 * One turn as the client sees it: `turn:start` `{ turn_id }`, the kernel's events as they happen,
 * then `result` `{ response }` (with `cancelled: true` after a cancel), or `error`
 * the kernel's error data `{ code, message, data?, issues? }` when the turn failed. Every event goes to the session's feed (logged, then
 * streamed to whoever follows), and nothing a client does (such as going away) stops the turn: it
 * runs to its end and its history is stored whole.
 */
import { KernelError, toErrorData } from "../../src/errors.ts";
import type { SessionRuntime } from "./session-runtime.ts";
import type { TurnContext } from "./session-turns.ts";

/** What a turn needs from its session object besides its context. */
export interface TurnInput extends TurnContext {
  /** The session's runtime, built on first use. */
  readonly runtime: () => Promise<SessionRuntime>;
  /** Drops a runtime that can take no more turns, so the next turn builds a new one. */
  readonly discard: () => Promise<void>;
}

/** Errors after which the runtime cannot run another turn. */
const FATAL_CODES = new Set(["mount_failed", "not_initialized", "invalid_plan", "module_not_found"]);

/** Runs one turn into the feed; never throws. */
export async function runTurn(input: TurnInput): Promise<void> {
  try {
    const runtime = await input.runtime();
    const response = await runtime.runTurn(input.prompt, (name, data) => input.emit(name, data), input.signal);
    // A cancelled turn ends with what the orchestrator had: still a result, marked as such.
    input.finish("done", "result", input.signal.aborted ? { response, cancelled: true } : { response });
  } catch (error) {
    input.finish("failed", "error", { ...toErrorData(error, "internal", "Internal error") });
    if (KernelError.is(error) && FATAL_CODES.has(error.code)) await input.discard();
  }
}
