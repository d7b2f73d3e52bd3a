import { z } from "zod";
import { issuesFromZod, summarizeIssues } from "../issues.ts";
import { sanitizeForLlm } from "./sanitize.ts";

/** Error details of a failed tool call (`message` is what the model reads). */
export const toolErrorSchema = z.looseObject({
  message: z.string().optional(),
  type: z.string().optional(),
  code: z.string().optional(),
});

/** Error details of a failed tool call. */
export type ToolError = z.infer<typeof toolErrorSchema>;

/**
 * What a tool returns. Tools never throw: a failure is `{ success: false, error: { message } }`.
 * Parsing applies the original's rule: a failure with no output takes `error.message` as output.
 */
export const toolResultSchema = z
  .looseObject({
    success: z.boolean().default(true),
    output: z.unknown().optional(),
    error: toolErrorSchema.nullish(),
  })
  .transform((value) => applyFailureOutputRule(value));

/** A normalized tool result. */
export type ToolResult = z.output<typeof toolResultSchema>;

/** A tool result as a tool may write it (`success` defaults to true). */
export type ToolResultInput = z.input<typeof toolResultSchema>;

function applyFailureOutputRule<T extends { success: boolean; output?: unknown; error?: ToolError | null | undefined }>(
  value: T,
): T {
  if (!value.success && (value.output === undefined || value.output === null) && value.error?.message) {
    return { ...value, output: value.error.message };
  }
  return value;
}

/**
 * Builds a normalized ToolResult (defaults applied, failure-output rule applied).
 *
 * @example
 * toolResult({ success: false, error: { message: "file not found" } }).output; // "file not found"
 */
export function toolResult(input: ToolResultInput = {}): ToolResult {
  return toolResultSchema.parse(input);
}

/** A successful ToolResult carrying `output`. */
export function toolSuccess(output: unknown): ToolResult {
  return toolResult({ success: true, output });
}

/** A failed ToolResult whose error (and output) is `message`. */
export function toolFailure(message: string, details: Omit<ToolError, "message"> = {}): ToolResult {
  return toolResult({ success: false, error: { ...details, message } });
}

/**
 * Turns whatever a tool returned into a ToolResult, never throwing: an invalid value becomes a
 * failure that says what was wrong (a tool that broke the contract must not crash the loop).
 */
export function normalizeToolResult(value: unknown, toolName = "tool"): ToolResult {
  const parsed = toolResultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return toolFailure(`${toolName} returned an invalid result: ${summarizeIssues(issuesFromZod(parsed.error))}`, {
    type: "invalid_result",
  });
}

/**
 * The text a model sees for a tool result (`get_serialized_output()` of the original): objects and
 * arrays as JSON, other values as strings, both sanitized; with no output, `"Error: <message>"` or
 * `"Failed"` for failures and `"Success"` for successes.
 */
export function serializeToolOutput(result: ToolResultInput): string {
  const output = result.output;
  if (output !== undefined && output !== null) {
    if (typeof output === "object") return sanitizeForLlm(stringifyJson(output));
    return sanitizeForLlm(String(output));
  }
  if (result.success === false) {
    const message = result.error?.message;
    return message ? `Error: ${message}` : "Failed";
  }
  return "Success";
}

/** Amplifier's name for {@link serializeToolOutput}. */
export const get_serialized_output = serializeToolOutput;

function stringifyJson(value: object): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)) ?? "";
  } catch {
    return String(value);
  }
}
