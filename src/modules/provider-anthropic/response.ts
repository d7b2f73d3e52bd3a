/** Anthropic Messages API response → ChatResponse: blocks, tool calls, usage with cache tokens, stop reason. */
import { z } from "zod";
import { issuesFromZod, summarizeIssues } from "../../issues.ts";
import type { ChatResponse, ContentBlock, Usage } from "../../models/index.ts";
import { throwMalformed } from "../providers-shared/sse.ts";
import { buildResponse } from "../providers-shared/stream-assembler.ts";
import type { AnthropicPrepared } from "./request.ts";

/** Anthropic's usage object (input_tokens excludes cached tokens). */
export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative().optional(),
  output_tokens: z.number().int().nonnegative().optional(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});

/** Anthropic's usage object. */
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A response content block. */
export const anthropicContentSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() }),
  z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() }),
  z.looseObject({
    type: z.literal("tool_use"),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
  }),
]);

const messageSchema = z.looseObject({
  id: z.string(),
  type: z.literal("message"),
  role: z.literal("assistant"),
  model: z.string(),
  content: z.array(z.union([anthropicContentSchema, z.looseObject({ type: z.string() })])),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema,
});

/** Stop reasons → Amplifier finish reasons (OpenAI's vocabulary, which the loops check). */
const FINISH_REASONS: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  tool_use: "tool_calls",
  max_tokens: "length",
  refusal: "content_filter",
  pause_turn: "pause_turn",
  model_context_window_exceeded: "length",
};

/** The finish reason for an Anthropic stop reason (unknown ones pass through). */
export function finishReason(stopReason: string | null | undefined): string | undefined {
  if (stopReason === null || stopReason === undefined) return undefined;
  return FINISH_REASONS[stopReason] ?? stopReason;
}

/** Our Usage from Anthropic's: input is gross (uncached + cache reads + cache writes). */
export function toUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const input = (usage.input_tokens ?? 0) + cacheRead + cacheWrite;
  const output = usage.output_tokens ?? 0;
  const result: Usage = { input_tokens: input, output_tokens: output, total_tokens: input + output };
  if (usage.cache_read_input_tokens != null) result.cache_read_tokens = cacheRead;
  if (usage.cache_creation_input_tokens != null) result.cache_write_tokens = cacheWrite;
  return result;
}

/** One response block as ours; the synthetic JSON tool's call becomes the text answer. */
export function toContentBlock(block: z.infer<typeof anthropicContentSchema>, jsonTool?: string): ContentBlock {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "thinking":
      return block.signature === undefined
        ? { type: "thinking", thinking: block.thinking }
        : { type: "thinking", thinking: block.thinking, signature: block.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: block.data };
    case "tool_use":
      if (block.name === jsonTool) return { type: "text", text: JSON.stringify(block.input) };
      return { type: "tool_call", id: block.id, name: block.name, input: block.input };
  }
}

/**
 * Converts a Messages API response body.
 *
 * @throws KernelError `provider_failed` kind `stream` when the body is not a Messages API response.
 */
export function fromAnthropicResponse(json: unknown, prepared: AnthropicPrepared, provider: string): ChatResponse {
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throwMalformed({ provider, model: prepared.model }, `unexpected response shape: ${summarizeIssues(issues)}`, {
      issues,
    });
  }
  const message = parsed.data;
  const content: ContentBlock[] = [];
  for (const block of message.content) {
    const known = anthropicContentSchema.safeParse(block);
    if (known.success) content.push(toContentBlock(known.data, prepared.json_tool));
  }
  markCutOffCall(content, message.stop_reason);
  const jsonAnswered =
    prepared.json_tool !== undefined &&
    message.stop_reason === "tool_use" &&
    !content.some((b) => b.type === "tool_call");
  const response = buildResponse(content, toUsage(message.usage), {
    finish_reason: jsonAnswered ? "stop" : finishReason(message.stop_reason),
    metadata: responseMetadata(message.id, message.model, message.stop_reason, message.stop_sequence),
  });
  if (prepared.degradation) response.degradation = prepared.degradation;
  return response;
}

/**
 * When the output limit stopped the response while the model was writing a tool call (the call is
 * the last block: a finished call would have stopped it with `tool_use`), that call is incomplete.
 */
function markCutOffCall(content: ContentBlock[], stopReason: string | null): void {
  if (stopReason !== "max_tokens" && stopReason !== "model_context_window_exceeded") return;
  const last = content.at(-1);
  if (last?.type === "tool_call") content[content.length - 1] = { ...last, input: {}, incomplete: true };
}

/** Metadata kept from the wire: the message id, the model that answered, the raw stop reason. */
export function responseMetadata(
  id: string,
  model: string,
  stopReason: string | null | undefined,
  stopSequence?: string | null,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { provider: "anthropic", response_id: id, model };
  if (stopReason) metadata.stop_reason = stopReason;
  if (stopSequence) metadata.stop_sequence = stopSequence;
  return metadata;
}
