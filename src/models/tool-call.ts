import { z } from "zod";

/** A tool call parsed from a provider response. */
export const toolCallSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

/** A tool call parsed from a provider response. */
export type ToolCall = z.infer<typeof toolCallSchema>;
