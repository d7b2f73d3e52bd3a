import { z } from "zod";
import { chatResponseSchema } from "./chat-response.ts";
import { usageSchema } from "./usage.ts";

/** One event of `provider.stream()`. `index` is the content block the delta belongs to. */
export const streamEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text_delta"), index: z.number().int().nonnegative().optional(), text: z.string() }),
  z.object({
    type: z.literal("thinking_delta"),
    index: z.number().int().nonnegative().optional(),
    thinking: z.string(),
    signature: z.string().optional(),
  }),
  z.object({
    type: z.literal("tool_call_start"),
    index: z.number().int().nonnegative().optional(),
    id: z.string(),
    name: z.string(),
  }),
  z.object({
    type: z.literal("tool_call_delta"),
    index: z.number().int().nonnegative().optional(),
    id: z.string(),
    /** A fragment of the JSON text of the arguments. */
    arguments_delta: z.string(),
  }),
  z.object({
    type: z.literal("tool_call_end"),
    index: z.number().int().nonnegative().optional(),
    id: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    /** The output limit cut the arguments off (`arguments` is then `{}`): the call must never run. */
    incomplete: z.boolean().optional(),
  }),
  z.object({ type: z.literal("usage"), usage: usageSchema }),
  /** Always last: the complete response, as `complete()` would have returned it. */
  z.object({ type: z.literal("done"), response: chatResponseSchema }),
]);

/** One event of `provider.stream()`. */
export type StreamEvent = z.infer<typeof streamEventSchema>;
