/** How a run of the loop ends: the closing events on every path (success, limit, cancel, deny, error). */
import { describeError } from "../../errors.ts";
import {
  CANCEL_COMPLETED,
  CANCEL_REQUESTED,
  EXECUTION_END,
  ORCHESTRATOR_COMPLETE,
  PROMPT_COMPLETE,
} from "../../hooks/events.ts";
import { isImmediate, type LoopRun, notify } from "./loop-run.ts";

/** How a turn ended. `denied` is ours: a hook denied `prompt:submit` or `provider:request`. */
export type TurnStatus = "success" | "incomplete" | "cancelled" | "denied" | "error";

/** The result of a turn. */
export interface TurnOutcome {
  readonly status: TurnStatus;
  readonly response: string;
}

/**
 * Announces a cancellation: `cancel:requested` (once per run), the token's callbacks, then
 * `cancel:completed`. Returns the outcome to end the turn with.
 */
export async function cancelExit(run: LoopRun, response: string): Promise<TurnOutcome> {
  const immediate = isImmediate(run);
  if (!run.cancelAnnounced) {
    run.cancelAnnounced = true;
    await notify(run, CANCEL_REQUESTED, {
      orchestrator: run.orchestrator,
      state: immediate ? "immediate" : run.coordinator.cancellation.state,
      turn_count: run.iteration,
    });
    await run.coordinator.cancellation.trigger_callbacks();
  }
  await notify(run, CANCEL_COMPLETED, {
    orchestrator: run.orchestrator,
    was_immediate: immediate,
    turn_count: run.iteration,
  });
  return { status: "cancelled", response };
}

/** The closing events of a turn that returned: `prompt:complete` (when it answered), `orchestrator:complete`, `execution:end`. */
export async function finishTurn(run: LoopRun, outcome: TurnOutcome): Promise<void> {
  if (outcome.status === "success" || outcome.status === "incomplete") {
    await notify(run, PROMPT_COMPLETE, {
      response_preview: outcome.response.slice(0, 200),
      length: outcome.response.length,
    });
  }
  await notify(run, ORCHESTRATOR_COMPLETE, {
    orchestrator: run.orchestrator,
    turn_count: run.iteration,
    status: outcome.status,
  });
  await notify(run, EXECUTION_END, { response: outcome.response, status: outcome.status });
}

/**
 * The closing events of a turn that failed. Hook failures here must not hide the original error,
 * so they are swallowed.
 */
export async function failTurn(run: LoopRun, error: unknown): Promise<void> {
  const message = describeError(error);
  try {
    await notify(run, ORCHESTRATOR_COMPLETE, {
      orchestrator: run.orchestrator,
      turn_count: run.iteration,
      status: "error",
    });
    await notify(run, EXECUTION_END, { response: "", status: "error", error: message });
  } catch {
    // The original error is what the caller needs to see.
  }
}
