/**
 * Anthropic's streaming events (message_start, content_block_start/delta/stop, message_delta,
 * message_stop, ping, error) → StreamEvents, ending with `done` and the assembled response.
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
import { anthropicStreamError } from "./errors.ts";
import type { AnthropicPrepared } from "./request.ts";
import { type AnthropicUsage, anthropicUsageSchema, finishReason, responseMetadata, toUsage } from "./response.ts";

const eventSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message_start"),
    message: z.looseObject({ id: z.string(), model: z.string(), usage: anthropicUsageSchema.optional() }),
  }),
  z.looseObject({
    type: z.literal("content_block_start"),
    index: z.number().int().nonnegative(),
    content_block: z.looseObject({ type: z.string() }),
  }),
  z.looseObject({
    type: z.literal("content_block_delta"),
    index: z.number().int().nonnegative(),
    delta: z.looseObject({ type: z.string() }),
  }),
  z.looseObject({ type: z.literal("content_block_stop"), index: z.number().int().nonnegative() }),
  z.looseObject({
    type: z.literal("message_delta"),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.optional(),
  }),
  z.looseObject({ type: z.literal("message_stop") }),
  z.looseObject({ type: z.literal("ping") }),
  z.looseObject({ type: z.literal("error"), error: z.unknown() }),
]);

type OpenBlock = { kind: "tool"; id: string; name: string; ended: boolean } | { kind: "json" } | { kind: "other" };

// Stop reasons that mean the output was cut off, possibly in the middle of a tool call's arguments.
const CUT_OFF = new Set(["max_tokens", "model_context_window_exceeded"]);

/**
 * Translates an SSE event sequence.
 *
 * @throws KernelError `provider_failed`: the mapped `error` event, kind `stream` for malformed events
 * or a stream that ends before `message_stop`, kind `invalid_tool_call` for unparsable arguments.
 */
export async function* translateAnthropicStream(
  events: AsyncIterable<EventSourceMessage>,
  prepared: AnthropicPrepared,
  context: SseContext,
): AsyncGenerator<StreamEvent, void, undefined> {
  const assembler = new StreamAssembler();
  const open = new Map<number, OpenBlock>();
  let id = "";
  let model = prepared.model;
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  for await (const message of events) {
    const raw = parseEventData(message, context);
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      // Event types added to the API later are skipped, as its versioning policy asks of clients.
      if (typeof (raw as { type?: unknown })?.type === "string" && !KNOWN.has((raw as { type: string }).type)) continue;
      throwMalformed(context, `malformed "${message.event ?? "message"}" event: ${message.data.slice(0, 200)}`, {
        issues: issuesFromZod(parsed.error),
      });
    }
    const event = parsed.data;
    switch (event.type) {
      case "message_start":
        id = event.message.id;
        model = event.message.model;
        usage = { ...usage, ...event.message.usage };
        break;
      case "content_block_start": {
        const started = startBlock(event.index, event.content_block, prepared, assembler);
        open.set(event.index, started.open);
        for (const out of started.events) yield emit(assembler, out);
        break;
      }
      case "content_block_delta": {
        const out = deltaEvent(event.index, event.delta, open.get(event.index));
        if (out) yield emit(assembler, out);
        break;
      }
      case "content_block_stop": {
        const block = open.get(event.index);
        if (block?.kind !== "tool") break;
        // Arguments that do not parse yet are judged at message_stop, once the stop reason is known.
        const json = assembler.toolCallJson(event.index);
        let args: Record<string, unknown>;
        try {
          args = parseToolArguments(json, { ...context, tool: block.name });
        } catch {
          break;
        }
        block.ended = true;
        yield emit(assembler, { type: "tool_call_end", index: event.index, id: block.id, arguments: args });
        break;
      }
      case "message_delta":
        stopReason = event.delta.stop_reason ?? stopReason;
        stopSequence = event.delta.stop_sequence ?? stopSequence;
        usage = { ...usage, ...definedOnly(event.usage ?? {}) };
        break;
      case "message_stop": {
        for (const event of closeOpenCalls(open, assembler, context, CUT_OFF.has(stopReason ?? "")))
          yield emit(assembler, event);
        const finalUsage = toUsage(usage);
        yield emit(assembler, { type: "usage", usage: finalUsage });
        const jsonAnswered = [...open.values()].some((block) => block.kind === "json");
        const response = assembler.response({
          finish_reason: jsonAnswered && stopReason === "tool_use" ? "stop" : finishReason(stopReason),
          metadata: responseMetadata(id, model, stopReason, stopSequence),
        });
        if (prepared.degradation) response.degradation = prepared.degradation;
        yield { type: "done", response };
        return;
      }
      case "ping":
        break;
      case "error":
        throw anthropicStreamError(raw, context);
    }
  }
  throw streamEndedEarly(context, "message_stop");
}

