/**
 * One tool call, start to finish, never throwing: `tool:pre` (where hooks may deny, rewrite the
 * input or ask the user), lookup, input validation, `execute`, `tool:post` (where hooks may
 * rewrite the result the model sees). Every failure becomes a ToolResult error the model reads.
 */
import { describeError } from "../../errors.ts";
import { TOOL_ERROR, TOOL_POST, TOOL_PRE } from "../../hooks/events.ts";
import { normalizeToolResult, serializeToolOutput, type ToolResult, toolFailure } from "../../models/index.ts";
import type { InjectionQueue } from "./ephemeral.ts";
import { validateToolInput } from "./input-validation.ts";
import { type DeferredHookResult, hookStep, type LoopRun, notify } from "./loop-run.ts";

/**
 * What running one tool call needs of a run: a built-in loop's run, or the host's tool path for a
 * sandboxed orchestrator (which has no loop of its own on the host).
 */
export type ToolRun = Pick<LoopRun, "orchestrator" | "coordinator" | "hooks" | "tools" | "signal"> & {
  readonly pending: Pick<InjectionQueue, "offer">;
};

/** A tool call as the loop runs it: `arguments_problem` is set when the provider sent non-object arguments. */
export interface PlannedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  readonly arguments_problem?: string;
  /** The output limit cut the arguments off: the call is reported and never run. */
  readonly incomplete?: boolean;
}

/** What one call produced: the result, and the text stored in the tool message. */
export interface ToolOutcome {
  readonly call: PlannedToolCall;
  readonly result: ToolResult;
  readonly content: string;
}

/** Shared state of one batch: its group id, held-back injections, and whether it was abandoned. */
export interface ToolBatchState {
  readonly parallel_group_id: string;
  readonly deferred: DeferredHookResult[];
  abandoned: boolean;
}

function outcome(call: PlannedToolCall, result: ToolResult): ToolOutcome {
  return { call, result, content: serializeToolOutput(result) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text the model reads for the result `tool:post` hooks left (a string is taken as is). */
function contentOfModifiedResult(value: unknown, toolName: string): string {
  if (typeof value === "string") return value;
  return serializeToolOutput(normalizeToolResult(value, toolName));
}

/** What the model reads for a call the output limit cut off. */
export function incompleteCallMessage(toolName: string): string {
  return (
    `Not executed: the output token limit cut off the arguments of this call to '${toolName}' before they were ` +
    "complete. Call it again with shorter arguments, or split the work into several smaller calls."
  );
}

async function reportError(run: ToolRun, base: Record<string, unknown>, type: string, message: string): Promise<void> {
  await notify(run, TOOL_ERROR, { ...base, error: { type, msg: message } });
}

/** Runs one tool call. Resolves with an outcome on every path; never rejects. */
export async function runToolCall(run: ToolRun, call: PlannedToolCall, batch: ToolBatchState): Promise<ToolOutcome> {
  const base = {
    tool_name: call.name,
    tool_call_id: call.id,
    tool_input: call.arguments,
    parallel_group_id: batch.parallel_group_id,
  };
  const token = run.coordinator.cancellation;
  token.register_tool_start(call.id, call.name);
  try {
    // Before tool:pre: approval hooks must not ask about a call that cannot run.
    if (call.incomplete) {
      const message = incompleteCallMessage(call.name);
      await reportError(run, base, "incomplete_tool_call", message);
      return outcome(call, toolFailure(message, { type: "incomplete_tool_call" }));
    }
    const pre = await hookStep(run, TOOL_PRE, base, batch.deferred);
    if (pre.action === "deny") {
      return outcome(call, toolFailure(`Denied by hook: ${pre.reason ?? "no reason given"}`, { type: "denied" }));
    }
    // Emit returns the (possibly modified) event data, so a hook may rewrite the input here.
    const input = isRecord(pre.data?.tool_input) ? pre.data.tool_input : call.arguments;
    const tool = Object.hasOwn(run.tools, call.name) ? run.tools[call.name] : undefined;
    if (!tool) {
      const message = `Error: Tool '${call.name}' not found`;
      await reportError(run, base, "tool_not_found", message);
      return outcome(call, toolFailure(message, { type: "tool_not_found" }));
    }
    const problem = call.arguments_problem ?? validateToolInput(tool.input_schema, input);
    if (problem) {
      const message = `Invalid input for tool '${call.name}': ${problem}`;
      await reportError(run, base, "invalid_input", message);
      return outcome(call, toolFailure(message, { type: "invalid_input" }));
    }
    let result: ToolResult;
    try {
      result = normalizeToolResult(await tool.execute(input, { signal: run.signal }), call.name);
    } catch (error) {
      const message = `Error executing tool: ${describeError(error)}`;
      await reportError(run, base, error instanceof Error ? error.name : "Error", message);
      return outcome(call, toolFailure(message, { type: "tool_failed" }));
    }
    if (batch.abandoned) return outcome(call, result);
    const post = await hookStep(run, TOOL_POST, { ...base, tool_input: input, result }, batch.deferred);
    run.pending.offer(post);
    // A hook may replace `result` (hooks-redaction does): the model reads what the hooks left.
    const seen = post.data !== undefined && "result" in post.data ? post.data.result : result;
    const content = contentOfModifiedResult(seen, call.name);
    return { call, result, content };
  } catch (error) {
    const message = `Error running tool '${call.name}': ${describeError(error)}`;
    return outcome(call, toolFailure(message, { type: "internal" }));
  } finally {
    token.register_tool_complete(call.id);
  }
}
