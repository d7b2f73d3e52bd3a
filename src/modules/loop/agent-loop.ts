/**
 * The agent loop of reference §5, shared by loop-basic and loop-streaming: submit the prompt,
 * call the model, run the tool calls it asks for, repeat until it answers, the iteration cap is
 * hit, a hook denies, or the user cancels. The tool-call pairing invariant holds on every path:
 * the assistant message with its tool calls is stored first, then exactly one tool message per
 * call, in call order.
 */
import { describeError, KernelError } from "../../errors.ts";
import {
  EXECUTION_START,
  PROMPT_SUBMIT,
  PROVIDER_ERROR,
  PROVIDER_REQUEST,
  PROVIDER_RESPONSE,
} from "../../hooks/events.ts";
import {
  blocksToText,
  type ChatRequest,
  type ChatResponse,
  getLLMErrorData,
  llmErrorTypeName,
  type Message,
  type ToolCall,
  type ToolSpec,
} from "../../models/index.ts";
import { emitWholeBlocks } from "./block-events.ts";
import { type EphemeralInjection, ephemeralInjectionOf, spliceInjections } from "./ephemeral.ts";
import { cancelExit, failTurn, finishTurn, type TurnOutcome } from "./exits.ts";
import { LOOP_LIMIT_REMINDER } from "./loop-config.ts";
import { hookStep, isCancelled, isImmediate, type LoopRun, notify } from "./loop-run.ts";
import { type SelectedProvider, selectProvider } from "./provider-select.ts";
import { runToolBatch } from "./tool-batch.ts";
import type { PlannedToolCall, ToolOutcome } from "./tool-call.ts";

const EMPTY_SCHEMA = Object.freeze({ type: "object", properties: {} });
const CLOSING_MESSAGE = "[The user cancelled this turn before it finished.]";

function toolSpecs(run: LoopRun): ToolSpec[] {
  return Object.entries(run.tools).map(([name, tool]) => ({
    name,
    description: tool.description ?? "",
    parameters: (tool.input_schema && Object.keys(tool.input_schema).length > 0
      ? tool.input_schema
      : EMPTY_SCHEMA) as Record<string, unknown>,
  }));
}

/**
 * Gives every call an id, a name and object arguments, noting what the provider got wrong; a call
 * the output limit cut off keeps its flag, so that it is reported and never run.
 */
function planCalls(run: LoopRun, calls: readonly ToolCall[]): PlannedToolCall[] {
  const seen = new Set<string>();
  return calls.map((call) => {
    let id = typeof call.id === "string" && call.id !== "" ? call.id : `call_${run.newId()}`;
    if (seen.has(id)) id = `${id}_${run.newId()}`;
    seen.add(id);
    const name = typeof call.name === "string" ? call.name : String(call.name);
    if (call.incomplete === true) return { id, name, arguments: {}, incomplete: true };
    const args = call.arguments as unknown;
    if (typeof args === "object" && args !== null && !Array.isArray(args)) {
      return { id, name, arguments: args as Record<string, unknown> };
    }
    return {
      id,
      name,
      arguments: {},
      arguments_problem: `the arguments must be a JSON object, got ${JSON.stringify(args) ?? String(args)}`,
    };
  });
}

function assistantMessage(response: ChatResponse, calls?: readonly PlannedToolCall[]): Message {
  const content = response.content.length > 0 ? response.content : (response.text ?? "");
  const message: Message = { role: "assistant", content };
  if (calls && calls.length > 0)
    message.tool_calls = calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.arguments }));
  if (response.metadata) message.metadata = response.metadata;
  return message;
}

/** The stored tool message: the text the model reads, and whether the tool succeeded (Anthropic's `is_error`). */
function toolMessage(outcome: ToolOutcome): Message {
  return {
    role: "tool",
    tool_call_id: outcome.call.id,
    name: outcome.call.name,
    content: outcome.content,
    success: outcome.result.success,
  };
}

function denied(reason: string | undefined): TurnOutcome {
  return { status: "denied", response: `Operation denied: ${reason ?? "no reason given"}` };
}

