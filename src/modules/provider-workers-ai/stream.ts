/**
 * The SSE stream `env.AI.run(model, {stream: true})` returns → StreamEvents. Text models send
 * `data: {"response":"<delta>"}` events, tool calls (whole or as OpenAI-style deltas), a last event
 * with `usage`, then `data: [DONE]`. A stream in the Chat Completions chunk shape is handed to the
 * OpenAI translator.
 */

import { issuesFromZod } from "../../issues.ts";
import type { StreamEvent } from "../../models/index.ts";
import { translateOpenAiStream } from "../provider-openai/stream.ts";
import {
  type EventSourceMessage,
  parseEventData,
  type SseContext,
  streamEndedEarly,
  throwMalformed,
} from "../providers-shared/sse.ts";
import { StreamAssembler } from "../providers-shared/stream-assembler.ts";
import { parseToolArguments } from "../providers-shared/tool-arguments.ts";
import { workersAiError } from "./binding.ts";
import type { WorkersAiPrepared } from "./request.ts";
import { readToolCall, toUsage, workersAiToolCallSchema, workersAiUsageSchema } from "./response.ts";

interface OpenCall {
  readonly block: number;
  id: string;
  name: string;
  started: boolean;
}

/**
 * Translates the binding's SSE events.
 *
 * @throws KernelError `provider_failed`: kind `stream` for malformed events or a stream without
 * `[DONE]`, `invalid_tool_call`, or what an error event says.
 */
export async function* translateWorkersAiStream(
  events: AsyncIterable<EventSourceMessage>,
  prepared: WorkersAiPrepared,
  context: SseContext,
  newId: () => string,
): AsyncGenerator<StreamEvent, void, undefined> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  const rest: AsyncIterable<EventSourceMessage> = { [Symbol.asyncIterator]: () => iterator };
  if (!first.done && isChatCompletionChunk(first.value)) {
    yield* translateOpenAiStream(prepend(first.value, rest), { body: prepared.inputs, model: prepared.model }, context);
    return;
  }
  const assembler = new StreamAssembler();
  const out = (event: StreamEvent): StreamEvent => {
    assembler.add(event);
    return event;
  };
  const calls = new Map<number | string, OpenCall>();
  let flatCalls = 0;
  let nextBlock = 1;
  let usage: StreamEvent | undefined;
  let done = false;
  for await (const message of first.done ? rest : prepend(first.value, rest)) {
    if (message.data.trim() === "[DONE]") {
      done = true;
      break;
    }
    const data = parseEventData(message, context);
    if (typeof data !== "object" || data === null)
      throwMalformed(context, `malformed event: ${message.data.slice(0, 200)}`);
    const record = data as Record<string, unknown>;
    if (record.error !== undefined)
      throw workersAiError(new Error(describe(record.error)), { provider: context.provider, model: prepared.model });
    if (typeof record.response === "string" && record.response !== "") {
      yield out({ type: "text_delta", index: 0, text: record.response });
    }
    const toolCalls = Array.isArray(record.tool_calls) ? record.tool_calls : [];
    for (const raw of toolCalls) {
      const parsed = workersAiToolCallSchema.safeParse(raw);
      if (!parsed.success)
        throwMalformed(context, `malformed tool call: ${JSON.stringify(raw).slice(0, 200)}`, {
          issues: issuesFromZod(parsed.error),
        });
      const call = readToolCall(parsed.data);
      // Whole calls (no index) are new calls each time; indexed ones are deltas of one call.
      const index = call.index ?? `whole-${flatCalls++}`;
      let open = calls.get(index);
      if (!open) {
        open = { block: nextBlock++, id: call.id ?? "", name: "", started: false };
        calls.set(index, open);
      }
      if (call.name && !open.started) open.name = call.name;
      if (!open.started && open.name !== "") {
        open.started = true;
        if (open.id === "") open.id = newId();
        yield out({ type: "tool_call_start", index: open.block, id: open.id, name: open.name });
      }
      const fragment =
        typeof call.arguments === "string" ? call.arguments : call.arguments ? JSON.stringify(call.arguments) : "";
      if (fragment !== "" && open.started)
        yield out({ type: "tool_call_delta", index: open.block, id: open.id, arguments_delta: fragment });
    }
    const usageData = workersAiUsageSchema.safeParse(record.usage);
    if (record.usage !== undefined && usageData.success) usage = { type: "usage", usage: toUsage(usageData.data) };
  }
  if (!done) throw streamEndedEarly(context, "[DONE]");
  for (const open of calls.values()) {
    if (!open.started) throwMalformed(context, "a tool call never received its name");
    const args = parseToolArguments(assembler.toolCallJson(open.block), { ...context, tool: open.name });
    yield out({ type: "tool_call_end", index: open.block, id: open.id, arguments: args });
  }
  if (usage) yield out(usage);
  const response = assembler.response({
    finish_reason: calls.size > 0 ? "tool_calls" : "stop",
    metadata: { provider: "workers-ai", model: prepared.model },
  });
  if (prepared.degradation) response.degradation = prepared.degradation;
  yield { type: "done", response };
}

function isChatCompletionChunk(message: EventSourceMessage): boolean {
  if (message.data.trim() === "[DONE]") return false;
  try {
    const data = JSON.parse(message.data) as { choices?: unknown };
    return Array.isArray(data.choices);
  } catch {
    return false;
  }
}

async function* prepend<T>(head: T, rest: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  yield head;
  yield* rest;
}

function describe(error: unknown): string {
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return JSON.stringify(error);
}
