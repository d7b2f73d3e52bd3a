/**
 * The Workers AI binding, typed structurally (no Cloudflare imports in src/): whatever has
 * `run(model, inputs, options?)` will do, `env.AI` in a Worker or a double in tests.
 */
import { describeError, KernelError } from "../../errors.ts";
import { type LLMErrorKind, llmError } from "../../models/llm-error.ts";

/** `env.AI` as this provider uses it. */
export interface WorkersAiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

/** True when `value` looks like a Workers AI binding. */
export function isWorkersAiBinding(value: unknown): value is WorkersAiBinding {
  return typeof value === "object" && value !== null && typeof (value as { run?: unknown }).run === "function";
}

// The binding throws plain Errors whose message starts with a numeric code ("3040: Capacity
// temporarily exceeded"); the code, and failing that the wording, is all there is to go on.
const KIND_OF_CODE: Record<string, LLMErrorKind> = {
  "3040": "unavailable",
  "3043": "unavailable",
  "3036": "quota_exceeded",
  "3007": "timeout",
  "3010": "invalid_request",
  "5006": "invalid_request",
  "5007": "not_found",
  "5021": "context_length",
};

const BY_WORDING: ReadonlyArray<readonly [RegExp, LLMErrorKind]> = [
  [/context (window|length)|too many tokens|input is too long/i, "context_length"],
  [/rate limit|too many requests/i, "rate_limit"],
  [/capacity|overloaded|temporarily|try again/i, "unavailable"],
  [/network connection lost|fetch failed|connection (reset|closed)/i, "network"],
  [/timed? ?out/i, "timeout"],
  [/daily free allocation|neurons|quota/i, "quota_exceeded"],
];

/** Maps an error thrown by `binding.run()` to the LLM error taxonomy. */
export function workersAiError(error: unknown, context: { provider: string; model: string }): KernelError {
  if (KernelError.is(error)) return error;
  const message = describeError(error);
  const code = /\b(\d{4})\b/.exec(message)?.[1];
  const kind =
    (code === undefined ? undefined : KIND_OF_CODE[code]) ??
    BY_WORDING.find(([pattern]) => pattern.test(message))?.[1] ??
    "unknown";
  return llmError(kind, `${context.provider}: ${context.model}: ${message}`, {
    provider: context.provider,
    model: context.model,
    cause: error,
  });
}
