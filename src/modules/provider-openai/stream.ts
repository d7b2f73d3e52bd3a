/**
 * Chat Completions chunks (`data: {...chat.completion.chunk...}` … `data: [DONE]`) → StreamEvents.
 * Each kind of content gets its own block index when it first appears: reasoning text, answer text,
 * and each tool call (`tool_calls[].index`), so a streaming UI sees them as separate blocks.
 */
import { z } from "zod";
import { issuesFromZod } from "../../issues.ts";
import type { StreamEvent, Usage } from "../../models/index.ts";
import {
  type EventSourceMessage,
  parseEventData,
  type SseContext,
  streamEndedEarly,
  throwMalformed,
} from "../providers-shared/sse.ts";
import { StreamAssembler } from "../providers-shared/stream-assembler.ts";
import { closeToolArguments } from "../providers-shared/tool-arguments.ts";
import { openAiStreamError } from "./errors.ts";
import type { OpenAiPrepared } from "./request.ts";
import { finishReason, openAiUsageSchema, toUsage } from "./response.ts";

const chunkSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().int().nonnegative().optional(),
                  id: z.string().nullish(),
                  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openAiUsageSchema.nullish(),
});

interface OpenCall {
  readonly block: number;
  id: string;
  name: string;
  started: boolean;
  pending: string;
  /** Gemini's `extra_content` (the thought signature), sent back with the call on the next turn. */
  extra_content?: Record<string, unknown>;
}

/** Tracks block indexes and open tool calls across chunks. */
class ChunkState {
  readonly assembler = new StreamAssembler();
  /** Open calls by `#index`, or by `id …` for calls sent without an index. */
  readonly calls = new Map<string, OpenCall>();
  #next = 0;
  #lastCall: OpenCall | undefined;
  reasoningBlock: number | undefined;
  textBlock: number | undefined;
  finish: string | undefined;
  usage: Usage | undefined;
  id: string | undefined;
  model: string | undefined;

  block(kind: "reasoning" | "text"): number {
    if (kind === "reasoning") this.reasoningBlock ??= this.#next++;
    else this.textBlock ??= this.#next++;
    return (kind === "reasoning" ? this.reasoningBlock : this.textBlock)!;
  }

  /**
   * The call a tool-call fragment belongs to. OpenAI numbers the calls of a stream with `index`;
   * Mistral (and Azure deployments of it) send whole calls without one, several in one chunk, each
   * with its own id; a fragment with neither continues the call before it.
   */
  callFor(part: { index?: number | undefined; id?: string | null | undefined }): OpenCall {
    if (part.index === undefined && part.id) {
      const same = [...this.calls.values()].find((call) => call.id === part.id);
      if (same) {
        this.#lastCall = same;
        return same;
      }
    }
    if (part.index === undefined && !part.id && this.#lastCall) return this.#lastCall;
    const key = part.index === undefined && part.id ? `id ${part.id}` : `#${part.index ?? 0}`;
    let call = this.calls.get(key);
    if (!call) {
      call = { block: this.#next++, id: "", name: "", started: false, pending: "" };
      this.calls.set(key, call);
    }
    this.#lastCall = call;
    return call;
  }
}

/**
 * Translates an SSE chunk sequence.
 *
 * @throws KernelError `provider_failed`: the mapped error object of an error chunk, kind `stream` for
 * malformed chunks or a stream that ends before any finish reason, kind `invalid_tool_call`.
 */
export async function* translateOpenAiStream(
  events: AsyncIterable<EventSourceMessage>,
  prepared: OpenAiPrepared,
  context: SseContext,
): AsyncGenerator<StreamEvent, void, undefined> {
  const state = new ChunkState();
  const out = (event: StreamEvent): StreamEvent => {
    state.assembler.add(event);
    return event;
  };
  let done = false;
  for await (const message of events) {
    if (message.data.trim() === "[DONE]") {
      done = true;
      break;
    }
    const raw = parseEventData(message, context);
    if (typeof raw === "object" && raw !== null && "error" in raw) throw openAiStreamError(raw, context);
    const parsed = chunkSchema.safeParse(raw);
    if (!parsed.success) {
      throwMalformed(context, `malformed chunk: ${message.data.slice(0, 200)}`, {
        issues: issuesFromZod(parsed.error),
      });
    }
    const chunk = parsed.data;
    // Azure's model router opens with an empty chunk (id "", model ""): take the first real values.
    if (!state.id && chunk.id) state.id = chunk.id;
    if (!state.model && chunk.model) state.model = chunk.model;
    if (chunk.usage) state.usage = toUsage(chunk.usage);
    for (const choice of chunk.choices ?? []) {
      for (const event of deltaEvents(choice.delta ?? {}, state)) yield out(event);
      if (choice.finish_reason) {
        state.finish = finishReason(choice.finish_reason);
        for (const event of closeCalls(state, context)) yield out(event);
      }
    }
  }
  // Some compatible servers close the stream right after the finish chunk, without [DONE].
  if (!done && state.finish === undefined) throw streamEndedEarly(context, "a finish_reason or [DONE]");
  for (const event of closeCalls(state, context)) yield out(event);
  if (state.usage) yield out({ type: "usage", usage: state.usage });
  const metadata: Record<string, unknown> = { provider: "openai" };
  if (state.id !== undefined) metadata.response_id = state.id;
  if (state.model !== undefined) metadata.model = state.model;
  const response = state.assembler.response({ finish_reason: state.finish, metadata });
  if (prepared.degradation) response.degradation = prepared.degradation;
  yield { type: "done", response };
}

function* deltaEvents(
  delta: NonNullable<NonNullable<z.infer<typeof chunkSchema>["choices"]>[number]["delta"]>,
  state: ChunkState,
): Generator<StreamEvent> {
  const reasoning = delta.reasoning_content ?? delta.reasoning;
  if (reasoning) yield { type: "thinking_delta", index: state.block("reasoning"), thinking: reasoning };
  const text = delta.content ?? delta.refusal;
  if (text) yield { type: "text_delta", index: state.block("text"), text };
  for (const part of delta.tool_calls ?? []) {
    const call = state.callFor(part);
    if (part.id) call.id = part.id;
    if (isRecord(part.extra_content)) call.extra_content = { ...call.extra_content, ...part.extra_content };
    if (part.function?.name && !call.started) call.name = part.function.name;
    const fragment = part.function?.arguments ?? "";
    if (!call.started && call.id !== "" && call.name !== "") {
      call.started = true;
      yield { type: "tool_call_start", index: call.block, id: call.id, name: call.name };
      if (call.pending !== "")
        yield { type: "tool_call_delta", index: call.block, id: call.id, arguments_delta: call.pending };
      call.pending = "";
    }
    if (fragment === "") continue;
    if (call.started) yield { type: "tool_call_delta", index: call.block, id: call.id, arguments_delta: fragment };
    else call.pending += fragment;
  }
}

function* closeCalls(state: ChunkState, context: SseContext): Generator<StreamEvent> {
  for (const [key, call] of [...state.calls.entries()].sort(([, a], [, b]) => a.block - b.block)) {
    if (!call.started) throwMalformed(context, `tool call ${key} never received an id and a name`);
    if (call.extra_content) state.assembler.addBlockExtras(call.block, { extra_content: call.extra_content });
    const json = state.assembler.toolCallJson(call.block);
    const closed = closeToolArguments(json, { ...context, tool: call.name }, state.finish === "length");
    yield { type: "tool_call_end", index: call.block, id: call.id, ...closed };
    state.calls.delete(key);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
