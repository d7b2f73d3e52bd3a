import { z } from "zod";

/** Who may see a block: the model's internals, developers, or the end user. */
export const blockVisibilitySchema = z.enum(["internal", "developer", "user"]);

/** Who may see a block. */
export type BlockVisibility = z.infer<typeof blockVisibilitySchema>;

const visibility = { visibility: blockVisibilitySchema.optional() };

/** Plain text. */
export const textBlockSchema = z.looseObject({ type: z.literal("text"), text: z.string(), ...visibility });

/** Model reasoning; the `signature` must be sent back unchanged on the next turn. */
export const thinkingBlockSchema = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string().optional(),
  /** OpenAI reasoning state, kept opaque. */
  content: z.unknown().optional(),
  ...visibility,
});

/** Reasoning the provider returned encrypted; `data` must be sent back unchanged. */
export const redactedThinkingBlockSchema = z.looseObject({
  type: z.literal("redacted_thinking"),
  data: z.string(),
  ...visibility,
});

/**
 * A tool call inside message content. Provider-specific fields that must go back with the call
 * (Gemini's `extra_content.google.thought_signature`) are kept as extra keys.
 */
export const toolCallBlockSchema = z.looseObject({
  type: z.literal("tool_call"),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  /** The output limit cut the arguments off (`input` is then `{}`): the call must never run. */
  incomplete: z.boolean().optional(),
  ...visibility,
});

/** A tool result inside message content; `success: false` marks a failed tool (absent means success). */
export const toolResultBlockSchema = z.looseObject({
  type: z.literal("tool_result"),
  tool_call_id: z.string(),
  output: z.unknown(),
  success: z.boolean().optional(),
  ...visibility,
});

/** An image; `source` is provider-shaped (base64 data or a URL). */
export const imageBlockSchema = z.looseObject({
  type: z.literal("image"),
  source: z.record(z.string(), z.unknown()),
  ...visibility,
});

/** OpenAI-style reasoning items. */
export const reasoningBlockSchema = z.looseObject({
  type: z.literal("reasoning"),
  content: z.array(z.unknown()),
  summary: z.array(z.unknown()),
  ...visibility,
});

/** Any content block, discriminated by `type`. */
export const contentBlockSchema = z.discriminatedUnion("type", [
  textBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  toolCallBlockSchema,
  toolResultBlockSchema,
  imageBlockSchema,
  reasoningBlockSchema,
]);

/** Plain text block. */
export type TextBlock = z.infer<typeof textBlockSchema>;
/** Thinking block (signature preserved). */
export type ThinkingBlock = z.infer<typeof thinkingBlockSchema>;
/** Redacted thinking block. */
export type RedactedThinkingBlock = z.infer<typeof redactedThinkingBlockSchema>;
/** Tool call block. */
export type ToolCallBlock = z.infer<typeof toolCallBlockSchema>;
/** Tool result block. */
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;
/** Image block. */
export type ImageBlock = z.infer<typeof imageBlockSchema>;
/** Reasoning block. */
export type ReasoningBlock = z.infer<typeof reasoningBlockSchema>;
/** Any content block. */
export type ContentBlock = z.infer<typeof contentBlockSchema>;

/**
 * The text of a list of blocks. Adjacent text blocks are one passage that the API split (Anthropic
 * splits an answer at every citation), so they are joined as they are; text blocks with another
 * block between them (a tool call, a thinking block) are separate passages, joined with a blank line.
 */
export function blocksToText(blocks: readonly ContentBlock[]): string {
  let text = "";
  let separated = false;
  for (const block of blocks) {
    if (block.type !== "text") {
      separated = text !== "";
      continue;
    }
    if (block.text === "") continue;
    text += separated ? `\n\n${block.text}` : block.text;
    separated = false;
  }
  return text;
}
