/**
 * The tool calls of one response, run under one `parallel_group_id` (concurrently by default).
 * An immediate cancel stops waiting: calls still running get a synthetic "cancelled" result, so
 * there is still exactly one result per call, in call order.
 */
import { type ToolResult, toolFailure } from "../../models/index.ts";
import { isImmediate, type LoopRun } from "./loop-run.ts";
import { type PlannedToolCall, runToolCall, type ToolBatchState, type ToolOutcome } from "./tool-call.ts";

/** The outcome of a batch: one outcome per call, in call order. */
export interface ToolBatchOutcome {
  readonly outcomes: ToolOutcome[];
  /** True when an immediate cancel arrived while the batch ran. */
  readonly cancelled: boolean;
  readonly state: ToolBatchState;
}

/** The result stored for a call that a cancel cut short. */
export function cancelledOutcome(call: PlannedToolCall): ToolOutcome {
  const result: ToolResult = toolFailure("Tool execution was cancelled by user", { type: "cancelled" });
  const content = JSON.stringify({ error: "Tool execution was cancelled by user", cancelled: true, tool: call.name });
  return { call, result, content };
}

function whenAborted(signal: AbortSignal): { promise: Promise<void>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    onAbort = () => resolve();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return { promise, dispose: () => onAbort && signal.removeEventListener("abort", onAbort) };
}

/** Runs the batch. Never rejects. */
export async function runToolBatch(run: LoopRun, calls: readonly PlannedToolCall[]): Promise<ToolBatchOutcome> {
  const state: ToolBatchState = { parallel_group_id: run.newId(), deferred: [], abandoned: false };
  const finished: Array<ToolOutcome | undefined> = new Array(calls.length);
  const aborted = whenAborted(run.signal);
  try {
    if (run.config.parallel_tool_calls) {
      const running = calls.map((call, index) =>
        runToolCall(run, call, state).then((outcome) => {
          finished[index] = outcome;
        }),
      );
      await Promise.race([Promise.all(running), aborted.promise]);
    } else {
      for (const [index, call] of calls.entries()) {
        if (isImmediate(run)) break;
        const next = runToolCall(run, call, state).then((outcome) => {
          finished[index] = outcome;
        });
        await Promise.race([next, aborted.promise]);
      }
    }
  } finally {
    aborted.dispose();
  }
  const cancelled = isImmediate(run);
  if (cancelled) state.abandoned = true;
  const outcomes = calls.map((call, index) => finished[index] ?? cancelledOutcome(call));
  return { outcomes, cancelled, state };
}
