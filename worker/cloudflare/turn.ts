/**
 * One turn as the client sees it: the kernel's events as they happen, then `event: result`
 * `{ response }` (with `cancelled: true` after a cancel), or `event: error` with the kernel's error
 * data `{ code, message, data?, issues? }` when the turn failed. The stream is always
 * closed at the end, and nothing the client does (such as going away) stops the turn: it runs to
 * its end and its history is stored whole.
 */
import { KernelError, toErrorData } from "../../src/errors.ts";
import type { SessionRuntime } from "./session-runtime.ts";
import type { SseStream } from "./sse.ts";

/** What a turn needs from its session object. */
export interface TurnInput {
  readonly prompt: string;
  readonly stream: SseStream;
  /** Aborted by `POST .../cancel` or `DELETE`. */
  readonly signal: AbortSignal;
  /** The session's runtime, built on first use. */
  readonly runtime: () => Promise<SessionRuntime>;
  /** Drops a runtime that can take no more turns, so the next turn builds a new one. */
  readonly discard: () => Promise<void>;
}

/** Errors after which the runtime cannot run another turn. */
const FATAL_CODES = new Set(["mount_failed", "not_initialized", "invalid_plan", "module_not_found"]);

/** Runs one turn into its stream; never throws. */
export async function runTurn(input: TurnInput): Promise<void> {
  const { stream } = input;
  try {
    const runtime = await input.runtime();
    const response = await runtime.runTurn(input.prompt, stream, input.signal);
    // A cancelled turn ends with what the orchestrator had: still a result, marked as such.
    stream.send("result", input.signal.aborted ? { response, cancelled: true } : { response });
  } catch (error) {
    stream.send("error", toErrorData(error, "internal", "Internal error"));
    if (KernelError.is(error) && FATAL_CODES.has(error.code)) await input.discard();
  } finally {
    stream.close();
  }
}
