/**
 * Building and reading LLM errors: `llmError(kind, …)` makes the class of that kind (see
 * `llm-error-classes.ts`), and the readers work on errors from any realm through their data.
 */
import { KernelError } from "../errors.ts";
import { LLM_ERROR_CLASSES, type LLMErrorOptions } from "./llm-error-classes.ts";
import { LLM_ERROR_TYPE_NAMES, type LLMErrorData, type LLMErrorKind, llmErrorDataSchema } from "./llm-error-kinds.ts";

export * from "./llm-error-classes.ts";
export * from "./llm-error-kinds.ts";

/**
 * Builds the error a provider throws for a failed model call: the LLMError subclass of `kind`
 * (a `provider_failed` KernelError with data {@link LLMErrorData}). `retryable` defaults by kind
 * (rate limits, outages, timeouts, network and stream errors are retryable).
 *
 * @example
 * throw llmError("rate_limit", "anthropic: 429 Too Many Requests", { retry_after: 20, provider: "anthropic" });
 */
export function llmError(kind: LLMErrorKind, message: string, options: LLMErrorOptions = {}): KernelError {
  return new LLM_ERROR_CLASSES[kind](message, options);
}

/**
 * The type an event names for `error` (`provider:error`'s `error.type`): the original's class name
 * (`RateLimitError`) for an LLM error from any realm, else the error's own name.
 */
export function llmErrorTypeName(error: unknown): string {
  const data = getLLMErrorData(error);
  if (data) return LLM_ERROR_TYPE_NAMES[data.kind];
  return error instanceof Error ? error.name : "Error";
}

/** The LLM error data of `error` when it is a `provider_failed` KernelError (of `kind`, if given). */
export function getLLMErrorData(error: unknown, kind?: LLMErrorKind): LLMErrorData | undefined {
  if (!KernelError.is(error, "provider_failed")) return undefined;
  const parsed = llmErrorDataSchema.safeParse(error.data);
  if (!parsed.success) return undefined;
  return kind === undefined || parsed.data.kind === kind ? parsed.data : undefined;
}

/** True when `error` is an LLM error (of `kind`, if given). */
export function isLLMError(error: unknown, kind?: LLMErrorKind): error is KernelError {
  return getLLMErrorData(error, kind) !== undefined;
}

/** True when `error` is an LLM error that may succeed on retry. */
export function isRetryableLLMError(error: unknown): boolean {
  return getLLMErrorData(error)?.retryable === true;
}

/** Maps an HTTP status of a provider API to an error kind. */
export function llmErrorKindForStatus(status: number): LLMErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 401) return "auth";
  // 402 Payment Required: OpenRouter's "insufficient credits"; no retry will pay the bill.
  if (status === 402) return "quota_exceeded";
  if (status === 403) return "access_denied";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 413) return "context_length";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "invalid_request";
  return "unknown";
}
