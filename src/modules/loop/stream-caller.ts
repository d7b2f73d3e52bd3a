/**
 * loop-streaming's model call: `provider.stream()` when the provider has it, turning deltas into
 * `content_block:start`/`delta` and `thinking:delta` events as they arrive, then
 * `content_block:end` (and `thinking:final`) for every block once the final response is known.
 * Without `stream()`, it calls `complete()` and emits the same event shapes for the whole blocks.
 */
import type { Provider } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import { CONTENT_BLOCK_DELTA, CONTENT_BLOCK_START, THINKING_DELTA } from "../../hooks/events.ts";
import { type ChatResponse, llmError, type StreamEvent } from "../../models/index.ts";
import { emitBlockEnd, emitWholeBlocks } from "./block-events.ts";
import { completeOptions } from "./complete-caller.ts";
import { type LoopRun, type ModelCaller, notify } from "./loop-run.ts";

type BlockType = "text" | "thinking" | "tool_call";

/** Assigns block indexes to deltas that omit them, and announces each block once. */
class BlockTracker {
  readonly #started = new Map<number, BlockType>();
  readonly #toolIndexes = new Map<string, number>();
  #current: number | undefined;

  constructor(private readonly run: LoopRun) {}

  async open(type: BlockType, explicit: number | undefined, toolCallId?: string): Promise<number> {
    let index = explicit;
    if (index === undefined && toolCallId !== undefined) index = this.#toolIndexes.get(toolCallId);
    if (
      index === undefined &&
      this.#current !== undefined &&
      this.#started.get(this.#current) === type &&
      type !== "tool_call"
    ) {
      index = this.#current;
    }
    if (index === undefined) index = this.#started.size === 0 ? 0 : Math.max(...this.#started.keys()) + 1;
    if (toolCallId !== undefined) this.#toolIndexes.set(toolCallId, index);
    this.#current = index;
    if (!this.#started.has(index)) {
      this.#started.set(index, type);
      const extra = toolCallId !== undefined ? { tool_call_id: toolCallId } : {};
      await notify(this.run, CONTENT_BLOCK_START, { block_type: type, block_index: index, ...extra });
    }
    return index;
  }

  async handle(event: StreamEvent): Promise<void> {
    switch (event.type) {
      case "text_delta": {
        const index = await this.open("text", event.index);
        await notify(this.run, CONTENT_BLOCK_DELTA, { block_index: index, block_type: "text", delta: event.text });
        return;
      }
      case "thinking_delta": {
        const index = await this.open("thinking", event.index);
        if (event.thinking !== "")
          await notify(this.run, THINKING_DELTA, { block_index: index, delta: event.thinking });
        return;
      }
      case "tool_call_start":
        await this.open("tool_call", event.index, event.id);
        return;
      case "tool_call_delta": {
        const index = await this.open("tool_call", event.index, event.id);
        await notify(this.run, CONTENT_BLOCK_DELTA, {
          block_index: index,
          block_type: "tool_call",
          tool_call_id: event.id,
          delta: event.arguments_delta,
        });
        return;
      }
      default:
        return;
    }
  }

  async finish(response: ChatResponse): Promise<void> {
    const total = response.content.length;
    for (const [index, block] of response.content.entries()) {
      if (!this.#started.has(index)) {
        await notify(this.run, CONTENT_BLOCK_START, {
          block_type: block.type,
          block_index: index,
          total_blocks: total,
        });
      }
      await emitBlockEnd(this.run, response, index);
    }
  }
}

function cancelledError(providerName: string): KernelError {
  return new KernelError("cancelled", `${providerName}: the stream was cancelled`);
}

async function streamResponse(
  run: LoopRun,
  provider: Provider,
  name: string,
  request: Parameters<NonNullable<Provider["stream"]>>[0],
): Promise<ChatResponse> {
  const tracker = new BlockTracker(run);
  let response: ChatResponse | undefined;
  for await (const event of provider.stream!({ ...request, stream: true }, completeOptions(run))) {
    if (run.signal.aborted) throw cancelledError(name);
    if (event.type === "done") {
      response = event.response;
      break;
    }
    await tracker.handle(event);
  }
  if (run.signal.aborted) throw cancelledError(name);
  if (!response) throw llmError("stream", `${name}: the stream ended without a final response`, { provider: name });
  await tracker.finish(response);
  return response;
}

/** Streams when the provider can, else completes and emits whole-block events. */
export const streamCaller: ModelCaller = {
  emitsBlockEvents: true,
  async call(run, provider, name, request) {
    if (typeof provider.stream === "function") return streamResponse(run, provider, name, request);
    const response = await provider.complete(request, completeOptions(run));
    await emitWholeBlocks(run, response, true);
    return response;
  },
};
