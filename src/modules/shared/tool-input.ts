/**
 * Input checking inside tools. The loops validate input against `input_schema` before `execute`,
 * but a tool can be called directly (tests, other modules), so each built-in tool checks its
 * input again with zod and answers a bad one with a readable ToolResult error, never a throw.
 */
import type { z } from "zod";
import { issuesFromZod, summarizeIssues } from "../../issues.ts";
import { type ToolResult, toolFailure } from "../../models/index.ts";

/** The outcome of {@link parseToolInput}. */
export type ParsedToolInput<T> = { ok: true; value: T } | { ok: false; result: ToolResult };

/**
 * Parses a tool's input; on failure returns a ToolResult error such as
 * `read_file: input.file_path: expected string, received number`.
 */
export function parseToolInput<Schema extends z.ZodType>(
  toolName: string,
  schema: Schema,
  input: unknown,
): ParsedToolInput<z.output<Schema>> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = summarizeIssues(issuesFromZod(parsed.error, ["input"]));
  return { ok: false, result: toolFailure(`${toolName}: invalid input: ${problems}`, { type: "invalid_input" }) };
}