async function callModel(
  run: LoopRun,
  selected: SelectedProvider,
  request: ChatRequest,
): Promise<{ response: ChatResponse; calls: ToolCall[] }> {
  try {
    const response = await run.caller.call(run, selected.provider, selected.name, request);
    if (isImmediate(run)) return { response, calls: [] };
    return { response, calls: await selected.provider.parse_tool_calls(response) };
  } catch (error) {
    if (isImmediate(run)) throw error;
    const llm = getLLMErrorData(error);
    await notify(run, PROVIDER_ERROR, {
      provider: selected.name,
      // The original names the error class (RateLimitError); the kind is kept beside it.
      error: { type: llmErrorTypeName(error), msg: describeError(error), ...(llm ? { kind: llm.kind } : {}) },
      ...(llm ? { retryable: llm.retryable } : {}),
      ...(llm?.status_code !== undefined ? { status_code: llm.status_code } : {}),
    });
    if (KernelError.is(error)) throw error;
    throw new KernelError("provider_failed", `${selected.name}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * What the answer says about itself, beyond the original's payload: its finish reason, and the
 * model and response id the provider reported (traces and logs read them from `provider:response`).
 */
function responseIdentity(response: ChatResponse): Record<string, string> {
  const identity: Record<string, string> = {};
  if (typeof response.finish_reason === "string") identity.finish_reason = response.finish_reason;
  const { model, response_id } = response.metadata ?? {};
  if (typeof model === "string") identity.response_model = model;
  if (typeof response_id === "string") identity.response_id = response_id;
  return identity;
}

async function storeToolResults(run: LoopRun, outcomes: readonly ToolOutcome[]): Promise<void> {
  for (const outcome of outcomes) await run.context.add_message(toolMessage(outcome));
}

/** One provider call and what follows it. Returns an outcome to stop, or undefined to go on. */
async function iterate(
  run: LoopRun,
  selected: SelectedProvider,
  specs: ToolSpec[],
  carried: EphemeralInjection[],
): Promise<TurnOutcome | undefined> {
  const limit = run.config.max_iterations;
  const limitReached = limit >= 0 && run.iteration >= limit;
  run.iteration++;
  const request = await hookStep(run, PROVIDER_REQUEST, {
    provider: selected.name,
    iteration: run.iteration,
    ...(limitReached ? { max_reached: true } : {}),
  });
  if (request.action === "deny") return denied(request.reason);
  const stored = await run.context.get_messages_for_request({ provider: selected.provider });
  // Oldest first: from prompt:submit, then from the last batch's tool:post (which may append to
  // the last tool result), then from this provider:request.
  const fromRequest = ephemeralInjectionOf(request);
  const injections = [...carried, ...run.pending.drain(), ...(fromRequest ? [fromRequest] : [])];
  if (limitReached) injections.push({ role: "user", content: LOOP_LIMIT_REMINDER, append_to_last_tool_result: false });
  const chatRequest: ChatRequest = { messages: spliceInjections(stored, injections) };
  if (specs.length > 0) chatRequest.tools = specs;
  if (limitReached && specs.length > 0) chatRequest.tool_choice = "none";
  if (run.config.reasoning_effort !== undefined) chatRequest.reasoning_effort = run.config.reasoning_effort;

  const answer = await callModel(run, selected, chatRequest);
  if (isImmediate(run)) return cancelExit(run, run.lastText);
  const { response } = answer;
  const calls = planCalls(run, answer.calls);
  await notify(run, PROVIDER_RESPONSE, {
    provider: selected.name,
    usage: response.usage ?? null,
    tool_calls: calls.length > 0,
    ...responseIdentity(response),
  });
  if (!run.caller.emitsBlockEvents) await emitWholeBlocks(run, response, false);
  const text = blocksToText(response.content) || (response.text ?? "");
  if (text !== "") run.lastText = text;

  if (calls.length === 0) {
    await run.context.add_message(assistantMessage(response));
    return { status: limitReached ? "incomplete" : "success", response: text };
  }
  await run.context.add_message(assistantMessage(response, calls));
  if (limitReached) {
    await storeToolResults(
      run,
      calls.map((call) => notExecuted(call)),
    );
    return { status: "incomplete", response: text };
  }
  const batch = await runToolBatch(run, calls);
  await storeToolResults(run, batch.outcomes);
  for (const { result, event } of batch.state.deferred)
    await run.coordinator.process_hook_result(result, event, run.orchestrator);
  if (batch.cancelled) {
    await run.context.add_message({ role: "assistant", content: CLOSING_MESSAGE, metadata: { cancelled: true } });
    return cancelExit(run, run.lastText);
  }
  return undefined;
}

function notExecuted(call: PlannedToolCall): ToolOutcome {
  const content = `Not executed: the iteration limit of this turn was reached before '${call.name}' could run.`;
  return {
    call,
    result: { success: false, output: content, error: { message: content, type: "iteration_limit" } },
    content,
  };
}

async function runTurn(run: LoopRun): Promise<TurnOutcome> {
  const selected = selectProvider(run.providers, run.config.default_provider, run.orchestrator);
  const submit = await hookStep(run, PROMPT_SUBMIT, { prompt: run.prompt });
  if (submit.action === "deny") return denied(submit.reason);
  const carried = ephemeralInjectionOf(submit) ? [ephemeralInjectionOf(submit)!] : [];
  await run.context.add_message({ role: "user", content: run.prompt });
  const specs = toolSpecs(run);
  for (;;) {
    if (isCancelled(run)) return cancelExit(run, run.lastText);
    const outcome = await iterate(run, selected, specs, carried.splice(0));
    if (outcome) return outcome;
  }
}

/**
 * Runs one turn: `execution:start`, the loop, then the closing events on every exit path
 * (`execution:end` included, which the original loop-basic skips).
 *
 * @throws KernelError `no_provider` when no provider is mounted; `provider_failed` (after
 *   `provider:error`) when the model call fails for a reason other than a cancel.
 */
export async function runAgentLoop(run: LoopRun): Promise<string> {
  run.coordinator.reset_turn();
  await notify(run, EXECUTION_START, { prompt: run.prompt });
  let outcome: TurnOutcome;
  try {
    outcome = await runTurn(run);
  } catch (error) {
    if (isImmediate(run)) {
      outcome = await cancelExit(run, run.lastText);
    } else {
      await failTurn(run, error);
      throw error;
    }
  }
  await finishTurn(run, outcome);
  return outcome.response;
}
