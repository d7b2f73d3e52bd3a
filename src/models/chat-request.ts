import { z } from "zod";
import { messageSchema } from "./message.ts";
import { toolSpecSchema } from "./tool-spec.ts";

/** The output format asked of the model. `schema` carries the JSON Schema of `json_schema`. */
export const responseFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json") }),
  z.looseObject({
    type: z.literal("json_schema"),
    schema: z.record(z.string(), z.unknown()),
    name: z.string().optional(),
    strict: z.boolean().optional(),
  }),
]);

/** The output format asked of the model. */
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/** A request to a provider. Extra keys are kept for provider-specific options. */
export const chatRequestSchema = z.looseObject({
  messages: z.array(messageSchema),
  tools: z.array(toolSpecSchema).optional(),
  response_format: responseFormatSchema.optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  conversation_id: z.string().optional(),
  stream: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  model: z.string().optional(),
  tool_choice: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  stop: z.array(z.string()).optional(),
  reasoning_effort: z.string().optional(),
  /** Seconds. */
  timeout: z.number().positive().optional(),
});

/** A request to a provider. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
