import { z } from "zod";
import { contentBlockSchema } from "./content-block.ts";
import { toolCallSchema } from "./tool-call.ts";
import { degradationSchema, usageSchema } from "./usage.ts";

/** A provider's answer. Providers may also attach `content_blocks` (for streaming UIs) and `text`. */
export const chatResponseSchema = z.looseObject({
  content: z.array(contentBlockSchema),
  tool_calls: z.array(toolCallSchema).optional(),
  usage: usageSchema.optional(),
  degradation: degradationSchema.optional(),
  finish_reason: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  text: z.string().optional(),
  content_blocks: z.array(z.unknown()).optional(),
});

/** A provider's answer. */
export type ChatResponse = z.infer<typeof chatResponseSchema>;
