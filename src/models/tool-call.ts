import { z } from "zod";

/** A tool call parsed from a provider response. */
export const toolCallSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** The output limit cut the arguments off: the call must never run (see the tool_call block). */
  incomplete: z.boolean().optional(),
});

/** A tool call parsed from a provider response. */
export type ToolCall = z.infer<typeof toolCallSchema>;
