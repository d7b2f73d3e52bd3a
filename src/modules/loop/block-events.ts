/** `content_block:*` and `thinking:*` events for a response that was not streamed token by token. */
import {
  CONTENT_BLOCK_DELTA,
  CONTENT_BLOCK_END,
  CONTENT_BLOCK_START,
  THINKING_DELTA,
  THINKING_FINAL,
} from "../../hooks/events.ts";
import type { ChatResponse, ContentBlock } from "../../models/index.ts";
import { type LoopRun, notify } from "./loop-run.ts";

/** The streamed text of a block: text, thinking, or the JSON of a tool call's input. */
export function deltaTextOf(block: ContentBlock): string | undefined {
  if (block.type === "text") return block.text;
  if (block.type === "thinking") return block.thinking;
  if (block.type === "tool_call") return JSON.stringify(block.input);
  return undefined;
}

/** Emits `content_block:end` for block `index` (with the usage on the last block), and `thinking:final`. */
export async function emitBlockEnd(run: LoopRun, response: ChatResponse, index: number): Promise<void> {
  const block = response.content[index]!;
  const total = response.content.length;
  if (block.type === "thinking") {
    await notify(run, THINKING_FINAL, {
      block_index: index,
      thinking: block.thinking,
      ...(block.signature !== undefined ? { signature: block.signature } : {}),
    });
  }
  const usage = index === total - 1 && response.usage ? { usage: response.usage } : {};
  await notify(run, CONTENT_BLOCK_END, { block_index: index, total_blocks: total, block, ...usage });
}

/**
 * Emits start (and, with `withDeltas`, one delta carrying the whole block) then end for every
 * block of `response`. loop-basic uses it without deltas, as the original did; loop-streaming uses
 * it with deltas when a provider has no `stream()`, so a UI sees the same event shapes.
 */
export async function emitWholeBlocks(run: LoopRun, response: ChatResponse, withDeltas: boolean): Promise<void> {
  const total = response.content.length;
  for (const [index, block] of response.content.entries()) {
    await notify(run, CONTENT_BLOCK_START, { block_type: block.type, block_index: index, total_blocks: total });
    const text = withDeltas ? deltaTextOf(block) : undefined;
    if (text !== undefined && text !== "") {
      if (block.type === "thinking") await notify(run, THINKING_DELTA, { block_index: index, delta: text });
      else await notify(run, CONTENT_BLOCK_DELTA, { block_index: index, block_type: block.type, delta: text });
    }
    await emitBlockEnd(run, response, index);
  }
}
