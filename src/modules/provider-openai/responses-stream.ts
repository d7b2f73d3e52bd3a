/**
 * Responses API stream events (`response.created`, `response.output_item.added`,
 * `response.output_text.delta`, `response.function_call_arguments.delta`,
 * `response.reasoning_summary_text.delta`, `response.output_item.done`, `response.completed` /
 * `incomplete` / `failed`, `error`) → StreamEvents. Each output item (and each text part of a
 * message) gets its own block index, in the order it first appears.
 */
import { z } from "zod";
import { issuesFromZod } from "../../issues.ts";
import type { StreamEvent } from "../../models/index.ts";
import {
  type EventSourceMessage,
  parseEventData,
  type SseContext,
  streamEndedEarly,
  throwMalformed,
} from "../providers-shared/sse.ts";
import { StreamAssembler } from "../providers-shared/stream-assembler.ts";
import { closeToolArguments, parseToolArguments } from "../providers-shared/tool-arguments.ts";
import type { OpenAiPrepared } from "./request.ts";
import {
  isCutOff,
  type OutputItem,
  outputItemSchema,
  reasoningBlock,
  responseObjectSchema,
  responsesFailure,
  responsesFinishReason,
  responsesMetadata,
  toResponsesUsage,
} from "./responses-response.ts";

const eventSchema = z.looseObject({
  type: z.string(),
  output_index: z.number().int().nonnegative().optional(),
  content_index: z.number().int().nonnegative().optional(),
  summary_index: z.number().int().nonnegative().optional(),
  delta: z.string().optional(),
  item: outputItemSchema.optional(),
  response: responseObjectSchema.optional(),
  code: z.string().nullish(),
  message: z.string().nullish(),
});

type Event = z.infer<typeof eventSchema>;

interface OpenCall {
  readonly block: number;
  readonly id: string;
  readonly name: string;
  ended: boolean;
}

/** Block indexes by output item, open calls, and what the final event needs. */
class ResponsesState {
  readonly assembler = new StreamAssembler();
  readonly calls = new Map<number, OpenCall>();
  readonly #blocks = new Map<string, number>();
  /** The summary part each reasoning item is at, to put a blank line between parts. */
  readonly summaryPart = new Map<number, number>();
  #next = 0;
  id: string | undefined;
  model: string | undefined;

  block(key: string): number {
    let index = this.#blocks.get(key);
    if (index === undefined) {
      index = this.#next++;
      this.#blocks.set(key, index);
    }
    return index;
  }

  has(key: string): boolean {
    return this.#blocks.has(key);
  }

  out(event: StreamEvent): StreamEvent {
    this.assembler.add(event);
    return event;
  }
}

/**
 * Translates a Responses API SSE event sequence.
 *
 * @throws KernelError `provider_failed`: the mapped error of an `error` event or a `failed`
 * response, kind `stream` for malformed events or a stream that ends before its final event.
 */
export async function* translateResponsesStream(
  events: AsyncIterable<EventSourceMessage>,
  prepared: OpenAiPrepared,
  context: SseContext,
): AsyncGenerator<StreamEvent, void, undefined> {
  const state = new ResponsesState();
  for await (const message of events) {
    if (message.data.trim() === "[DONE]") continue;
    const parsed = eventSchema.safeParse(parseEventData(message, context));
    if (!parsed.success) {
      throwMalformed(context, `malformed stream event: ${message.data.slice(0, 200)}`, {
        issues: issuesFromZod(parsed.error),
      });
    }
    const event = parsed.data;
    switch (event.type) {
      case "response.created":
      case "response.in_progress":
        state.id ||= event.response?.id ?? undefined;
        state.model ||= event.response?.model ?? undefined;
        break;
      case "response.completed":
      case "response.incomplete":
        yield* finish(state, event, prepared, context);
        return;
      case "response.failed":
        throw responsesFailure(event.response?.error, context);
      case "error":
        throw responsesFailure({ code: event.code, message: event.message }, context);
      default:
        for (const out of itemEvents(state, event, context)) yield state.out(out);
    }
  }
  throw streamEndedEarly(context, "response.completed");
}

