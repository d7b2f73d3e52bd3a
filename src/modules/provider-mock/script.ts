/**
 * The script format of `provider-mock`. A script is a list of steps; each call to the provider
 * consumes the next step. A step either answers or fails:
 *
 * ```yaml
 * script:
 *   - text: "Let me compute that."              # a text block
 *     tool_calls:                                # tool calls (ids default to mock_call_1, _2, ...)
 *       - { name: calculator, arguments: { expression: "6 * 7" } }
 *   - thinking: "The tool said 42."             # a thinking block (with an optional signature)
 *     text: "6 * 7 = 42."
 *     usage: { input_tokens: 120, output_tokens: 9 }   # else estimated as characters / 4
 *     response_id: resp_2                        # metadata { response_id, model } as a real provider sets
 *   - error: { kind: rate_limit, retry_after: 2 }      # throws a provider_failed KernelError
 *   - error: { kind: context_length }
 *   - error: { kind: invalid_tool_call }              # a malformed tool call the provider rejects
 *   - tool_calls: [{ name: calculator, arguments: "6*7" }]  # arguments that are not an object
 * when_exhausted: default   # default (the built-in conversation) | repeat_last | error
 * ```
 *
 * With no script, every call uses the default conversation (see `default-responder.ts`).
 */
import { z } from "zod";
import { llmErrorKindSchema } from "../../models/index.ts";

/** One scripted tool call. `arguments` may be a non-object on purpose, to test malformed calls. */
export const scriptedToolCallSchema = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  arguments: z.unknown().default({}),
});

/** A scripted failure. */
export const scriptedErrorSchema = z.strictObject({
  kind: llmErrorKindSchema,
  message: z.string().optional(),
  retry_after: z.number().nonnegative().optional(),
  status_code: z.number().int().optional(),
  retryable: z.boolean().optional(),
});

/** One step of a script. */
export const scriptStepSchema = z
  .strictObject({
    text: z.string().optional(),
    thinking: z.string().optional(),
    signature: z.string().optional(),
    tool_calls: z.array(scriptedToolCallSchema).optional(),
    usage: z
      .strictObject({ input_tokens: z.number().int().nonnegative(), output_tokens: z.number().int().nonnegative() })
      .optional(),
    finish_reason: z.string().optional(),
    /** An id for the answer, as real providers report one (with the model, in `metadata`). */
    response_id: z.string().min(1).optional(),
    error: scriptedErrorSchema.optional(),
  })
  .refine(
    (step) =>
      step.error === undefined ||
      (step.text === undefined && step.tool_calls === undefined && step.thinking === undefined),
    {
      message: "a step with error cannot also answer (text, thinking or tool_calls)",
    },
  );

/** One step of a script. */
export type ScriptStep = z.output<typeof scriptStepSchema>;

/** Config of `provider-mock`. */
export const mockProviderConfigSchema = z.strictObject({
  /** The mount name (default `mock`). */
  name: z.string().min(1).default("mock"),
  model: z.string().min(1).default("mock-model"),
  context_window: z.number().int().positive().default(200_000),
  max_output_tokens: z.number().int().positive().default(8_192),
  priority: z.number().optional(),
  script: z.array(scriptStepSchema).optional(),
  when_exhausted: z.enum(["default", "repeat_last", "error"]).default("default"),
  /** Characters per text delta in `stream()`. */
  stream_chunk_size: z.number().int().positive().default(8),
});

/** Parsed config of `provider-mock`. */
export type MockProviderConfig = z.output<typeof mockProviderConfigSchema>;
