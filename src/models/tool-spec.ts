import { z } from "zod";

/** A tool as offered to a model: its name, JSON Schema parameters and description. */
export const toolSpecSchema = z.looseObject({
  name: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()),
  description: z.string().optional(),
});

/** A tool as offered to a model. */
export type ToolSpec = z.infer<typeof toolSpecSchema>;