function* itemEvents(state: ResponsesState, event: Event, context: SseContext): Generator<StreamEvent> {
  const output = event.output_index ?? 0;
  switch (event.type) {
    case "response.output_item.added":
      if (event.item?.type === "function_call") {
        const call = {
          block: state.block(`item ${output}`),
          id: event.item.call_id ?? "",
          name: event.item.name ?? "",
          ended: false,
        };
        state.calls.set(output, call);
        yield { type: "tool_call_start", index: call.block, id: call.id, name: call.name };
      } else if (event.item?.type === "reasoning") state.block(`item ${output}`);
      return;
    case "response.output_text.delta":
    case "response.refusal.delta":
      if (event.delta)
        yield {
          type: "text_delta",
          index: state.block(`text ${output} ${event.content_index ?? 0}`),
          text: event.delta,
        };
      return;
    case "response.reasoning_summary_text.delta":
    case "response.reasoning_text.delta": {
      if (!event.delta) return;
      const part = event.summary_index ?? event.content_index ?? 0;
      const previous = state.summaryPart.get(output);
      state.summaryPart.set(output, part);
      const gap = previous !== undefined && previous !== part ? "\n\n" : "";
      yield { type: "thinking_delta", index: state.block(`item ${output}`), thinking: gap + event.delta };
      return;
    }
    case "response.function_call_arguments.delta": {
      const call = state.calls.get(output);
      if (call && event.delta)
        yield { type: "tool_call_delta", index: call.block, id: call.id, arguments_delta: event.delta };
      return;
    }
    case "response.output_item.done":
      if (event.item) yield* itemDone(state, output, event.item, context);
      return;
    default:
      // Hosted-tool progress, annotations, content part boundaries: nothing a block needs.
      return;
  }
}

function* itemDone(
  state: ResponsesState,
  output: number,
  item: OutputItem,
  context: SseContext,
): Generator<StreamEvent> {
  if (item.type === "reasoning") {
    const index = state.block(`item ${output}`);
    // A reasoning item whose text did not stream (a summary given whole) gets it in one delta.
    if (!state.summaryPart.has(output)) {
      const thinking = String(reasoningBlock(item).thinking);
      yield { type: "thinking_delta", index, thinking };
      state.summaryPart.set(output, 0);
    }
    state.assembler.addBlockExtras(index, { content: [item.encrypted_content ?? null, item.id ?? null] });
    return;
  }
  const call = state.calls.get(output);
  if (item.type !== "function_call" || !call || call.ended) return;
  // Arguments that do not parse yet are judged by the final event, which says whether the output limit cut them off.
  const json = item.arguments ?? state.assembler.toolCallJson(call.block);
  let args: Record<string, unknown>;
  try {
    args = parseToolArguments(json, { ...context, tool: call.name });
  } catch {
    return;
  }
  call.ended = true;
  yield { type: "tool_call_end", index: call.block, id: call.id, arguments: args };
}

function* finish(
  state: ResponsesState,
  event: Event,
  prepared: OpenAiPrepared,
  context: SseContext,
): Generator<StreamEvent> {
  const response = event.response ?? {};
  const cutOff = isCutOff(response);
  for (const call of state.calls.values()) {
    if (call.ended) continue;
    call.ended = true;
    const closed = closeToolArguments(
      state.assembler.toolCallJson(call.block),
      { ...context, tool: call.name },
      cutOff,
    );
    yield state.out({ type: "tool_call_end", index: call.block, id: call.id, ...closed });
  }
  if (response.usage) yield state.out({ type: "usage", usage: toResponsesUsage(response.usage) });
  const result = state.assembler.response({
    finish_reason: responsesFinishReason(response, state.calls.size > 0),
    metadata: responsesMetadata({ id: response.id || state.id, model: response.model || state.model }),
  });
  if (prepared.degradation) result.degradation = prepared.degradation;
  yield { type: "done", response: result };
}
