/** Parsing of the JSON text models send as tool-call arguments. */
import { llmError } from "../../models/llm-error.ts";

/**
 * The arguments object of a tool call from its JSON text. Empty text is `{}` (models send nothing for
 * tools without parameters).
 *
 * @throws KernelError `provider_failed` kind `invalid_tool_call` when the text is not a JSON object.
 */
export function parseToolArguments(
  text: string | Record<string, unknown> | null | undefined,
  context: { provider: string; model?: string | undefined; tool: string },
): Record<string, unknown> {
  if (text === null || text === undefined) return {};
  if (typeof text === "object") return text;
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(context, `is not valid JSON: ${text.slice(0, 200)}`, error);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid(context, `is not a JSON object: ${text.slice(0, 200)}`);
  }
  return parsed as Record<string, unknown>;
}

function invalid(
  context: { provider: string; model?: string | undefined; tool: string },
  detail: string,
  cause?: unknown,
) {
  return llmError(
    "invalid_tool_call",
    `${context.provider}: the arguments of the call to "${context.tool}" ${detail}`,
    {
      provider: context.provider,
      ...(context.model === undefined ? {} : { model: context.model }),
      retryable: true,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
