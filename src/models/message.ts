import { z } from "zod";
import { contentBlockSchema } from "./content-block.ts";

/** Message roles. */
export const messageRoleSchema = z.enum(["system", "developer", "user", "assistant", "function", "tool"]);

/** A message role. */
export type MessageRole = z.infer<typeof messageRoleSchema>;

/**
 * A tool call as orchestrators store it on an assistant message: note the key `tool`, not `name`
 * (that is what Amplifier's loops write into context).
 */
export const storedToolCallSchema = z.looseObject({
  id: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

/** A tool call stored on an assistant message. */
export type StoredToolCall = z.infer<typeof storedToolCallSchema>;

/** A conversation message. Extra keys are kept (loops add `thinking_block`, stores add `timestamp`). */
export const messageSchema = z.looseObject({
  role: messageRoleSchema,
  content: z.union([z.string(), z.array(contentBlockSchema)]),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z.array(storedToolCallSchema).optional(),
  /**
   * Tool messages: `ToolResult.success` of the result, so that providers with the concept tell the
   * model the tool failed (Anthropic's `is_error`). Absent means success (histories stored before it).
   */
  success: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** A conversation message. */
export type Message = z.infer<typeof messageSchema>;
