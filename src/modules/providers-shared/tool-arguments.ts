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

/** The arguments of a tool call at the end of a response, and whether the output limit cut them off. */
export interface ClosedArguments {
  readonly arguments: Record<string, unknown>;
  readonly incomplete?: true;
}

/**
 * The arguments of a call whose response has ended. When the output limit stopped the response
 * (`cutOff`) and the arguments are not a whole JSON object, the call is incomplete: it gets `{}`
 * and the flag, so that it is reported and never run with made-up arguments.
 *
 * @throws KernelError `provider_failed` kind `invalid_tool_call` for broken arguments of a response
 * that was not cut off.
 */
export function closeToolArguments(
  text: string | Record<string, unknown> | null | undefined,
  context: { provider: string; model?: string | undefined; tool: string },
  cutOff: boolean,
): ClosedArguments {
  try {
    return { arguments: parseToolArguments(text, context) };
  } catch (error) {
    if (cutOff) return { arguments: {}, incomplete: true };
    throw error;
  }
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
      // The same request would most likely get the same broken arguments; the official SDKs do not retry either.
      retryable: false,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