/**
 * `tool_call_end` for the tool calls still open at message_stop: a call the output limit cut off
 * (no content_block_stop, or arguments that do not parse) is marked incomplete and never gets
 * made-up arguments.
 *
 * @throws KernelError `invalid_tool_call` for broken arguments of a response that was not cut off.
 */
function* closeOpenCalls(
  open: ReadonlyMap<number, OpenBlock>,
  assembler: StreamAssembler,
  context: SseContext,
  cutOff: boolean,
): Generator<StreamEvent> {
  for (const [index, block] of open) {
    if (block.kind !== "tool" || block.ended) continue;
    block.ended = true;
    const closed = closeToolArguments(assembler.toolCallJson(index), { ...context, tool: block.name }, cutOff);
    yield { type: "tool_call_end", index, id: block.id, ...closed };
  }
}

const KNOWN = new Set(eventSchema.options.map((option) => option.shape.type.value as string));

function emit(assembler: StreamAssembler, event: StreamEvent): StreamEvent {
  assembler.add(event);
  return event;
}

function definedOnly(usage: AnthropicUsage): AnthropicUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined && value !== null));
}

function startBlock(
  index: number,
  block: Record<string, unknown> & { type: string },
  prepared: AnthropicPrepared,
  assembler: StreamAssembler,
): { open: OpenBlock; events: StreamEvent[] } {
  switch (block.type) {
    case "text": {
      const text = typeof block.text === "string" ? block.text : "";
      return { open: { kind: "other" }, events: text === "" ? [] : [{ type: "text_delta", index, text }] };
    }
    case "thinking": {
      const thinking = typeof block.thinking === "string" ? block.thinking : "";
      return { open: { kind: "other" }, events: thinking === "" ? [] : [{ type: "thinking_delta", index, thinking }] };
    }
    case "redacted_thinking":
      if (typeof block.data === "string") assembler.addBlock(index, { type: "redacted_thinking", data: block.data });
      return { open: { kind: "other" }, events: [] };
    case "tool_use": {
      const id = String(block.id ?? "");
      const name = String(block.name ?? "");
      if (name === prepared.json_tool) return { open: { kind: "json" }, events: [] };
      return {
        open: { kind: "tool", id, name, ended: false },
        events: [{ type: "tool_call_start", index, id, name }],
      };
    }
    default:
      return { open: { kind: "other" }, events: [] };
  }
}

function deltaEvent(
  index: number,
  delta: Record<string, unknown> & { type: string },
  block: OpenBlock | undefined,
): StreamEvent | undefined {
  switch (delta.type) {
    case "text_delta":
      return { type: "text_delta", index, text: String(delta.text ?? "") };
    case "thinking_delta":
      return { type: "thinking_delta", index, thinking: String(delta.thinking ?? "") };
    case "signature_delta":
      return { type: "thinking_delta", index, thinking: "", signature: String(delta.signature ?? "") };
    case "input_json_delta": {
      const text = String(delta.partial_json ?? "");
      if (block?.kind === "json") return { type: "text_delta", index, text };
      if (block?.kind === "tool") return { type: "tool_call_delta", index, id: block.id, arguments_delta: text };
      return undefined;
    }
    default:
      return undefined;
  }
}
