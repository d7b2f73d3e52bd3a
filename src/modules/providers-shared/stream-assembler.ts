/**
 * Builds the final ChatResponse of a stream from the StreamEvents a provider yields, so that the
 * `done` event carries exactly what `complete()` would have returned.
 */
import {
  blocksToText,
  type ChatResponse,
  type ContentBlock,
  type StreamEvent,
  type ToolCall,
  type Usage,
} from "../../models/index.ts";

type Slot =
  | { kind: "text"; text: string }
  | { kind: "thinking"; thinking: string; signature?: string; extras?: Record<string, unknown> }
  | {
      kind: "tool_call";
      id: string;
      name: string;
      json: string;
      input?: Record<string, unknown>;
      incomplete?: boolean;
      /** Provider fields that go back with the call (Gemini's `extra_content`). */
      extras?: Record<string, unknown>;
    }
  | { kind: "block"; block: ContentBlock };

/** Accumulates stream events by content-block index. */
export class StreamAssembler {
  readonly #slots = new Map<number, Slot>();
  #usage: Usage | undefined;

  /** Records one event (every kind but `done`). */
  add(event: StreamEvent): void {
    const index = "index" in event && event.index !== undefined ? event.index : 0;
    switch (event.type) {
      case "text_delta": {
        const slot = this.#slot(index, () => ({ kind: "text", text: "" }));
        if (slot.kind === "text") slot.text += event.text;
        return;
      }
      case "thinking_delta": {
        const slot = this.#slot(index, () => ({ kind: "thinking", thinking: "" }));
        if (slot.kind !== "thinking") return;
        slot.thinking += event.thinking;
        if (event.signature !== undefined) slot.signature = (slot.signature ?? "") + event.signature;
        return;
      }
      case "tool_call_start":
        this.#slots.set(index, { kind: "tool_call", id: event.id, name: event.name, json: "" });
        return;
      case "tool_call_delta": {
        const slot = this.#slots.get(index);
        if (slot?.kind === "tool_call") slot.json += event.arguments_delta;
        return;
      }
      case "tool_call_end": {
        const slot = this.#slots.get(index);
        if (slot?.kind !== "tool_call") return;
        slot.input = event.arguments;
        if (event.incomplete) slot.incomplete = true;
        return;
      }
      case "usage":
        this.#usage = event.usage;
        return;
      case "done":
        return;
    }
  }

  /** Records a block that arrives whole (a redacted thinking block). */
  addBlock(index: number, block: ContentBlock): void {
    this.#slots.set(index, { kind: "block", block });
  }

  /**
   * Keeps provider fields on the tool call or thinking block at `index` that must be sent back
   * with it (Gemini's `extra_content`, the Responses API's encrypted reasoning as `content`).
   */
  addBlockExtras(index: number, extras: Record<string, unknown>): void {
    const slot = this.#slots.get(index);
    if (slot?.kind === "tool_call" || slot?.kind === "thinking") slot.extras = { ...slot.extras, ...extras };
  }

  /** The accumulated arguments text of the tool call at `index`, for parsing at its end. */
  toolCallJson(index: number): string {
    const slot = this.#slots.get(index);
    return slot?.kind === "tool_call" ? slot.json : "";
  }

  /** True when something was received. */
  get isEmpty(): boolean {
    return this.#slots.size === 0 && this.#usage === undefined;
  }

  /** The response so far, blocks in index order. */
  response(
    extra: { finish_reason?: string | undefined; metadata?: Record<string, unknown> | undefined } = {},
  ): ChatResponse {
    const content: ContentBlock[] = [];
    for (const [, slot] of [...this.#slots.entries()].sort(([a], [b]) => a - b)) content.push(toBlock(slot));
    return buildResponse(content, this.#usage, extra);
  }

  #slot(index: number, create: () => Slot): Slot {
    let slot = this.#slots.get(index);
    if (!slot) {
      slot = create();
      this.#slots.set(index, slot);
    }
    return slot;
  }
}

function toBlock(slot: Slot): ContentBlock {
  switch (slot.kind) {
    case "text":
      return { type: "text", text: slot.text };
    case "thinking": {
      const block: ContentBlock = { ...slot.extras, type: "thinking", thinking: slot.thinking };
      if (slot.signature !== undefined) block.signature = slot.signature;
      return block;
    }
    case "tool_call": {
      const block: ContentBlock = {
        ...slot.extras,
        type: "tool_call",
        id: slot.id,
        name: slot.name,
        input: slot.input ?? {},
      };
      if (slot.incomplete) block.incomplete = true;
      return block;
    }
    case "block":
      return slot.block;
  }
}

/**
 * A ChatResponse from its content blocks: `tool_calls` from the tool_call blocks, `text` from the
 * text blocks ({@link blocksToText}: a passage split at citations stays one passage).
 */
export function buildResponse(
  content: ContentBlock[],
  usage: Usage | undefined,
  extra: { finish_reason?: string | undefined; metadata?: Record<string, unknown> | undefined } = {},
): ChatResponse {
  const tool_calls: ToolCall[] = [];
  for (const block of content) {
    if (block.type !== "tool_call") continue;
    tool_calls.push(
      block.incomplete
        ? { id: block.id, name: block.name, arguments: block.input, incomplete: true }
        : { id: block.id, name: block.name, arguments: block.input },
    );
  }
  const response: ChatResponse = { content };
  if (tool_calls.length > 0) response.tool_calls = tool_calls;
  if (usage) response.usage = usage;
  if (extra.finish_reason !== undefined) response.finish_reason = extra.finish_reason;
  if (extra.metadata !== undefined) response.metadata = extra.metadata;
  response.text = blocksToText(content);
  return response;
}
